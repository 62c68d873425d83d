/**
 * transaction_history: the customer's transactions five at a time, newest first, with a "More"
 * button that follows the wallet's cursor (kept in the state).
 */
import type { Language } from '../../intents/types.ts';
import type { Transaction } from '../wallet/types.ts';
import { text } from '../i18n/messages.ts';
import {
  alreadyDone,
  buttonsOf,
  callWallet,
  endResult,
  failedResult,
  readChoice,
  reply,
  replyWithText,
} from './common.ts';
import type { ButtonSpec, Choice } from './common.ts';
import { formatTransactionLine } from './format.ts';
import type { Flow, FlowContext, FlowInput, FlowStepResult } from './types.ts';

export const TRANSACTION_HISTORY_VERSION = 1;
export const HISTORY_PAGE_SIZE = 5;
export const MORE_VALUE = 'history:more';

export type TransactionHistoryStep = TransactionHistoryState['step'];
export type TransactionHistoryState =
  /** A page was shown and more exist after `cursor`. */
  { v: 1; step: 'page'; cursor: string; page: number } | { v: 1; step: 'done'; outcome: string; pages: number };

export const MORE_CHOICES: readonly Choice<typeof MORE_VALUE>[] = [
  { value: MORE_VALUE, words: ['更多', '下一页', '还有', '继续', '再看', 'more', 'next', 'older', 'continue'] },
];
const MORE_BUTTONS: readonly ButtonSpec<typeof MORE_VALUE>[] = [
  { value: MORE_VALUE, label: 'transaction_history.button_more' },
];

export function historyText(items: Transaction[], language: Language, now: Date, page: number): string {
  const lines = items.map((tx) => `• ${formatTransactionLine(tx, language, now)}`);
  return [text(language, page === 1 ? 'transaction_history.first' : 'transaction_history.next'), ...lines].join('\n');
}

async function showPage(
  ctx: FlowContext,
  page: number,
  cursor?: string,
): Promise<FlowStepResult<TransactionHistoryState>> {
  const language = ctx.language;
  const result = await callWallet(() =>
    ctx.wallet.listTransactions(ctx.customerId, { limit: HISTORY_PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
  );
  if (!result.ok)
    return failedResult({ v: 1, step: 'done', outcome: 'failed', pages: page - 1 }, language, result.error);
  const { items, nextCursor } = result.value;
  if (items.length === 0) {
    return endResult(
      { v: 1, step: 'done', outcome: 'history_shown', pages: page - 1 },
      [reply(language, page === 1 ? 'transaction_history.empty' : 'transaction_history.end')],
      page === 1 ? 'history_empty' : 'history_shown',
    );
  }
  const id = page === 1 ? 'transaction_history.first' : 'transaction_history.next';
  const listing = historyText(items, language, ctx.now(), page);
  if (nextCursor)
    return {
      state: { v: 1, step: 'page', cursor: nextCursor, page },
      replies: [replyWithText(id, listing, buttonsOf(language, MORE_BUTTONS))],
    };
  const last = page === 1 ? listing : `${listing}\n${text(language, 'transaction_history.end')}`;
  return endResult(
    { v: 1, step: 'done', outcome: 'history_shown', pages: page },
    [replyWithText(id, last)],
    'history_shown',
  );
}

async function step(
  state: TransactionHistoryState,
  input: FlowInput,
  ctx: FlowContext,
): Promise<FlowStepResult<TransactionHistoryState>> {
  if (state.step === 'done') return alreadyDone(state);
  if (readChoice(input, MORE_CHOICES, MORE_BUTTONS) === MORE_VALUE) return showPage(ctx, state.page + 1, state.cursor);
  // Anything else ends the listing; the engine routes real questions before they reach the flow.
  return endResult(
    { v: 1, step: 'done', outcome: 'history_shown', pages: state.page },
    [reply(ctx.language, 'transaction_history.anything_else')],
    'history_shown',
  );
}

export const transactionHistoryFlow: Flow<TransactionHistoryState> = {
  id: 'transaction_history',
  version: TRANSACTION_HISTORY_VERSION,
  requiresVerification: true,
  start: (ctx) => showPage(ctx, 1),
  step,
};
