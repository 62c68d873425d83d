/**
 * What the sandbox wallet's route tests share: a fresh app for every test (fixed one-time code
 * 246810, a clock that starts at START and moves only when a test moves it), idempotency keys, and
 * assertions on the error shape.
 */
import type { Express } from 'express';
import request from 'supertest';
import { beforeEach, expect } from 'vitest';
import { createSandboxApp } from '../../bot/wallet/sandbox/app.ts';
import { ErrorBodySchema, OtpChallengeSchema } from '../../bot/wallet/schemas.ts';

export const START = new Date('2026-11-25T10:00:00.000Z'); // a Wednesday
export const FIXED_OTP = '246810';

/** The test clock: set `clock.ms` to move it. */
export const clock = { ms: START.getTime() };
export const now = (): Date => new Date(clock.ms);

let current: Express | undefined;
let keySeq = 0;

/** Registers the per-test reset (call once at the top of a test file). */
export function useFreshSandbox(): void {
  beforeEach(() => {
    clock.ms = START.getTime();
    current = createSandboxApp({ fixedOtp: FIXED_OTP, now });
  });
}

/** This test's sandbox app. */
export function app(): Express {
  if (!current) throw new Error('call useFreshSandbox() in the test file first');
  return current;
}

export const key = (): string => `test-key-${++keySeq}`;

/** A write with an Idempotency-Key, a fresh one unless given (and a JSON body when given). */
export function postWithKey(path: string, body?: object, idempotencyKey: string = key()) {
  const req = request(app()).post(path).set('Idempotency-Key', idempotencyKey);
  return body === undefined ? req : req.send(body);
}

export function expectError(body: unknown, code: string): void {
  const parsed = ErrorBodySchema.parse(body);
  expect(parsed.error.code).toBe(code);
  expect(parsed.error.message.length).toBeGreaterThan(0);
}

export async function sendOtp(customerId = 'C1001', channel: 'sms' | 'email' = 'sms') {
  const res = await postWithKey(`/v1/customers/${customerId}/otp`, { channel });
  expect(res.status).toBe(201);
  return OtpChallengeSchema.parse(res.body);
}
