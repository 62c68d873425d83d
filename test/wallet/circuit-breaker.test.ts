import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../../bot/wallet/circuit-breaker.ts';

describe('createCircuitBreaker', () => {
  it('opens after N consecutive failures, half-opens after the cool-down, closes on success', () => {
    let t = 0;
    const b = createCircuitBreaker({ failureThreshold: 3, coolDownMs: 1000, now: () => t });
    for (let i = 0; i < 2; i++) {
      expect(b.tryAcquire()).toBe(true);
      b.onFailure();
    }
    expect(b.state()).toBe('closed');
    b.onFailure();
    expect(b.state()).toBe('open');
    expect(b.tryAcquire()).toBe(false);
    t = 999;
    expect(b.tryAcquire()).toBe(false);
    t = 1000;
    expect(b.state()).toBe('half_open');
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false); // only one trial at a time
    b.onSuccess();
    expect(b.state()).toBe('closed');
    expect(b.tryAcquire()).toBe(true);
  });

  it('a success resets the count; a failed trial opens it again', () => {
    let t = 0;
    const b = createCircuitBreaker({ failureThreshold: 2, coolDownMs: 50, now: () => t });
    b.onFailure();
    b.onSuccess();
    b.onFailure();
    expect(b.state()).toBe('closed');
    b.onFailure();
    expect(b.state()).toBe('open');
    t = 50;
    expect(b.tryAcquire()).toBe(true);
    b.onFailure();
    expect(b.state()).toBe('open');
    t = 99;
    expect(b.tryAcquire()).toBe(false);
    t = 100;
    expect(b.tryAcquire()).toBe(true);
  });

  it('rejects nonsense options', () => {
    expect(() => createCircuitBreaker({ failureThreshold: 0 })).toThrow(RangeError);
    expect(() => createCircuitBreaker({ coolDownMs: -1 })).toThrow(RangeError);
  });
});
