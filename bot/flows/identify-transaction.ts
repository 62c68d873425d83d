/**
 * The opening steps payment_failed and unrecognized_transaction share: find the transaction the customer
 * means, offer candidates ("choosing"), take a description after "none of these" ("describing"), and
 * re-ask up to MAX_REPROMPTS times. The flow says what happens once the transaction is known, and how
 * it gives up or fails.
 */
import type { Transaction, WalletError } from '../wallet/types.ts';
import type { Entity } from '../../intents/types.ts';
import { MAX_REPROMPTS, callWallet, reply } from './common.ts';
import { findTransaction } from './find-transaction.ts';
import type { FindResult, TransactionPurpose } from './find-transaction.ts';
import { pickQuestion, readPick } from './pick-transaction.ts';
import type { FlowContext, FlowInput, FlowStateBase, FlowStepResult } from './types.ts';

export type IdentifyingState =
  /** Candidates offered as `tx:<id>` buttons. */
  | { v: 1; step: 'choosing'; candidates: string[]; reprompts?: number }
  /** "None of these": waiting for an amount, merchant, date or id. */
  | { v: 1; step: 'describing'; reprompts?: number };

/** What a flow does around the shared steps. `S` is the flow's own state. */
export interface IdentifyRules<S extends FlowStateBase> {
  purpose: TransactionPurpose;
  /** The transaction is known: the flow's next step. */
  found(tx: Transaction, ctx: FlowContext): FlowStepResult<S>;
  /** Nothing to offer ('no_transactions'), or the customer could not say which ('gave_up'). */
  giveUp(ctx: FlowContext, why: 'no_transactions' | 'gave_up'): FlowStepResult<S>;
  /** The wallet refused or was unreachable while looking. */
  failed(ctx: FlowContext, error: WalletError): FlowStepResult<S>;
}

type Result<S extends FlowStateBase> = FlowStepResult<S | IdentifyingState>;

function present<S extends FlowStateBase>(
  rules: IdentifyRules<S>,
  result: FindResult,
  ctx: FlowContext,
  reprompts?: number,
): Result<S> {
  if (result.kind === 'found') return rules.found(result.tx, ctx);
  const question = pickQuestion(result, rules.purpose, ctx.language, ctx.now());
  if (!question) return rules.giveUp(ctx, 'no_transactions');
  const candidates = result.candidates.map((tx) => tx.id);
  return { state: { v: 1, step: 'choosing', candidates, ...(reprompts ? { reprompts } : {}) }, replies: [question] };
}

/** The flow's start: look for the transaction the triggering message describes. */
export async function startIdentifying<S extends FlowStateBase>(
  rules: IdentifyRules<S>,
  ctx: FlowContext,
  trigger: { text?: string; entities: Entity[] },
): Promise<Result<S>> {
  const found = await callWallet(() =>
    findTransaction(
      ctx.wallet,
      ctx.customerId,
      { text: trigger.text, entities: trigger.entities },
      rules.purpose,
      ctx.now(),
    ),
  );
  if (!found.ok) return rules.failed(ctx, found.error);
  return present(rules, found.value, ctx);
}

/** One answer to "which transaction?" (a button, a number, "none of these" or a description). */
export async function identifyStep<S extends FlowStateBase>(
  rules: IdentifyRules<S>,
  state: IdentifyingState,
  input: FlowInput,
  ctx: FlowContext,
): Promise<Result<S>> {
  const answer = await callWallet(() =>
    readPick(input, ctx, rules.purpose, state.step === 'choosing' ? state.candidates : []),
  );
  if (!answer.ok) return rules.failed(ctx, answer.error);
  const a = answer.value;
  if (a.kind === 'found') return rules.found(a.tx, ctx);
  if (a.kind === 'none_of_these') {
    if (state.step === 'describing') return rules.giveUp(ctx, 'gave_up');
    return { state: { v: 1, step: 'describing' }, replies: [reply(ctx.language, 'pick_transaction.describe')] };
  }
  const reprompts = (state.reprompts ?? 0) + 1;
  if (reprompts > MAX_REPROMPTS) return rules.giveUp(ctx, 'gave_up');
  if (a.kind === 'retry') return present(rules, a.result, ctx, reprompts);
  const again = await callWallet(() =>
    findTransaction(ctx.wallet, ctx.customerId, { entities: [] }, rules.purpose, ctx.now()),
  );
  if (!again.ok) return rules.failed(ctx, again.error);
  return present(rules, again.value, ctx, reprompts);
}
