import { describe, expect, it } from 'vitest';
import { calendarDay, isoCalendarDay } from '../../intents/calendar.ts';

describe('calendarDay', () => {
  it.each([
    ['2026-11-24T15:59:59Z', 'Asia/Shanghai', '2026-11-24'],
    ['2026-11-24T16:00:00Z', 'Asia/Shanghai', '2026-11-25'],
    ['2026-11-24T16:00:00Z', 'UTC', '2026-11-24'],
    ['2026-12-31T23:30:00Z', 'Asia/Kolkata', '2027-01-01'], // +05:30
    ['2026-03-08T06:59:00Z', 'America/New_York', '2026-03-08'], // 01:59 EST, just before the DST jump
    ['2026-03-08T07:00:00Z', 'America/New_York', '2026-03-08'], // 03:00 EDT
    ['2026-11-02T04:59:00Z', 'America/New_York', '2026-11-01'], // 23:59 EST, the day after the fall back (1 Nov)
    ['2026-11-02T05:00:00Z', 'America/New_York', '2026-11-02'],
  ])('%s in %s is %s', (instant, timeZone, expected) => {
    expect(isoCalendarDay(new Date(instant), timeZone)).toBe(expected);
    // Asked again (memoised): the same answer.
    expect(isoCalendarDay(new Date(instant), timeZone)).toBe(expected);
  });

  it('memoises per time zone: one minute gives each zone its own day', () => {
    const at = new Date('2026-11-24T16:30:00Z');
    expect(calendarDay(at, 'Asia/Shanghai')).toEqual({ y: 2026, m: 11, d: 25 });
    expect(calendarDay(at, 'America/Los_Angeles')).toEqual({ y: 2026, m: 11, d: 24 });
  });

  it('hands out copies: changing an answer does not change the next one', () => {
    const at = new Date('2026-05-01T12:00:00Z');
    const first = calendarDay(at, 'UTC');
    first.d = 99;
    expect(calendarDay(at, 'UTC')).toEqual({ y: 2026, m: 5, d: 1 });
  });

  it('matches Intl on many instants across a year (memo table emptied when full included)', () => {
    const f = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 37 * 60_000 + 13_000) {
      const at = new Date(t);
      expect(isoCalendarDay(at, 'Europe/London')).toBe(f.format(at));
    }
  });

  it('refuses an unknown time zone and an invalid date with a RangeError', () => {
    expect(() => calendarDay(new Date(), 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => calendarDay(new Date(Number.NaN), 'UTC')).toThrow(RangeError);
  });
});
