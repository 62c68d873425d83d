/**
 * The "which transaction?" part shared by payment_failed and unrecognized_transaction: turns a
 * FindResult into a question with buttons, and reads the customer's answer.
 */
import type { Button, Reply } from '../core/messages.ts';
import type { Language } from '../../intents/types.ts';
import type { Transaction } from '../wallet/types.ts';
import { WalletError } from '../wallet/types.ts';
import type { Messages } from './common.ts';
import { NONE_OF_THESE, findTransaction, pickedTransactionId, transactionButtons } from './find-transaction.ts';
import type { FindResult, TransactionPurpose } from './find-transaction.ts';
import type { FlowContext, FlowInput } from './types.ts';

export interface PickMessages {
  whichOne: Record<TransactionPurpose, string>;
  severalMatch: string;
  noExactMatch: string;
  notFound: (id: string) => string;
  noTransactions: string;
  noneOfThese: string;
  describe: string;
}

export const PICK_MESSAGES: Messages<PickMessages> = {
  zh: {
    whichOne: { payment_problem: '是下面哪一笔交易？', unrecognized: '是下面哪一笔扣款你不认识？' },
    severalMatch: '我找到了几笔可能的交易，是哪一笔？',
    noExactMatch: '我没找到完全对得上的交易。是下面哪一笔吗？',
    notFound: (id) => `我在你的账户里没有找到交易 ${id}。是下面哪一笔吗？`,
    noTransactions: '我在你的账户里没看到最近的交易记录。',
    noneOfThese: '都不是',
    describe: '好的，请告诉我金额、商户或收款人名称、日期，或者交易号（T 开头），我再帮你查。',
  },
  en: {
    whichOne: { payment_problem: 'Which transaction is it?', unrecognized: "Which charge don't you recognise?" },
    severalMatch: 'I found a few that could match. Which one is it?',
    noExactMatch: "I couldn't find an exact match. Is it one of these?",
    notFound: (id) => `I couldn't find transaction ${id} on your account. Is it one of these?`,
    noTransactions: "I can't see any recent transactions on your account.",
    noneOfThese: 'None of these',
    describe: 'OK — tell me the amount, the merchant or person, the date, or the transaction ID (starts with T) and I will look again.',
  },
};

/** The question to ask when the finder did not single out one transaction; null when there is nothing to offer. */
export function pickQuestion(result: Exclude<FindResult, { kind: 'found' }>, purpose: TransactionPurpose, language: Language, now: Date): Reply | null {
  const m = PICK_MESSAGES[language];
  if (result.candidates.length === 0) return null;
  let text: string;
  if (result.kind === 'not_found') text = m.notFound(result.transactionId);
  else if (result.kind === 'ambiguous') text = m.severalMatch;
  else text = result.triedCriteria ? m.noExactMatch : m.whichOne[purpose];
  const buttons: Button[] = [...transactionButtons(result.candidates, language, now), { label: m.noneOfThese, value: NONE_OF_THESE }];
  return { text, buttons };
}

export type PickAnswer =
  | { kind: 'found'; tx: Transaction }
  | { kind: 'retry'; result: Exclude<FindResult, { kind: 'found' }> }
  | { kind: 'none_of_these' }
  | { kind: 'unclear' };

function offeredValue(offered: readonly string[], n: number): string | undefined {
  if (n === offered.length + 1) return NONE_OF_THESE;
  const id = offered[n - 1];
  return id ? `tx:${id}` : undefined;
}

/**
 * Reads the answer to "which transaction?": a `tx:<id>` button, "none of these", or a typed
 * description run through the finder again. Throws WalletError on outages.
 */
export async function readPick(input: FlowInput, ctx: FlowContext, purpose: TransactionPurpose, offered: readonly string[] = []): Promise<PickAnswer> {
  // Channels without buttons show numbered choices: "2" means the second button, and the one after the last is "none of these".
  const numbered = input.kind === 'text' && offered.length ? /^\s*(\d{1,2})\s*$/.exec(input.text) : null;
  const value = input.kind === 'action' ? input.value : numbered ? offeredValue(offered, Number(numbered[1])) : undefined;
  if (value !== undefined) {
    if (value === NONE_OF_THESE) return { kind: 'none_of_these' };
    const id = pickedTransactionId(value);
    if (!id) return { kind: 'unclear' };
    try {
      return { kind: 'found', tx: await ctx.wallet.getTransaction(ctx.customerId, id) };
    } catch (err) {
      if (!(err instanceof WalletError) || err.code !== 'not_found') throw err;
      const result = await findTransaction(ctx.wallet, ctx.customerId, { text: id, entities: [] }, purpose, ctx.now());
      return result.kind === 'found' ? result : { kind: 'retry', result };
    }
  }
  if (input.kind === 'action') return { kind: 'unclear' };
  const text = input.text.trim();
  if (/^(都不是|都没有|没有|不是|none( of (these|them))?|neither|not (these|there))$/i.test(text)) return { kind: 'none_of_these' };
  const result = await findTransaction(ctx.wallet, ctx.customerId, { text, entities: input.nlu.entities }, purpose, ctx.now());
  return result.kind === 'found' ? result : { kind: 'retry', result };
}
