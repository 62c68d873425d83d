/**
 * The calendar day of an instant in a time zone, fast: `Intl.DateTimeFormat#formatToParts` costs a
 * few microseconds and allocates on every call, and a turn asks for days many times (relative
 * dates in the NLU, transaction dates in the flows). Answers are memoised per time zone and UTC
 * minute — every time zone's offset is a whole number of minutes, so the day cannot change inside
 * one — in a small table that is emptied when full.
 */
export interface CalendarDay {
  y: number;
  m: number;
  d: number;
}

/** Building a formatter costs far more than using one: one per time zone (a handful are ever used; capped anyway). */
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 32;
const MEMO = new Map<string, CalendarDay>();
const MEMO_MAX_ENTRIES = 4096;
const MINUTE_MS = 60_000;

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = FORMATTERS.get(timeZone);
  if (!f) {
    // Throws a RangeError for an unknown time zone, as Intl does.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    if (FORMATTERS.size >= MAX_FORMATTERS) FORMATTERS.clear();
    FORMATTERS.set(timeZone, f);
  }
  return f;
}

/** Year, month (1–12) and day of `instant` in `timeZone` (an IANA name such as Asia/Shanghai). */
export function calendarDay(instant: Date, timeZone: string): CalendarDay {
  const minute = Math.floor(instant.getTime() / MINUTE_MS);
  const key = `${timeZone}|${minute}`;
  const known = MEMO.get(key);
  if (known) return { ...known };
  let y = NaN;
  let m = NaN;
  let d = NaN;
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type === 'year') y = Number(p.value);
    else if (p.type === 'month') m = Number(p.value);
    else if (p.type === 'day') d = Number(p.value);
  }
  // (An invalid date never gets here: formatToParts throws a RangeError for it.)
  const day = { y, m, d };
  if (MEMO.size >= MEMO_MAX_ENTRIES) MEMO.clear();
  MEMO.set(key, day);
  return { ...day };
}

/** `calendarDay` as yyyy-mm-dd. */
export function isoCalendarDay(instant: Date, timeZone: string): string {
  const { y, m, d } = calendarDay(instant, timeZone);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
