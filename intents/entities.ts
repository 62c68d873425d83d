/**
 * Entity extraction on the ORIGINAL message text (offsets index into it, end exclusive).
 * Full-width digits/letters are read through a same-length half-width copy, so offsets stay exact.
 * Each recogniser proposes candidates; overlaps are resolved by priority (then length), so a phone number
 * is never also a code and a labelled order number is never also a card.
 */
import { toHalfWidth } from './normalize.ts';
import type { Entity, EntityType } from './types.ts';
import { calendarDay } from './calendar.ts';
import { isChineseIdValid, isLegacyChineseIdValid, isLuhnValid } from './id-checksums.ts';

export { isChineseIdValid, isLegacyChineseIdValid, isLuhnValid } from './id-checksums.ts';

export interface ExtractOptions {
  /** Reference time for relative dates (default: now). */
  now?: Date;
  /** IANA time zone the customer's "today" is computed in (default Asia/Shanghai, upay's market). */
  timeZone?: string;
}

interface Candidate extends Entity {
  priority: number;
}

const PRIORITY = {
  password: 100,
  id_card: 90,
  card_number: 80,
  labelled_transaction_id: 75,
  email: 72, // 13800001001@163.com is an e-mail address, not a phone number
  phone: 70,
  transaction_id: 60,
  amount: 50,
  code: 40,
  date: 30,
} as const;

// ---------- recognisers ----------

type Recogniser = (text: string, opts: Required<ExtractOptions>) => Candidate[];

function candidate(
  entity: EntityType,
  value: string,
  start: number,
  end: number,
  priority: number,
  extra: Partial<Entity> = {},
): Candidate {
  return { entity, value, start, end, priority, ...extra };
}

const digitsOf = (s: string): string => s.replace(/\D/g, '');
const maskLast4 = (digits: string): string => `****${digits.slice(-4)}`;

/** 18 characters (6-8-4) or 15 digits (6-6-3), grouped or contiguous, not glued to other digits/letters. */
const ID_CARD = /(?<![\dA-Za-z])(\d{6}[ -]?(?:\d{8}[ -]?\d{3}[\dXx]|\d{6}[ -]?\d{3}))(?![\dA-Za-z])/g;
/** American Express numbers are 15 digits too: a Luhn-valid 34…/37… number stays a card number. */
const looksLikeAmex = (digits: string): boolean => /^3[47]/.test(digits) && isLuhnValid(digits);
const recogniseIdCards: Recogniser = (text) =>
  [...text.matchAll(ID_CARD)].flatMap((m) => {
    const id = m[1]!.replace(/[ -]/g, '').toUpperCase();
    const valid = id.length === 18 ? isChineseIdValid(id) : isLegacyChineseIdValid(id) && !looksLikeAmex(id);
    if (!valid) return [];
    return [candidate('id_card', maskLast4(id), m.index, m.index + m[0].length, PRIORITY.id_card, { sensitive: true })];
  });

/** 13–19 digits: contiguous, or 4-digit groups with one consistent separator, or Amex-style 4-6-5/4-6-4. */
const CARD =
  /(?<!\d|\d[.,])(\d{13,19}|\d{4}([ -])\d{4}(?:\2\d{4}){1,2}(?:\2\d{1,4})?|\d{4}([ -])\d{6}\3\d{4,5})(?!\d|[.,]\d)/g;
const recogniseCards: Recogniser = (text) =>
  [...text.matchAll(CARD)].flatMap((m) => {
    const digits = digitsOf(m[1]!);
    if (digits.length < 13 || digits.length > 19 || !isLuhnValid(digits)) return [];
    return [
      candidate('card_number', maskLast4(digits), m.index, m.index + m[0].length, PRIORITY.card_number, {
        sensitive: true,
      }),
    ];
  });

/** Chinese mobile: optional +86/0086/86 prefix, 1[3-9]x xxxx xxxx with optional spaces/dashes in 3-4-4 groups. */
const CN_MOBILE = /(?<![\d+])(?:(?:\+|00)86[ -]?|86[ -])?(1[3-9]\d)([ -]?)(\d{4})\2(\d{4})(?!\d)/g;
/** International E.164 (not +86): + country code, then 7–14 more digits in groups separated by single spaces/dashes. */
const INTL_PHONE = /(?<![\d+\w])\+([1-9]\d{0,2})((?:[ -]?\d){6,14})(?![\d])/g;
const recognisePhones: Recogniser = (text) => {
  const out: Candidate[] = [];
  for (const m of text.matchAll(CN_MOBILE)) {
    out.push(
      candidate('phone', `+86${m[1]}${m[3]}${m[4]}`, m.index, m.index + m[0].length, PRIORITY.phone, {
        meta: { country: 'CN' },
      }),
    );
  }
  for (const m of text.matchAll(INTL_PHONE)) {
    const digits = digitsOf(m[0]);
    if (digits.startsWith('86') || digits.length < 8 || digits.length > 15) continue;
    out.push(candidate('phone', `+${digits}`, m.index, m.index + m[0].length, PRIORITY.phone));
  }
  return out;
};

