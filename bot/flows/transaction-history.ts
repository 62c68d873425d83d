/**
 * transaction_history: the customer's transactions five at a time, newest first, with a "More"
 * button that follows the wallet's cursor (kept in the state).
 */
import type { Language } from '../../intents/types.ts';
import type { Transaction } from '../wallet/types.ts';
import { callWallet, failedResult, readChoice, reply } from './common.ts';
import type { Choice, Messages } from './common.ts';
import { formatTransactionLine } from './format.ts';
import type { Flow, FlowContext, FlowInput, FlowStepResult } from './types.ts';

export const TRANSACTION_HISTORY_VERSION = 1;
export const HISTORY_PAGE_SIZE = 5;
export const MORE_VALUE = 'history:more';

export type TransactionHistoryStep = TransactionHistoryState['step'];
export type TransactionHistoryState =
  /** A page was shown and more exist after `cursor`. */
  | { v: 1; step: 'page'; cursor: string; page: number }
  | { v: 1; step: 'done'; outcome: string; pages: number };

export interface TransactionHistoryMessages {
  first: string;
  next: string;
  empty: string;
  end: string;
  more: string;
  anythingElse: string;
}

export const TRANSACTION_HISTORY_MESSAGES: Messages<TransactionHistoryMessages> = {
  zh: {
    first: '最近的交易记录：',
    next: '更早的交易记录：',
    empty: '你的账户里还没有交易记录。',
    end: '以上就是全部交易记录了。',
    more: '更多',
    anythingElse: '好的。还有什么可以帮你？',
  },
  en: {
    first: 'Your recent transactions:',
    next: 'Earlier transactions:',
    empty: "There are no transactions on your account yet.",
    end: "That's all of them.",
    more: 'More',
    anythingElse: 'OK. Anything else I can help with?',
  },
};

const MORE_CHOICES: readonly Choice<typeof MORE_VALUE>[] = [{ value: MORE_VALUE, words: ['更多', '下一页', '还有', '继续', '再看', 'more', 'next', 'older', 'continue'] }];

export function historyText(items: Transaction[], language: Language, now: Date, page: number): string {
  const m = TRANSACTION_HISTORY_MESSAGES[language];
  const lines = items.map((tx) => `• ${formatTransactionLine(tx, language, now)}`);
  return [page === 1 ? m.first : m.next, ...lines].join('\n');
}

async function showPage(ctx: FlowContext, page: number, cursor?: string): Promise<FlowStepResult<TransactionHistoryState>> {
  const m = TRANSACTION_HISTORY_MESSAGES[ctx.language];
  const result = await callWallet(() => ctx.wallet.listTransactions(ctx.customerId, { limit: HISTORY_PAGE_SIZE, ...(cursor ? { cursor } : {}) }));
  if (!result.ok) return failedResult({ v: 1, step: 'done', outcome: 'failed', pages: page - 1 }, ctx.language, result.error);
  const { items, nextCursor } = result.value;
  if (items.length === 0) {
    return { state: { v: 1, step: 'done', outcome: 'history_shown', pages: page - 1 }, replies: [{ text: page === 1 ? m.empty : m.end }], done: true, outcome: page === 1 ? 'history_empty' : 'history_shown' };
  }
  const text = historyText(items, ctx.language, ctx.now(), page);
  if (nextCursor) return { state: { v: 1, step: 'page', cursor: nextCursor, page }, replies: [reply(text, [{ label: m.more, value: MORE_VALUE }])] };
  return { state: { v: 1, step: 'done', outcome: 'history_shown', pages: page }, replies: [{ text: page === 1 ? text : `${text}\n${m.end}` }], done: true, outcome: 'history_shown' };
}

async function step(state: TransactionHistoryState, input: FlowInput, ctx: FlowContext): Promise<FlowStepResult<TransactionHistoryState>> {
  if (state.step === 'done') return { state, replies: [], done: true, outcome: state.outcome };
  if (readChoice(input, MORE_CHOICES) === MORE_VALUE) return showPage(ctx, state.page + 1, state.cursor);
  // Anything else ends the listing; the engine routes real questions before they reach the flow.
  return {
    state: { v: 1, step: 'done', outcome: 'history_shown', pages: state.page },
    replies: [{ text: TRANSACTION_HISTORY_MESSAGES[ctx.language].anythingElse }],
    done: true,
    outcome: 'history_shown',
  };
}

export const transactionHistoryFlow: Flow<TransactionHistoryState> = {
  id: 'transaction_history',
  version: TRANSACTION_HISTORY_VERSION,
  requiresVerification: true,
  start: (ctx) => showPage(ctx, 1),
  step,
};
