/**
 * payment_failed: find the payment the customer means, explain what happened to it (failed and
 * not debited, failed but debited with a refund on its way, pending, or actually successful),
 * add the troubleshooting checklist when it helps, and hand over if the customer disagrees.
 */
import type { Reply } from '../core/messages.ts';
import type { Language } from '../../intents/types.ts';
import { sentences, text, type MessageId } from '../i18n/messages.ts';
import type { FailureReason, Transaction } from '../wallet/types.ts';
import {
  alreadyDone,
  buttonsOf,
  endResult,
  failedResult,
  readChoice,
  reply,
  replyWithText,
  repromptResult,
} from './common.ts';
import type { ButtonSpec, Choice } from './common.ts';
import { counterpartyIn, formatDay, formatFailureReason, formatMoney, formatWhen } from './format.ts';
import { identifyStep, startIdentifying } from './identify-transaction.ts';
import type { IdentifyRules, IdentifyingState } from './identify-transaction.ts';
import type { Flow, FlowContext, FlowInput, FlowStepResult } from './types.ts';

export const PAYMENT_FAILED_VERSION = 1;

export type PaymentFailedStep = PaymentFailedState['step'];
export type PaymentFailedState =
  | IdentifyingState
  /** Explained; waiting for "that helps" / "this isn't right". */
  | { v: 1; step: 'explained'; txId: string; summary: string; reprompts?: number }
  | { v: 1; step: 'done'; outcome: string; txId?: string };

/** The case a transaction falls into, named for metrics and the agent's note. */
export type PaymentCase =
  | 'failed_not_debited'
  | 'failed_debited_refund_pending'
  | 'failed_debited_refunded'
  | 'failed_debited_no_refund'
  | 'pending'
  | 'success'
  | 'reversed';

export function paymentCase(tx: Transaction): PaymentCase {
  if (tx.status === 'pending') return 'pending';
  if (tx.status === 'success') return 'success';
  if (tx.status === 'reversed') return 'reversed';
  if (!tx.debited) return 'failed_not_debited';
  if (tx.refund?.status === 'completed') return 'failed_debited_refunded';
  if (tx.refund?.status === 'pending') return 'failed_debited_refund_pending';
  return 'failed_debited_no_refund';
}

/** The placeholders every sentence about one transaction takes: {when}, {verb}, {counterparty}, {money}. */
type TxFacts = {
  when: string;
  /** 付给/转给 (zh) or payment/transfer (en): transaction.verb.* */
  verb: string;
  counterparty: string;
  money: string;
};

/** Reasons where the generic five-step checklist adds something. */
const CHECKLIST_REASONS: ReadonlySet<FailureReason | undefined> = new Set([
  undefined,
  'network_error',
  'merchant_error',
  'card_declined',
]);

type FeedbackChoice = 'pay:disagree' | 'pay:ok';
export const FEEDBACK_CHOICES: readonly Choice<FeedbackChoice>[] = [
  // "Thanks, but that's wrong": a word of disagreement outranks one of assent.
  {
    value: 'pay:disagree',
    rank: 1,
    words: [
      '不同意',
      '不对',
      '不是这样',
      '不明白',
      '有问题',
      '错了',
      '没退',
      '没收到',
      "isn't right",
      'not right',
      'wrong',
      'disagree',
      'no',
      "doesn't help",
      'not helpful',
    ],
  },
  {
    value: 'pay:ok',
    words: [
      '明白',
      '清楚',
      '知道了',
      '好的',
      '谢谢',
      '懂了',
      'helps',
      'got it',
      'thanks',
      'thank you',
      'ok',
      'okay',
      'yes',
      'clear',
      'understood',
    ],
  },
];

const FEEDBACK_BUTTONS: readonly ButtonSpec<FeedbackChoice>[] = [
  { value: 'pay:ok', label: 'payment_failed.button_helps' },
  { value: 'pay:disagree', label: 'payment_failed.button_disagree' },
];

function facts(tx: Transaction, language: Language, now: Date): TxFacts {
  const transfer = tx.type === 'transfer' || tx.type === 'withdrawal';
  return {
    when: formatWhen(tx.createdAt, language, now),
    verb: text(language, transfer ? 'transaction.verb.transfer' : 'transaction.verb.payment'),
    counterparty: counterpartyIn(tx.counterparty, language),
    money: formatMoney(tx.amount, tx.currency, language),
  };
}

function summaryOf(tx: Transaction): string {
  return `tx ${tx.id}: ${paymentCase(tx)}${tx.failureReason ? ` (${tx.failureReason})` : ''}${tx.refund ? `, refund ${tx.refund.status}${tx.refund.expectedBy ? ` by ${tx.refund.expectedBy}` : ''}` : ''}`;
}

