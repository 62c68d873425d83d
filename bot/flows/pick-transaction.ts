/**
 * The "which transaction?" part shared by payment_failed and unrecognized_transaction: turns a
 * FindResult into a question with buttons, and reads the customer's answer.
 */
import type { Button, Reply } from '../core/messages.ts';
import type { Language } from '../../intents/types.ts';
import type { Transaction } from '../wallet/types.ts';
import { WalletError } from '../wallet/types.ts';
import { text, type MessageId } from '../i18n/messages.ts';
import { replyWithText } from './common.ts';
import { NONE_OF_THESE, findTransaction, pickedTransactionId, transactionButtons } from './find-transaction.ts';
import type { FindResult, TransactionPurpose } from './find-transaction.ts';
import type { FlowContext, FlowInput } from './types.ts';

/** The question to ask when the finder did not single out one transaction; null when there is nothing to offer. */
export function pickQuestion(
  result: Exclude<FindResult, { kind: 'found' }>,
  purpose: TransactionPurpose,
  language: Language,
  now: Date,
): Reply | null {
  if (result.candidates.length === 0) return null;
  const id: MessageId =
    result.kind === 'not_found'
      ? 'pick_transaction.not_found'
      : result.kind === 'ambiguous'
        ? 'pick_transaction.several_match'
        : result.triedCriteria
          ? 'pick_transaction.no_exact_match'
          : `pick_transaction.which_one.${purpose}`;
  const question = text(language, id, result.kind === 'not_found' ? { transactionId: result.transactionId } : {});
  const buttons: Button[] = [
    ...transactionButtons(result.candidates, language, now),
    { label: text(language, 'pick_transaction.button_none'), value: NONE_OF_THESE },
  ];
  return replyWithText(id, question, buttons);
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
export async function readPick(
  input: FlowInput,
  ctx: FlowContext,
  purpose: TransactionPurpose,
  offered: readonly string[] = [],
): Promise<PickAnswer> {
  // Channels without buttons show numbered choices: "2" means the second button, and the one after the last is "none of these".
  const numbered = input.kind === 'text' && offered.length ? /^\s*(\d{1,2})\s*$/.exec(input.text) : null;
  const value =
    input.kind === 'action' ? input.value : numbered ? offeredValue(offered, Number(numbered[1])) : undefined;
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
  if (/^(都不是|都没有|没有|不是|none( of (these|them))?|neither|not (these|there))$/i.test(text))
    return { kind: 'none_of_these' };
  const result = await findTransaction(
    ctx.wallet,
    ctx.customerId,
    { text, entities: input.nlu.entities },
    purpose,
    ctx.now(),
  );
  return result.kind === 'found' ? result : { kind: 'retry', result };
}
