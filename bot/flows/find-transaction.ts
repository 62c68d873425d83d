/**
 * Finds the transaction a customer means, from what they wrote: a transaction id, an amount, a
 * merchant or recipient name, a date ("昨天"), or "the last one". When that does not single one
 * out, returns candidates to offer as buttons.
 */
import type { Button } from '../core/messages.ts';
import type { Entity, Language } from '../../intents/types.ts';
import type { Transaction, WalletApi } from '../wallet/types.ts';
import { WalletError } from '../wallet/types.ts';
import { DISPLAY_TIME_ZONE, addDays, formatTransactionLabel, localDate } from './format.ts';

/** What the flow looks for: failed/pending payments, or successful debits the customer does not know. */
export type TransactionPurpose = 'payment_problem' | 'unrecognized';

export interface FindQuery {
  text?: string;
  entities: Entity[];
}

export type FindResult =
  /** Exactly one transaction fits. */
  | { kind: 'found'; tx: Transaction }
  /** The customer named a transaction id that the wallet does not know for them. */
  | { kind: 'not_found'; transactionId: string; candidates: Transaction[] }
  /** Several fit what the customer said. */
  | { kind: 'ambiguous'; candidates: Transaction[] }
  /** The customer said nothing that identifies one (or nothing matched): offer the likely ones. */
  | { kind: 'unspecified'; candidates: Transaction[]; triedCriteria: boolean };

/** How many recent transactions the finder looks through. */
export const RECENT_LIMIT = 20;
/** How many candidates are offered as buttons. */
export const MAX_CANDIDATES = 5;

const TX_ID_IN_TEXT = /\b(T\d{3,}[A-Z0-9]*)\b/i;

const LAST_ONE_WORDS = [
  '最后一笔',
  '最近一笔',
  '上一笔',
  '最近那笔',
  '刚才那笔',
  '刚刚那笔',
  '刚才',
  '刚刚',
  'last one',
  'last payment',
  'latest',
  'most recent',
  'just now',
  'last transaction',
];

export function isPreferred(tx: Transaction, purpose: TransactionPurpose): boolean {
  if (purpose === 'payment_problem') return tx.status === 'failed' || tx.status === 'pending';
  return tx.debited && tx.status === 'success' && tx.type !== 'topup' && tx.type !== 'refund';
}

function byNewest(a: Transaction, b: Transaction): number {
  return b.createdAt.localeCompare(a.createdAt);
}

function sameAmount(a: string, b: string): boolean {
  const x = Number(a);
  const y = Number(b);
  return Number.isFinite(x) && Number.isFinite(y) && Math.round(x * 100) === Math.round(y * 100);
}

