import { describe, expect, it } from 'vitest';
import {
  BusinessHoursError,
  describeBusinessHours,
  isWithinBusinessHours,
  parseBusinessHours,
} from '../../bot/handoff/business-hours.ts';

describe('business hours', () => {
  const hours = parseBusinessHours('Mon-Fri 09:00-21:00 Asia/Shanghai');

  it('parses the default and checks times in the configured time zone', () => {
    expect([...hours.days].sort()).toEqual([1, 2, 3, 4, 5]);
    // Wednesday 2026-11-25: 09:00 Shanghai = 01:00 UTC
    expect(isWithinBusinessHours(hours, new Date('2026-11-25T00:59:00Z'))).toBe(false);
    expect(isWithinBusinessHours(hours, new Date('2026-11-25T01:00:00Z'))).toBe(true);
    expect(isWithinBusinessHours(hours, new Date('2026-11-25T12:59:00Z'))).toBe(true);
    expect(isWithinBusinessHours(hours, new Date('2026-11-25T13:00:00Z'))).toBe(false);
    // Friday 22:00 UTC is Saturday 06:00 in Shanghai
    expect(isWithinBusinessHours(hours, new Date('2026-11-27T22:00:00Z'))).toBe(false);
    // Sunday 20:00 UTC is Monday 04:00 in Shanghai; Monday 02:00 UTC is 10:00
    expect(isWithinBusinessHours(hours, new Date('2026-11-30T02:00:00Z'))).toBe(true);
  });

  it('accepts lists, wrap-around ranges, Daily and 24:00', () => {
    expect([...parseBusinessHours('Sat,Sun 10:00-18:00 UTC').days].sort()).toEqual([0, 6]);
    expect([...parseBusinessHours('Fri-Mon 10:00-18:00 Europe/London').days].sort()).toEqual([0, 1, 5, 6]);
    const always = parseBusinessHours('Daily 00:00-24:00 UTC');
    expect(isWithinBusinessHours(always, new Date('2026-11-29T23:59:00Z'))).toBe(true);
  });

  it('rejects bad specifications with the reason', () => {
    for (const bad of [
      '',
      'Mon-Fri 09:00-21:00',
      'Mon-Fri 9-21 UTC',
      'Mon-Xyz 09:00-21:00 UTC',
      'Mon-Fri 21:00-09:00 UTC',
      'Mon-Fri 09:00-25:00 UTC',
      'Mon-Fri 09:00-21:00 Mars/Base',
    ]) {
      expect(() => parseBusinessHours(bad), bad).toThrow(BusinessHoursError);
    }
  });

  it('describes the hours for customers in both languages', () => {
    expect(describeBusinessHours(hours, 'en')).toBe('Mon–Fri 09:00–21:00 (Beijing time)');
    expect(describeBusinessHours(hours, 'zh')).toBe('周一至周五 09:00–21:00（北京时间）');
  });
});
