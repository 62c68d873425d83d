/**
 * Money, date and transaction formatting for flow replies, per language. Pure functions: no clock,
 * no wallet; `now` is passed in so "today"/"yesterday" are testable.
 */
import type { Language } from '../../intents/types.ts';
import type { FailureReason, Transaction, TransactionStatus } from '../wallet/types.ts';
import { isoCalendarDay } from '../../intents/calendar.ts';
import { text } from '../i18n/messages.ts';

/** Dates are shown (and "yesterday" is computed) in the wallet's home time zone. */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Groups a decimal string without going through floating point: "1280.5" → "1,280.50". */
export function groupAmount(amount: string): string {
  const m = DECIMAL.exec(amount.trim());
  if (!m) return amount;
  const [, sign = '', int = '0', frac = ''] = m;
  const grouped = int.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (frac + '00').slice(0, 2);
  return `${sign}${grouped}.${cents}`;
}

const SYMBOLS: Record<string, string> = { USD: 'US$', GBP: '£', EUR: '€', HKD: 'HK$' };

/** ¥1,280.50 (zh) / CNY 1,280.50 (en); US$42.10, £356.20 in both; other currencies as "JPY 300.00". */
export function formatMoney(amount: string, currency: string, language: Language): string {
  const n = groupAmount(amount);
  const code = currency.toUpperCase();
  const symbol = SYMBOLS[code];
  if (symbol) return `${symbol}${n}`;
  if (code === 'CNY') return language === 'zh' ? `¥${n}` : `CNY ${n}`;
  return `${code} ${n}`;
}

const TIME_FORMATTER = new Intl.DateTimeFormat('en-GB', {
  timeZone: DISPLAY_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** yyyy-mm-dd of an instant in the display time zone. */
export function localDate(instant: Date, timeZone = DISPLAY_TIME_ZONE): string {
  return isoCalendarDay(instant, timeZone);
}

/** Adds days to a yyyy-mm-dd date. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A calendar date (yyyy-mm-dd) as 11月27日 / 27 Nov (year added when not the current one). */
export function formatDay(isoDate: string, language: Language, now?: Date): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!m) return isoDate;
  const [, y = '', mo = '', d = ''] = m;
  const month = Number(mo);
  const day = Number(d);
  const showYear = now !== undefined && localDate(now).slice(0, 4) !== y;
  if (language === 'zh') return `${showYear ? `${y}年` : ''}${month}月${day}日`;
  return `${day} ${EN_MONTHS[month - 1] ?? mo}${showYear ? ` ${y}` : ''}`;
}

function localTime(instant: Date): string {
  return TIME_FORMATTER.format(instant);
}

/** An instant as 今天 14:30 / 昨天 09:12 / 11月20日 (zh) or today 14:30 / yesterday 09:12 / 20 Nov (en). */
export function formatWhen(
  isoInstant: string,
  language: Language,
  now: Date,
  opts: { withTime?: boolean } = {},
): string {
  const instant = new Date(isoInstant);
  if (Number.isNaN(instant.getTime())) return isoInstant;
  const day = localDate(instant);
  const today = localDate(now);
  const time = localTime(instant);
  const withTime = opts.withTime ?? false;
  if (day === today) return text(language, 'date.today', { time });
  if (day === addDays(today, -1)) return text(language, 'date.yesterday', { time });
  const date = formatDay(day, language, now);
  return withTime ? `${date} ${time}` : date;
}

export function formatStatus(status: TransactionStatus, language: Language): string {
  return text(language, `transaction.status.${status}`);
}

export function formatFailureReason(reason: FailureReason, language: Language): string {
  return text(language, `transaction.failure.${reason}`);
}

/** In Chinese text, Latin names get a space on their Latin side: "付给 Best Buy 的", "付给京东商城的". */
export function spaceLatin(name: string): string {
  return `${/^[A-Za-z0-9]/.test(name) ? ' ' : ''}${name}${/[A-Za-z0-9]$/.test(name) ? ' ' : ''}`;
}

/** A counterparty's name as it goes into a sentence of the language (spaced apart from Chinese text). */
export function counterpartyIn(name: string, language: Language): string {
  return language === 'zh' ? spaceLatin(name) : name;
}

/** Money in (+) or out (−) of the customer's wallet. */
export function isIncoming(tx: Transaction): boolean {
  return tx.type === 'topup' || tx.type === 'refund';
}

/** One short line for lists and buttons: "昨天 09:12 · 京东商城 · -¥299.00 · 失败". */
export function formatTransactionLine(tx: Transaction, language: Language, now: Date): string {
  const sign = isIncoming(tx) ? '+' : '-';
  const money = `${sign}${formatMoney(tx.amount, tx.currency, language)}`;
  const status =
    tx.status === 'failed' && tx.debited
      ? text(language, 'transaction.status.failed_debited')
      : formatStatus(tx.status, language);
  return [formatWhen(tx.createdAt, language, now, { withTime: true }), tx.counterparty, money, status].join(' · ');
}

/** A compact button label: "京东商城 ¥299.00 · 昨天". */
export function formatTransactionLabel(tx: Transaction, language: Language, now: Date): string {
  return `${tx.counterparty} ${formatMoney(tx.amount, tx.currency, language)} · ${formatWhen(tx.createdAt, language, now)}`;
}
