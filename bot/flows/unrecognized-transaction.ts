/**
 * unrecognized_transaction: find the charge the customer does not recognise, offer an immediate
 * protective lock, lock exactly once, open a dispute, and hand over urgently to the security team.
 * Every write takes an idempotency key saved (checkpointed) in the state before the call, and a
 * state left mid-write resumes that write with the same key.
 */
import type { Reply } from '../core/messages.ts';
import type { Language } from '../../intents/types.ts';
import { text } from '../i18n/messages.ts';
import type { Transaction } from '../wallet/types.ts';
import type { WalletError } from '../wallet/types.ts';
import {
  alreadyDone,
  buttonsOf,
  callWallet,
  checkpointThen,
  endResult,
  failedResult,
  outageResult,
  readChoice,
  reply,
  replyWithText,
  repromptResult,
  WORDS,
} from './common.ts';
import type { ButtonSpec, Choice } from './common.ts';
import { counterpartyIn, formatMoney, formatTransactionLine } from './format.ts';
import { identifyStep, startIdentifying } from './identify-transaction.ts';
import type { IdentifyRules, IdentifyingState } from './identify-transaction.ts';
import type { Flow, FlowContext, FlowHandoff, FlowInput, FlowStepResult } from './types.ts';

export const UNRECOGNIZED_TRANSACTION_VERSION = 1;

export type UnrecognizedTransactionStep = UnrecognizedTransactionState['step'];
export type UnrecognizedTransactionState =
  | IdentifyingState
  /** Transaction identified; offering the protective lock. */
  | { v: 1; step: 'offer_lock'; txId: string; reprompts?: number }
  /** Lock under way with this key; re-running the step reuses it. */
  | { v: 1; step: 'locking'; txId: string; lockKey: string }
  /** Lock declined; offering a dispute or a person. */
  | { v: 1; step: 'offer_dispute'; txId: string; reprompts?: number }
  /** Dispute under way with this key; re-running the step reuses it. */
  | { v: 1; step: 'disputing'; txId: string; disputeKey: string; lock: LockOutcome }
  | { v: 1; step: 'done'; outcome: string; txId?: string; lock?: LockOutcome; disputeId?: string };

export type LockOutcome = 'locked' | 'declined' | 'failed';

type LockChoice = 'fraud:nolock' | 'fraud:lock';
export const LOCK_CHOICES: readonly Choice<LockChoice>[] = [
  // A "no" that names the verb ("别锁") outranks the verb, which outranks a bare no, which outranks a bare yes.
  {
    value: 'fraud:nolock',
    rank: 3,
    words: ['不锁', '不要锁', '先不锁', '暂不锁', '别锁', "don't lock", 'do not lock', 'no lock', 'not lock'],
  },
  { value: 'fraud:lock', rank: 2, words: ['锁定', '锁', '冻结', 'lock', 'freeze'] },
  { value: 'fraud:nolock', rank: 1, words: WORDS.no },
  { value: 'fraud:lock', words: WORDS.yes },
];
const LOCK_BUTTONS: readonly ButtonSpec<LockChoice>[] = [
  { value: 'fraud:lock', label: 'unrecognized_transaction.button_lock' },
  { value: 'fraud:nolock', label: 'unrecognized_transaction.button_no_lock' },
];

type DisputeChoice = 'fraud:human' | 'fraud:dispute';
export const DISPUTE_CHOICES: readonly Choice<DisputeChoice>[] = [
  // As for the lock: "不要提交" outranks 争议, which outranks a bare no or a person, which outrank a bare yes.
  {
    value: 'fraud:human',
    rank: 3,
    words: [
      '只找人工',
      '不用提交',
      '不要提交',
      '不提交',
      '不用争议',
      '不要争议',
      'no dispute',
      "don't open",
      'do not open',
      'just a person',
      'just talk',
    ],
  },
  { value: 'fraud:dispute', rank: 2, words: ['争议', '申诉', 'dispute'] },
  { value: 'fraud:human', rank: 1, words: [...WORDS.human, ...WORDS.no] },
  { value: 'fraud:dispute', words: WORDS.yes },
];
const DISPUTE_BUTTONS: readonly ButtonSpec<DisputeChoice>[] = [
  { value: 'fraud:dispute', label: 'unrecognized_transaction.button_dispute' },
  { value: 'fraud:human', label: 'unrecognized_transaction.button_human_only' },
];

