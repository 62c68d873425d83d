/** check_balance: show the verified customer's balance, formatted for their language, with its as-of time. */
import type { Language } from '../../intents/types.ts';
import type { Balance } from '../wallet/types.ts';
import { text } from '../i18n/messages.ts';
import { callWallet, endResult, failedResult, replyWithText } from './common.ts';
import { formatMoney, formatWhen } from './format.ts';
import type { Flow, FlowContext, FlowStepResult } from './types.ts';

export const CHECK_BALANCE_VERSION = 1;

export type CheckBalanceStep = CheckBalanceState['step'];
export type CheckBalanceState = { v: 1; step: 'done'; outcome: string };

export function formatBalance(balance: Balance, language: Language, now: Date): string {
  const asOf = formatWhen(balance.asOf, language, now, { withTime: true });
  return text(language, 'check_balance.balance', {
    money: formatMoney(balance.amount, balance.currency, language),
    asOf,
  });
}

async function show(ctx: FlowContext): Promise<FlowStepResult<CheckBalanceState>> {
  const result = await callWallet(() => ctx.wallet.getBalance(ctx.customerId));
  if (!result.ok) return failedResult({ v: 1, step: 'done', outcome: 'failed' }, ctx.language, result.error);
  const balance = replyWithText('check_balance.balance', formatBalance(result.value, ctx.language, ctx.now()));
  return endResult({ v: 1, step: 'done', outcome: 'balance_shown' }, [balance], 'balance_shown');
}

export const checkBalanceFlow: Flow<CheckBalanceState> = {
  id: 'check_balance',
  version: CHECK_BALANCE_VERSION,
  requiresVerification: true,
  start: (ctx) => show(ctx),
  /** The flow ends at once; a step on a leftover state simply shows the balance again. */
  step: (_state, _input, ctx) => show(ctx),
};