function compact(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Whether the text names this counterparty: the whole name, or (for names of 3+ Chinese characters)
 * a 2+ character prefix such as 京东 for 京东商城, or a Latin name without its trailing number
 * ("online store" for ONLINE-STORE-8812).
 */
export function mentionsCounterparty(text: string, counterparty: string): boolean {
  const t = compact(text);
  const name = compact(counterparty);
  if (!t || !name) return false;
  if (t.includes(name)) return true;
  if (/^\p{Script=Han}+$/u.test(name) && name.length >= 3) {
    for (let len = name.length - 1; len >= 2; len--) if (t.includes(name.slice(0, len))) return true;
  }
  const withoutNumber = name.replace(/\d+$/, '');
  return withoutNumber.length >= 6 && withoutNumber !== name && t.includes(withoutNumber);
}

function entityDates(entities: Entity[], now: Date): string[] {
  const dates = new Set<string>();
  for (const e of entities) {
    if (e.entity !== 'date') continue;
    dates.add(e.value.slice(0, 10));
    const relative = e.meta?.['relative'];
    const today = localDate(now, DISPLAY_TIME_ZONE);
    if (relative === 'today') dates.add(today);
    if (relative === 'yesterday') dates.add(addDays(today, -1));
    if (relative === 'day_before_yesterday') dates.add(addDays(today, -2));
  }
  return [...dates];
}

/** Dates are compared in the display time zone, the zone the NLU resolves "yesterday" in. */
function onDate(tx: Transaction, dates: string[]): boolean {
  return dates.includes(localDate(new Date(tx.createdAt), DISPLAY_TIME_ZONE));
}

const FAILED_WORDS = [
  '失败',
  '没成功',
  '不成功',
  '没付成',
  '扣了',
  '扣款',
  '被扣',
  'failed',
  'declined',
  "didn't go through",
  'did not go through',
  'charged',
  'debited',
  'taken',
];
const PENDING_WORDS = [
  '没到账',
  '还没到',
  '未到账',
  '处理中',
  '一直没',
  'pending',
  'processing',
  'not arrived',
  "hasn't arrived",
  'still waiting',
  'stuck',
];

/** Among several candidates, the customer's words may say which kind they mean ("failed" vs "not arrived yet"). */
function narrowByWords(pool: Transaction[], text: string | undefined): Transaction[] {
  if (!text || pool.length < 2) return pool;
  const t = text.toLowerCase();
  const saysPending = PENDING_WORDS.some((w) => t.includes(w));
  const saysFailed = FAILED_WORDS.some((w) => t.includes(w));
  if (saysPending === saysFailed) return pool;
  const narrowed = pool.filter((tx) => (saysPending ? tx.status === 'pending' : tx.status === 'failed'));
  return narrowed.length ? narrowed : pool;
}

export function transactionIdIn(query: FindQuery): string | undefined {
  const entity = query.entities.find((e) => e.entity === 'transaction_id');
  if (entity) return entity.value.toUpperCase();
  const m = query.text ? TX_ID_IN_TEXT.exec(query.text) : null;
  return m?.[1]?.toUpperCase();
}

function mentionsLastOne(text: string | undefined): boolean {
  if (!text) return false;
  const t = text.toLowerCase();
  return LAST_ONE_WORDS.some((w) => t.includes(w));
}

const BARE_NUMBER = /(?<![\d.:\-/A-Za-z])(\d{1,9}(?:\.\d{1,2})?)(?![\d.:\-/月日号])/g;

/**
 * Numbers without a currency ("the 299 one", "89.99") count as amounts only when one of the recent
 * transactions has exactly that amount, so dates, times and ids do not become false clues.
 */
function bareAmounts(text: string, recent: Transaction[]): string[] {
  const numbers = [...text.matchAll(BARE_NUMBER)].map((m) => m[1] ?? '');
  return numbers.filter((n) => recent.some((tx) => sameAmount(n, tx.amount)));
}

/** Recent transactions, newest first. */
export async function recentTransactions(wallet: WalletApi, customerId: string): Promise<Transaction[]> {
  const page = await wallet.listTransactions(customerId, { limit: RECENT_LIMIT });
  return [...page.items].sort(byNewest);
}

/** The likely candidates for a purpose; falls back to all recent ones when none fits. */
export function candidatesFor(recent: Transaction[], purpose: TransactionPurpose): Transaction[] {
  const preferred = recent.filter((tx) => isPreferred(tx, purpose));
  return (preferred.length ? preferred : recent).slice(0, MAX_CANDIDATES);
}

/** Pure matching over a list of recent transactions (newest first). */
export function matchTransactions(
  recent: Transaction[],
  query: FindQuery,
  purpose: TransactionPurpose,
  now: Date,
): FindResult {
  const amounts = query.entities.filter((e) => e.entity === 'amount').map((e) => e.value);
  if (amounts.length === 0 && query.text) amounts.push(...bareAmounts(query.text, recent));
  const dates = entityDates(query.entities, now);
  const named = query.text ? recent.filter((tx) => mentionsCounterparty(query.text ?? '', tx.counterparty)) : [];
  const lastOne = mentionsLastOne(query.text);

  const hasCriteria = amounts.length > 0 || dates.length > 0 || named.length > 0;
  if (!hasCriteria) {
    const preferred = recent.filter((tx) => isPreferred(tx, purpose));
    if (lastOne) {
      const newest = preferred[0] ?? recent[0];
      if (newest) return { kind: 'found', tx: newest };
    }
    return { kind: 'unspecified', candidates: candidatesFor(recent, purpose), triedCriteria: false };
  }

  let matches = recent;
  if (amounts.length) matches = matches.filter((tx) => amounts.some((a) => sameAmount(a, tx.amount)));
  if (dates.length) matches = matches.filter((tx) => onDate(tx, dates));
  if (named.length) matches = matches.filter((tx) => named.includes(tx));

  if (matches.length === 0)
    return { kind: 'unspecified', candidates: candidatesFor(recent, purpose), triedCriteria: true };
  if (matches.length === 1 && matches[0]) return { kind: 'found', tx: matches[0] };
  const preferred = matches.filter((tx) => isPreferred(tx, purpose));
  if (preferred.length === 1 && preferred[0]) return { kind: 'found', tx: preferred[0] };
  const pool = narrowByWords(preferred.length ? preferred : matches, query.text);
  if (pool.length === 1 && pool[0]) return { kind: 'found', tx: pool[0] };
  if (lastOne && pool[0]) return { kind: 'found', tx: pool[0] };
  return { kind: 'ambiguous', candidates: pool.slice(0, MAX_CANDIDATES) };
}

/**
 * Finds the transaction the customer means. Throws WalletError on outages (the caller hands over);
 * an unknown transaction id becomes `not_found` with candidates.
 */
export async function findTransaction(
  wallet: WalletApi,
  customerId: string,
  query: FindQuery,
  purpose: TransactionPurpose,
  now: Date,
): Promise<FindResult> {
  const id = transactionIdIn(query);
  if (id) {
    try {
      return { kind: 'found', tx: await wallet.getTransaction(customerId, id) };
    } catch (err) {
      if (!(err instanceof WalletError) || err.code !== 'not_found') throw err;
      const recent = await recentTransactions(wallet, customerId);
      return { kind: 'not_found', transactionId: id, candidates: candidatesFor(recent, purpose) };
    }
  }
  const recent = await recentTransactions(wallet, customerId);
  return matchTransactions(recent, query, purpose, now);
}

/** Button value for picking a transaction. */
export const TX_BUTTON_PREFIX = 'tx:';
export const NONE_OF_THESE = 'tx:none';

export function transactionButtons(candidates: Transaction[], language: Language, now: Date): Button[] {
  return candidates.map((tx) => ({
    label: formatTransactionLabel(tx, language, now),
    value: `${TX_BUTTON_PREFIX}${tx.id}`,
  }));
}

/** The transaction id a button press (`tx:T1001B`, or a bare `T1001B`) names, if any. */
export function pickedTransactionId(value: string): string | undefined {
  if (value === NONE_OF_THESE) return undefined;
  if (value.startsWith(TX_BUTTON_PREFIX)) return value.slice(TX_BUTTON_PREFIX.length) || undefined;
  return TX_ID_IN_TEXT.test(value) ? value.toUpperCase() : undefined;
}