/** Not preceded by a mask asterisk, so masked addresses (l***i@example.com) are not found again. */
const EMAIL =
  /(?<![\w.%+*-])[a-z0-9](?:[a-z0-9._%+-]*[a-z0-9_%+-])?@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,24}(?![\w-])/gi;
const recogniseEmails: Recogniser = (text) =>
  [...text.matchAll(EMAIL)].map((m) =>
    candidate('email', m[0].toLowerCase(), m.index, m.index + m[0].length, PRIORITY.email),
  );

/** upay transaction ids: T + 4 or more digits + optional letter (T1001B). */
const TRANSACTION_ID = /(?<![A-Za-z0-9])[Tt](\d{4,})([A-Za-z]?)(?![A-Za-z0-9])/g;
/**
 * Long numeric order numbers, only after a label. Linear time: "\s*(?:is\s*)?" instead of "\s*(?:is)?\s*",
 * whose two \s* could split one run of spaces in every way (quadratic after a label and many spaces).
 */
const LABELLED_ORDER =
  /(?:订单号|订单编号|交易号|交易单号|流水号|商户单号|order\s*(?:number|no\.?|id|#)|transaction\s*(?:id|number|no\.?|#)|txn\s*(?:id|no\.?)|reference\s*(?:number|no\.?)|ref\s*(?:no\.?|#))\s*(?:(?:是|为|:|：|#|is)\s*)?(\d{8,32})(?!\d)/gi;
const recogniseTransactionIds: Recogniser = (text) => {
  const out: Candidate[] = [];
  for (const m of text.matchAll(TRANSACTION_ID)) {
    out.push(candidate('transaction_id', m[0].toUpperCase(), m.index, m.index + m[0].length, PRIORITY.transaction_id));
  }
  for (const m of text.matchAll(LABELLED_ORDER)) {
    const start = m.index + m[0].length - m[1]!.length;
    out.push(candidate('transaction_id', m[1]!, start, start + m[1]!.length, PRIORITY.labelled_transaction_id));
  }
  return out;
};

const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)`;
const CNY_PREFIX = String.raw`[¥￥]|CNY|RMB|人民币`;
const USD_PREFIX = String.raw`US\$|\$|USD`;
const CNY_SUFFIX = String.raw`元|块钱|块|人民币|CNY|RMB|yuan|rmb`;
const USD_SUFFIX = String.raw`USD|dollars?|bucks|美元|美金|刀`;
/**
 * After a currency prefix the amount runs to the last digit of its [\d.,] run, and that run must be one
 * NUMBER (checked in code with WHOLE_NUMBER). The former "NUMBER(?![\d.,]*\d)" re-scanned the run for
 * every digit it backtracked over: quadratic on "¥" + a long digit run + ".1.1".
 */
const AMOUNT = new RegExp(
  String.raw`(?:(${CNY_PREFIX})|(${USD_PREFIX}))\s?([\d.,]*\d)|(?<![\d.,])${NUMBER}\s?(?:(${CNY_SUFFIX})|(${USD_SUFFIX}))(?![A-Za-z])`,
  'gi',
);
const WHOLE_NUMBER = new RegExp(`^${NUMBER}$`);
/** "2,000.5" → "2000.50": string arithmetic, no float rounding. */
export function formatAmount(raw: string): string {
  const [intPart = '0', decPart = ''] = raw.replace(/,/g, '').split('.');
  const integer = intPart.replace(/^0+(?=\d)/, '');
  return `${integer}.${decPart.padEnd(2, '0').slice(0, 2)}`;
}
const recogniseAmounts: Recogniser = (text) => {
  const out: Candidate[] = [];
  const pattern = new RegExp(AMOUNT);
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const prefixed = m[3] !== undefined;
    const raw = m[3] ?? m[4]!;
    // Not one number after the prefix: no amount starts here; search on from the next character.
    if (prefixed && !WHOLE_NUMBER.test(raw)) {
      pattern.lastIndex = m.index + 1;
      continue;
    }
    const currency = m[1] || m[5] ? 'CNY' : 'USD';
    out.push(
      candidate('amount', formatAmount(raw), m.index, m.index + m[0].length, PRIORITY.amount, { meta: { currency } }),
    );
  }
  return out;
};

/** One-time codes: 4–8 digits after a code label, or a message that is nothing but the code. Linear like LABELLED_ORDER. */
const LABELLED_CODE =
  /(?:验证码|校验码|动态码|动态密码|短信码|确认码|(?<![A-Za-z])(?:one[- ]time\s*(?:code|password)|verification\s*code|otp|passcode|code))\s*(?:(?:是|为|:|：|is|=)\s*)?(\d{4,8})(?!\d)/gi;
const CODE_ONLY = /^\s*(\d{4,8})\s*$/;
const recogniseCodes: Recogniser = (text) => {
  const out: Candidate[] = [];
  for (const m of text.matchAll(LABELLED_CODE)) {
    const start = m.index + m[0].length - m[1]!.length;
    out.push(candidate('code', m[1]!, start, start + m[1]!.length, PRIORITY.code, { sensitive: true }));
  }
  const only = CODE_ONLY.exec(text);
  if (only) {
    const start = text.indexOf(only[1]!);
    out.push(candidate('code', only[1]!, start, start + only[1]!.length, PRIORITY.code, { sensitive: true }));
  }
  return out;
};

/**
 * Passwords typed after a label. The captured token must look like a password, not a word ("is wrong").
 * "is(?:\s*:)?\s*" rather than "is\s*:?\s*": the same strings, in linear time.
 */
const PASSWORD =
  /(?:(?:登录|支付|交易)?密码(?:是|为|:|：|=)|(?<![A-Za-z])(?:my\s+)?(?:password|passcode|pwd|pw)\s*(?:is(?:\s*:)?|:|=)|(?<![A-Za-z])(?:my\s+)?(?:password|passcode)\s+was(?:\s*:)?)\s*([\x21-\x7e]+)/gi;
const NOT_PASSWORDS = new Set([
  'wrong',
  'not',
  'incorrect',
  'correct',
  'invalid',
  'expired',
  'locked',
  'blocked',
  'lost',
  'forgotten',
  'gone',
  'the',
  'a',
  'an',
  'too',
  'still',
  'being',
  'reset',
  'changed',
  'right',
  'ok',
  'okay',
  'fine',
  'weak',
  'strong',
  'same',
  'different',
  'what',
  'that',
  'this',
  'it',
  'and',
  'but',
  'never',
  'always',
  'no',
  'just',
  'now',
  'already',
  'rejected',
  'working',
  'accepted',
  'required',
  'needed',
  'asked',
  'asking',
  'shown',
  'saved',
  'really',
  'very',
  'so',
  'also',
  'probably',
  'definitely',
  'actually',
  'short',
  'long',
  'simple',
  'easy',
  'old',
  'new',
]);
/** A plain lower-case word followed by more words is prose ("my password is really old and…"), not a password. */
const PROSE_AFTER = /^\s+\p{L}/u;
/**
 * Digit groups after an all-digit first token ("4111 1111 1111 1111", "3782-822463-10005"): a card
 * number typed as the password. The password then covers the whole number, never only its first group.
 */
const MORE_DIGIT_GROUPS = /^(?:[ -]\d{3,6})+(?!\d)/;
function digitGroupsEnd(text: string, token: string, tokenEnd: number): number {
  if (!/^\d{3,6}$/.test(token)) return tokenEnd;
  const more = MORE_DIGIT_GROUPS.exec(text.slice(tokenEnd));
  if (!more) return tokenEnd;
  const digits = token.length + more[0].replace(/\D/g, '').length;
  return digits >= 12 && digits <= 19 ? tokenEnd + more[0].length : tokenEnd;
}

/** Trailing sentence punctuation is not part of a password (a loop: /[.,;]+$/ is quadratic on ",,,,x"). */
function withoutTrailingPunctuation(token: string): string {
  let end = token.length;
  while (end > 0 && '.,;'.includes(token[end - 1]!)) end--;
  return token.slice(0, end);
}

const recognisePasswords: Recogniser = (text) =>
  [...text.matchAll(PASSWORD)].flatMap((m) => {
    const token = withoutTrailingPunctuation(m[1]!);
    // Too short, a plain word, or an already-masked value (138****1001, ****).
    if (token.length < 4 || NOT_PASSWORDS.has(token.toLowerCase()) || token.includes('***')) return [];
    const start = m.index + m[0].length - m[1]!.length;
    if (/^[a-z]+$/.test(token) && PROSE_AFTER.test(text.slice(start + token.length))) return [];
    const end = digitGroupsEnd(text, token, start + token.length);
    return [candidate('password', '[redacted]', start, end, PRIORITY.password, { sensitive: true })];
  });

const RELATIVE_DAYS: Array<[RegExp, number, string]> = [
  [/大前天|three days ago/gi, -3, 'three_days_ago'],
  [/(?<!大)前天|day before yesterday/gi, -2, 'day_before_yesterday'],
  [/昨天|昨日|昨晚|\byesterday\b|\blast night\b/gi, -1, 'yesterday'],
  [/今天|今日|今早|今晚|\btoday\b|\btonight\b|\bthis morning\b/gi, 0, 'today'],
  [/上周|上个?星期|上个?礼拜|\blast week\b/gi, -7, 'last_week'],
];

function isoDate(y: number, m: number, d: number, plusDays = 0): string {
  return new Date(Date.UTC(y, m - 1, d + plusDays)).toISOString().slice(0, 10);
}

const ABSOLUTE_ISO = /(?<![\d.])(20\d{2})[-/](\d{1,2})[-/](\d{1,2})(?![\d.])/g;
const MONTH_DAY_ZH = /(?<!\d)(?:(20\d{2})年)?(\d{1,2})月(\d{1,2})[日号](?!\d)/g;
const MAYBE_DATE = /[今昨前上月]|\d[-/]|today|tonight|yesterday|last|morning|ago/i;
const recogniseDates: Recogniser = (text, opts) => {
  if (!MAYBE_DATE.test(text)) return [];
  const today = calendarDay(opts.now, opts.timeZone);
  const out: Candidate[] = [];
  for (const [pattern, days, relative] of RELATIVE_DAYS) {
    for (const m of text.matchAll(pattern)) {
      out.push(
        candidate('date', isoDate(today.y, today.m, today.d, days), m.index, m.index + m[0].length, PRIORITY.date, {
          meta: { relative },
        }),
      );
    }
  }
  const valid = (y: number, m: number, d: number): boolean =>
    m >= 1 && m <= 12 && d >= 1 && d <= 31 && isoDate(y, m, d).endsWith(`-${String(d).padStart(2, '0')}`);
  for (const m of text.matchAll(ABSOLUTE_ISO)) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (valid(y, mo, d)) out.push(candidate('date', isoDate(y, mo, d), m.index, m.index + m[0].length, PRIORITY.date));
  }
  for (const m of text.matchAll(MONTH_DAY_ZH)) {
    const [mo, d] = [Number(m[2]), Number(m[3])];
    // Without a year, a date later than today means last year ("12月30日" said on 1月2日).
    let y = m[1] ? Number(m[1]) : today.y;
    if (!m[1] && isoDate(y, mo, d) > isoDate(today.y, today.m, today.d)) y -= 1;
    if (valid(y, mo, d)) out.push(candidate('date', isoDate(y, mo, d), m.index, m.index + m[0].length, PRIORITY.date));
  }
  return out;
};

const RECOGNISERS: Recogniser[] = [
  recognisePasswords,
  recogniseIdCards,
  recogniseCards,
  recogniseTransactionIds,
  recognisePhones,
  recogniseEmails,
  recogniseAmounts,
  recogniseCodes,
  recogniseDates,
];

/** Extracts entities from the original text: sorted by start, non-overlapping, offsets end-exclusive. */
export function extractEntities(text: string, opts: ExtractOptions = {}): Entity[] {
  if (text.length === 0) return [];
  const resolved: Required<ExtractOptions> = {
    now: opts.now ?? new Date(),
    timeZone: opts.timeZone ?? 'Asia/Shanghai',
  };
  const halfWidth = toHalfWidth(text);
  const candidates = RECOGNISERS.flatMap((recognise) => recognise(halfWidth, resolved));
  candidates.sort((a, b) => b.priority - a.priority || b.end - b.start - (a.end - a.start) || a.start - b.start);
  // Characters already covered by a chosen entity: linear in the text, where comparing every pair was quadratic.
  const taken = new Uint8Array(text.length);
  const chosen: Candidate[] = [];
  for (const c of candidates) {
    if (taken.subarray(c.start, c.end).includes(1)) continue;
    taken.fill(1, c.start, c.end);
    chosen.push(c);
  }
  chosen.sort((a, b) => a.start - b.start);
  return chosen.map(({ priority: _priority, ...entity }) => entity);
}