function urgentHandoff(txId: string | undefined, flags: string[], note?: string): FlowHandoff {
  return {
    reason: 'fraud',
    urgent: true,
    riskFlags: ['unrecognized_transaction', ...flags],
    linkedTransactions: txId ? [txId] : [],
    ...(note ? { note } : {}),
  };
}

function lockFlags(lock: LockOutcome): string[] {
  return lock === 'locked' ? ['account_locked'] : lock === 'declined' ? ['lock_declined'] : ['lock_failed'];
}

function offerLock(tx: Transaction, ctx: FlowContext): FlowStepResult<UnrecognizedTransactionState> {
  const language = ctx.language;
  const found = [
    text(language, 'unrecognized_transaction.found', { line: formatTransactionLine(tx, language, ctx.now()) }),
  ];
  if (!tx.debited) found.push(text(language, 'unrecognized_transaction.not_debited'));
  return {
    state: { v: 1, step: 'offer_lock', txId: tx.id },
    replies: [
      replyWithText('unrecognized_transaction.found', found.join('\n')),
      reply(language, 'unrecognized_transaction.offer_lock', {}, buttonsOf(language, LOCK_BUTTONS)),
    ],
  };
}

const IDENTIFY: IdentifyRules<UnrecognizedTransactionState> = {
  purpose: 'unrecognized',
  found: offerLock,
  giveUp: (ctx, why) =>
    endResult(
      { v: 1, step: 'done', outcome: 'not_identified' },
      [reply(ctx.language, `unrecognized_transaction.${why}`)],
      'not_identified',
      urgentHandoff(undefined, ['transaction_not_identified']),
    ),
  failed: (ctx, error) =>
    failedResult({ v: 1, step: 'done', outcome: 'failed' }, ctx.language, error, urgentHandoff(undefined, [])),
};

/** Locks with the key in the state, then moves on to the dispute. */
async function lock(
  state: Extract<UnrecognizedTransactionState, { step: 'locking' }>,
  ctx: FlowContext,
): Promise<FlowStepResult<UnrecognizedTransactionState>> {
  const result = await callWallet(() =>
    ctx.wallet.lockAccount(ctx.customerId, { reason: 'suspected_fraud', idempotencyKey: state.lockKey }),
  );
  if (!result.ok && result.error.isOutage) {
    return outageResult(
      { v: 1, step: 'done', outcome: 'wallet_outage', txId: state.txId },
      ctx.language,
      urgentHandoff(state.txId, ['lock_failed']),
    );
  }
  const outcome: LockOutcome = result.ok ? 'locked' : 'failed';
  const next = await beginDispute(state.txId, outcome, ctx);
  return {
    ...next,
    replies: [
      reply(
        ctx.language,
        outcome === 'locked' ? 'unrecognized_transaction.locked' : 'unrecognized_transaction.lock_failed',
      ),
      ...next.replies,
    ],
  };
}

async function beginDispute(
  txId: string,
  lockOutcome: LockOutcome,
  ctx: FlowContext,
): Promise<FlowStepResult<UnrecognizedTransactionState>> {
  return checkpointThen(
    ctx,
    { v: 1, step: 'disputing', txId, disputeKey: ctx.newIdempotencyKey(), lock: lockOutcome } as const,
    dispute,
  );
}

