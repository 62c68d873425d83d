import { AppError } from '../errors.ts';

/** When agents are at their desks, e.g. "Mon-Fri 09:00-21:00 Asia/Shanghai". */
export interface BusinessHours {
  /** Days of the week (0 = Sunday … 6 = Saturday) with agents. */
  days: ReadonlySet<number>;
  /** Minutes after local midnight; `endMinute` is exclusive and may be 1440. */
  startMinute: number;
  endMinute: number;
  timeZone: string;
  /** The original text, for messages. */
  text: string;
}

export class BusinessHoursError extends AppError {
  constructor(message: string) {
    super('business_hours_invalid', message);
    this.name = 'BusinessHoursError';
  }
}

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

function dayIndex(name: string, whole: string): number {
  const i = DAY_NAMES.indexOf(name.toLowerCase().slice(0, 3) as (typeof DAY_NAMES)[number]);
  if (i < 0 || name.length < 3) throw new BusinessHoursError(`business hours "${whole}": unknown day "${name}"`);
  return i;
}

function minuteOf(hhmm: string, whole: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new BusinessHoursError(`business hours "${whole}": "${hhmm}" is not HH:MM`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min !== 0))
    throw new BusinessHoursError(`business hours "${whole}": "${hhmm}" is not a time of day`);
  return h * 60 + min;
}

/**
 * Parses "Mon-Fri 09:00-21:00 Asia/Shanghai" (days: a range "Mon-Fri", a list "Mon,Wed,Sat" or
 * "Daily"; time range; IANA time zone). Throws BusinessHoursError with the reason.
 */
export function parseBusinessHours(text: string): BusinessHours {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 3)
    throw new BusinessHoursError(`business hours "${text}": expected "<days> <HH:MM-HH:MM> <time zone>"`);
  const [daysPart = '', timePart = '', timeZone = ''] = parts;

  const days = new Set<number>();
  if (/^(daily|everyday|mon-sun)$/i.test(daysPart)) {
    for (let d = 0; d < 7; d++) days.add(d);
  } else {
    for (const piece of daysPart.split(',')) {
      const range = piece.split('-');
      if (range.length === 1) days.add(dayIndex(range[0] ?? '', text));
      else if (range.length === 2) {
        const from = dayIndex(range[0] ?? '', text);
        const to = dayIndex(range[1] ?? '', text);
        for (let d = from; ; d = (d + 1) % 7) {
          days.add(d);
          if (d === to) break;
        }
      } else throw new BusinessHoursError(`business hours "${text}": bad day range "${piece}"`);
    }
  }

  const times = timePart.split('-');
  if (times.length !== 2) throw new BusinessHoursError(`business hours "${text}": bad time range "${timePart}"`);
  const startMinute = minuteOf(times[0] ?? '', text);
  const endMinute = minuteOf(times[1] ?? '', text);
  if (endMinute <= startMinute)
    throw new BusinessHoursError(`business hours "${text}": the end must be after the start`);

  try {
    new Intl.DateTimeFormat('en-US', { timeZone }).format(0);
  } catch {
    throw new BusinessHoursError(`business hours "${text}": unknown time zone "${timeZone}"`);
  }
  return { days, startMinute, endMinute, timeZone, text: text.trim() };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock parts of `at` in `timeZone`. */
export function localParts(at: Date, timeZone: string): { day: number; minute: number; ymd: string } {
  const parts = formatterFor(timeZone).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const day = DAY_NAMES.indexOf(get('weekday').toLowerCase().slice(0, 3) as (typeof DAY_NAMES)[number]);
  const minute = Number(get('hour')) * 60 + Number(get('minute'));
  return { day, minute, ymd: `${get('year')}${get('month')}${get('day')}` };
}

export function isWithinBusinessHours(hours: BusinessHours, at: Date): boolean {
  const { day, minute } = localParts(at, hours.timeZone);
  return hours.days.has(day) && minute >= hours.startMinute && minute < hours.endMinute;
}

const DAY_LABEL = {
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  zh: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
} as const;

function hhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** "Mon–Fri 09:00–21:00 (Beijing time)" / "周一至周五 09:00–21:00（北京时间）" for customer texts. */
export function describeBusinessHours(hours: BusinessHours, language: 'zh' | 'en'): string {
  const labels = DAY_LABEL[language];
  const sorted = [1, 2, 3, 4, 5, 6, 0].filter((d) => hours.days.has(d));
  const contiguous = sorted.every((d, i) => i === 0 || (sorted[i - 1] as number) % 7 === (d + 6) % 7);
  let days: string;
  if (sorted.length === 7) days = language === 'zh' ? '每天' : 'daily';
  else if (contiguous && sorted.length > 2)
    days = `${labels[sorted[0] as number]}${language === 'zh' ? '至' : '–'}${labels[sorted[sorted.length - 1] as number]}`;
  else days = sorted.map((d) => labels[d]).join(language === 'zh' ? '、' : ', ');
  const zone = hours.timeZone === 'Asia/Shanghai' ? (language === 'zh' ? '北京时间' : 'Beijing time') : hours.timeZone;
  const time = `${hhmm(hours.startMinute)}–${hhmm(hours.endMinute)}`;
  return language === 'zh' ? `${days} ${time}（${zone}）` : `${days} ${time} (${zone})`;
}