/** The explanation of one transaction in the customer's language. */
export function explainTransaction(tx: Transaction, language: Language, now: Date): Reply[] {
  const f = facts(tx, language, now);
  const about = (id: MessageId, params: Record<string, string> = {}): Reply => reply(language, id, { ...f, ...params });
  const refund = formatMoney(tx.refund?.amount ?? tx.amount, tx.currency, language);
  switch (paymentCase(tx)) {
    case 'failed_not_debited': {
      const what = [text(language, 'payment_failed.failed_not_debited', f)];
      if (tx.failureReason)
        what.push(text(language, 'payment_failed.reason', { reason: formatFailureReason(tx.failureReason, language) }));
      const explanation = `${sentences(language, what)}\n${text(language, `payment_failed.advice.${tx.failureReason ?? 'unknown'}`)}`;
      const first = replyWithText('payment_failed.failed_not_debited', explanation);
      return CHECKLIST_REASONS.has(tx.failureReason) ? [first, reply(language, 'payment_failed.checklist')] : [first];
    }
    case 'failed_debited_refund_pending': {
      const by = tx.refund?.expectedBy
        ? text(language, 'payment_failed.refund_by', { date: formatDay(tx.refund.expectedBy, language, now) })
        : '';
      const days = tx.refund?.businessDays;
      const within = days ? text(language, 'payment_failed.refund_within', { days }) : '';
      return [about('payment_failed.refund_pending', { refund, by, within })];
    }
    case 'failed_debited_refunded':
      return [about('payment_failed.refunded', { refund })];
    case 'failed_debited_no_refund':
      return [about('payment_failed.no_refund')];
    case 'pending':
      return [about('payment_failed.pending')];
    case 'success':
      return [about('payment_failed.success', { transactionId: tx.id })];
    case 'reversed':
      return [about('payment_failed.reversed')];
  }
}

function explain(tx: Transaction, ctx: FlowContext): FlowStepResult<PaymentFailedState> {
  const replies = explainTransaction(tx, ctx.language, ctx.now());
  const kind = paymentCase(tx);
  if (kind === 'failed_debited_no_refund') {
    return endResult({ v: 1, step: 'done', outcome: kind, txId: tx.id }, replies, kind, {
      reason: 'flow_failed',
      note: summaryOf(tx),
      linkedTransactions: [tx.id],
    });
  }
  replies.push(reply(ctx.language, 'payment_failed.does_this_help', {}, buttonsOf(ctx.language, FEEDBACK_BUTTONS)));
  return { state: { v: 1, step: 'explained', txId: tx.id, summary: summaryOf(tx) }, replies };
}

const IDENTIFY: IdentifyRules<PaymentFailedState> = {
  purpose: 'payment_problem',
  found: explain,
  giveUp(ctx, why) {
    const [id, outcome] =
      why === 'no_transactions'
        ? (['payment_failed.no_transactions', 'no_transactions'] as const)
        : (['payment_failed.gave_up', 'not_identified'] as const);
    return endResult({ v: 1, step: 'done', outcome }, [reply(ctx.language, id)], outcome, {
      reason: 'flow_failed',
      note: 'transaction not identified',
    });
  },
  failed: (ctx, error) => failedResult({ v: 1, step: 'done', outcome: 'failed' }, ctx.language, error),
};

async function step(
  state: PaymentFailedState,
  input: FlowInput,
  ctx: FlowContext,
): Promise<FlowStepResult<PaymentFailedState>> {
  switch (state.step) {
    case 'choosing':
    case 'describing':
      return identifyStep(IDENTIFY, state, input, ctx);
    case 'explained': {
      const choice = readChoice(input, FEEDBACK_CHOICES, FEEDBACK_BUTTONS);
      if (choice === 'pay:ok') {
        const done: PaymentFailedState = { v: 1, step: 'done', outcome: 'explained', txId: state.txId };
        return endResult(done, [reply(ctx.language, 'payment_failed.glad')], 'explained');
      }
      if (choice === 'pay:disagree') {
        const done: PaymentFailedState = { v: 1, step: 'done', outcome: 'customer_disagrees', txId: state.txId };
        return endResult(done, [reply(ctx.language, 'payment_failed.to_human')], 'customer_disagrees', {
          reason: 'customer_disagrees',
          note: state.summary,
          linkedTransactions: [state.txId],
        });
      }
      return repromptResult(
        state,
        ctx.language,
        buttonsOf(ctx.language, FEEDBACK_BUTTONS),
        'payment_failed.does_this_help',
        { reason: 'repeated_misunderstanding', note: state.summary, linkedTransactions: [state.txId] },
      );
    }
    case 'done':
      return alreadyDone(state);
  }
}

export const paymentFailedFlow: Flow<PaymentFailedState> = {
  id: 'payment_failed',
  version: PAYMENT_FAILED_VERSION,
  requiresVerification: true,
  start: (ctx, trigger) => startIdentifying(IDENTIFY, ctx, trigger),
  step,
};