/** Opens the dispute with the key in the state (or reuses one already on the transaction), then hands over urgently. */
async function dispute(
  state: Extract<UnrecognizedTransactionState, { step: 'disputing' }>,
  ctx: FlowContext,
): Promise<FlowStepResult<UnrecognizedTransactionState>> {
  const language = ctx.language;
  const flags = lockFlags(state.lock);
  const txResult = await callWallet(() => ctx.wallet.getTransaction(ctx.customerId, state.txId));
  if (!txResult.ok && txResult.error.isOutage) {
    return outageResult(
      { v: 1, step: 'done', outcome: 'wallet_outage', txId: state.txId, lock: state.lock },
      ctx.language,
      urgentHandoff(state.txId, flags),
    );
  }
  const tx = txResult.ok ? txResult.value : undefined;
  let disputeId = tx?.disputeId;
  let error: WalletError | undefined;
  if (!disputeId) {
    const opened = await callWallet(() =>
      ctx.wallet.openDispute(ctx.customerId, state.txId, { reason: 'unrecognized', idempotencyKey: state.disputeKey }),
    );
    if (opened.ok) disputeId = opened.value.disputeId;
    else error = opened.error;
  }
  if (error?.isOutage) {
    return outageResult(
      { v: 1, step: 'done', outcome: 'wallet_outage', txId: state.txId, lock: state.lock },
      ctx.language,
      urgentHandoff(state.txId, [...flags, 'dispute_failed']),
    );
  }
  const replies: Reply[] = [];
  if (disputeId && tx) {
    const money = formatMoney(tx.amount, tx.currency, language);
    replies.push(
      reply(language, 'unrecognized_transaction.dispute_opened', {
        disputeId,
        money,
        counterparty: counterpartyIn(tx.counterparty, language),
      }),
    );
  } else replies.push(reply(language, 'unrecognized_transaction.dispute_failed'));
  replies.push(urgentNotice(language, 'unrecognized_transaction.urgent'));
  const outcome = disputeId ? (state.lock === 'locked' ? 'locked_and_disputed' : 'disputed') : 'dispute_failed';
  return endResult(
    { v: 1, step: 'done', outcome, txId: state.txId, lock: state.lock, ...(disputeId ? { disputeId } : {}) },
    replies,
    outcome,
    urgentHandoff(
      state.txId,
      disputeId ? [...flags, 'dispute_opened'] : [...flags, 'dispute_failed'],
      disputeId ? `dispute ${disputeId}` : error ? `dispute not opened: ${error.code}` : undefined,
    ),
  );
}

/** "Passed to the security team as urgent", with the safety advice under it. */
function urgentNotice(
  language: Language,
  id: 'unrecognized_transaction.urgent' | 'unrecognized_transaction.human_only',
): Reply {
  return replyWithText(id, `${text(language, id)}\n${text(language, 'unrecognized_transaction.safety')}`);
}

async function step(
  state: UnrecognizedTransactionState,
  input: FlowInput,
  ctx: FlowContext,
): Promise<FlowStepResult<UnrecognizedTransactionState>> {
  const language = ctx.language;
  switch (state.step) {
    case 'choosing':
    case 'describing':
      return identifyStep(IDENTIFY, state, input, ctx);
    case 'offer_lock': {
      const choice = readChoice(input, LOCK_CHOICES, LOCK_BUTTONS);
      if (choice === 'fraud:lock') {
        const locking = { v: 1, step: 'locking', txId: state.txId, lockKey: ctx.newIdempotencyKey() } as const;
        return checkpointThen(ctx, locking, lock);
      }
      if (choice === 'fraud:nolock') {
        return {
          state: { v: 1, step: 'offer_dispute', txId: state.txId },
          replies: [
            reply(language, 'unrecognized_transaction.offer_dispute', {}, buttonsOf(language, DISPUTE_BUTTONS)),
          ],
        };
      }
      return repromptResult(
        state,
        language,
        buttonsOf(language, LOCK_BUTTONS),
        'unrecognized_transaction.offer_lock',
        urgentHandoff(state.txId, ['repeated_misunderstanding']),
      );
    }
    case 'locking':
      return lock(state, ctx);
    case 'offer_dispute': {
      const choice = readChoice(input, DISPUTE_CHOICES, DISPUTE_BUTTONS);
      if (choice === 'fraud:dispute') return beginDispute(state.txId, 'declined', ctx);
      if (choice === 'fraud:human') {
        return endResult(
          { v: 1, step: 'done', outcome: 'handed_over', txId: state.txId, lock: 'declined' },
          [urgentNotice(language, 'unrecognized_transaction.human_only')],
          'handed_over',
          urgentHandoff(state.txId, ['lock_declined', 'dispute_declined']),
        );
      }
      return repromptResult(
        state,
        language,
        buttonsOf(language, DISPUTE_BUTTONS),
        'unrecognized_transaction.offer_dispute',
        urgentHandoff(state.txId, ['lock_declined', 'repeated_misunderstanding']),
      );
    }
    case 'disputing':
      return dispute(state, ctx);
    case 'done':
      // A repeated press after the end (e.g. "lock" again) does nothing twice.
      return alreadyDone(state);
  }
}

export const unrecognizedTransactionFlow: Flow<UnrecognizedTransactionState> = {
  id: 'unrecognized_transaction',
  version: UNRECOGNIZED_TRANSACTION_VERSION,
  requiresVerification: true,
  start: (ctx, trigger) => startIdentifying(IDENTIFY, ctx, trigger),
  step,
};
