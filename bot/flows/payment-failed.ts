/**
 * payment_failed: find the payment the customer means, explain what happened to it (failed and
 * not debited, failed but debited with a refund on its way, pending, or actually successful),
 * add the troubleshooting checklist when it helps, and hand over if the customer disagrees.
 */
import type { Button, Reply } from '../core/messages.ts';
import type { Language } from '../../intents/types.ts';
import type { FailureReason, Transaction } from '../wallet/types.ts';
import { MAX_REPROMPTS, callWallet, failedResult, readChoice, reply, repromptResult } from './common.ts';
import type { Choice, Messages } from './common.ts';
import { findTransaction } from './find-transaction.ts';
import type { FindResult } from './find-transaction.ts';
import { formatDay, formatFailureReason, formatMoney, formatWhen, spaceLatin } from './format.ts';
import { PICK_MESSAGES, pickQuestion, readPick } from './pick-transaction.ts';
import type { Flow, FlowContext, FlowInput, FlowStepResult } from './types.ts';

export const PAYMENT_FAILED_VERSION = 1;

export type PaymentFailedStep = PaymentFailedState['step'];
export type PaymentFailedState =
  /** Candidates offered as `tx:<id>` buttons. */
  | { v: 1; step: 'choosing'; candidates: string[]; reprompts?: number }
  /** "None of these": waiting for an amount, merchant, date or id. */
  | { v: 1; step: 'describing'; reprompts?: number }
  /** Explained; waiting for "that helps" / "this isn't right". */
  | { v: 1; step: 'explained'; txId: string; summary: string; reprompts?: number }
  | { v: 1; step: 'done'; outcome: string; txId?: string };

/** The case a transaction falls into, named for metrics and the agent's note. */
export type PaymentCase = 'failed_not_debited' | 'failed_debited_refund_pending' | 'failed_debited_refunded' | 'failed_debited_no_refund' | 'pending' | 'success' | 'reversed';

export function paymentCase(tx: Transaction): PaymentCase {
  if (tx.status === 'pending') return 'pending';
  if (tx.status === 'success') return 'success';
  if (tx.status === 'reversed') return 'reversed';
  if (!tx.debited) return 'failed_not_debited';
  if (tx.refund?.status === 'completed') return 'failed_debited_refunded';
  if (tx.refund?.status === 'pending') return 'failed_debited_refund_pending';
  return 'failed_debited_no_refund';
}

interface TxFacts {
  when: string;
  /** 付给/转给 (zh) or payment/transfer (en). */
  verb: string;
  counterparty: string;
  money: string;
  id: string;
}

export interface PaymentFailedMessages {
  failedNotDebited: (f: TxFacts) => string;
  reason: (reason: string) => string;
  advice: Record<FailureReason | 'unknown', string>;
  refundPending: (f: TxFacts, refund: string, by: string | undefined, businessDays: number | undefined) => string;
  refunded: (f: TxFacts, refund: string) => string;
  noRefund: (f: TxFacts) => string;
  pending: (f: TxFacts) => string;
  success: (f: TxFacts) => string;
  reversed: (f: TxFacts) => string;
  checklist: string;
  doesThisHelp: string;
  helps: string;
  disagree: string;
  glad: string;
  toHuman: string;
  noTransactions: string;
  gaveUp: string;
}

export const PAYMENT_FAILED_MESSAGES: Messages<PaymentFailedMessages> = {
  zh: {
    failedNotDebited: (f) => `你${f.when} ${f.verb}${f.counterparty}的 ${f.money} 没有支付成功。放心，这笔钱没有被扣，余额不受影响。`,
    reason: (r) => `失败原因：${r}。`,
    advice: {
      insufficient_balance: '可以先充值，或换一张银行卡/其他支付方式后再付一次。',
      network_error: '换一个稳定的网络后再试一次就好。',
      risk_declined: '这是为了保护你的账户安全。如果确实是你本人操作，可以点“我不同意”让人工客服帮你核实。',
      merchant_error: '请稍后再试，或联系商户确认订单状态。',
      card_declined: '请联系发卡银行了解原因，或换一种支付方式。',
      limit_exceeded: '可以分几次支付，或在 app 里查看支付限额。',
      unknown: '可以稍后再试一次。',
    },
    refundPending: (f, refund, by, days) =>
      `你${f.when} ${f.verb}${f.counterparty}的 ${f.money} 显示失败，但钱已经被扣了。别担心，退款已经在处理：${refund} 会退回你的 upay 余额` +
      `${by ? `，预计 ${by} 前到账` : ''}${days ? `（${days}个工作日内）` : ''}。`,
    refunded: (f, refund) => `你${f.when} ${f.verb}${f.counterparty}的 ${f.money} 支付失败后已经退款，${refund} 已退回你的 upay 余额。`,
    noRefund: (f) => `你${f.when} ${f.verb}${f.counterparty}的 ${f.money} 显示失败但已扣款，系统里还没有自动退款。我把它转给人工客服尽快为你处理退款。`,
    pending: (f) =>
      `你${f.when} ${f.verb}${f.counterparty}的 ${f.money} 还在处理中。“处理中”表示这笔钱已暂时冻结、还没最终到账，通常几分钟到 2 小时内完成，最晚 1 个工作日。` +
      '如果最终失败，钱会自动退回你的余额。这期间请不要重复付款哦。',
    success: (f) => `这笔其实已经成功了：${f.when} ${f.verb}${f.counterparty}的 ${f.money}。如果对方说没收到，可以把交易号 ${f.id} 发给对方核对。`,
    reversed: (f) => `你${f.when} ${f.verb}${f.counterparty}的 ${f.money} 已被撤销，钱已退回你的余额。`,
    checklist:
      '如果再付还是不成功，可以按这几步排查：\n1. 检查网络连接是否稳定\n2. 确认支付信息（卡号、金额）填写正确\n3. 系统繁忙时稍等片刻再试\n4. 在交易记录里查看是否已扣款（失败的交易一般不收手续费）\n5. 还不行就联系客服',
    doesThisHelp: '这样解释清楚了吗？',
    helps: '明白了',
    disagree: '我不同意',
    glad: '很高兴能帮到你！还有问题随时找我 😊',
    toHuman: '明白，我把这笔交易转给人工客服核实，请稍候。',
    noTransactions: `${PICK_MESSAGES.zh.noTransactions}我为你转接人工客服帮你查。`,
    gaveUp: '抱歉，我还是没能找到这笔交易。我为你转接人工客服帮你查。',
  },
  en: {
    failedNotDebited: (f) => `Your ${f.verb} of ${f.money} to ${f.counterparty} (${f.when}) didn't go through. Good news: no money was taken, your balance is unchanged.`,
    reason: (r) => `Reason: ${r}.`,
    advice: {
      insufficient_balance: 'Top up your balance or pick another card or payment method, then pay again.',
      network_error: 'Try again on a stable connection.',
      risk_declined: "That's to keep your account safe. If it really was you, tap “This isn't right” and a colleague will check it with you.",
      merchant_error: 'Please try again later, or check the order status with the merchant.',
      card_declined: 'Please check with your bank, or use another payment method.',
      limit_exceeded: 'You can split it into smaller payments, or check your limits in the app.',
      unknown: 'Please try again in a little while.',
    },
    refundPending: (f, refund, by, days) =>
      `Your ${f.verb} of ${f.money} to ${f.counterparty} (${f.when}) failed, but the money was taken. Don't worry — the refund is already on its way: ${refund} back to your upay balance` +
      `${by ? `, expected by ${by}` : ''}${days ? ` (within ${days} business day${days === 1 ? '' : 's'})` : ''}.`,
    refunded: (f, refund) => `Your ${f.verb} of ${f.money} to ${f.counterparty} (${f.when}) failed and has been refunded: ${refund} is back in your upay balance.`,
    noRefund: (f) => `Your ${f.verb} of ${f.money} to ${f.counterparty} (${f.when}) failed but the money was taken, and no refund has started yet. I'm passing it to a colleague to get it refunded.`,
    pending: (f) =>
      `Your ${f.verb} of ${f.money} to ${f.counterparty} (${f.when}) is still pending. That means the money is reserved but not delivered yet — it usually completes within minutes to 2 hours, at most 1 business day. ` +
      "If it ends up failing, the money comes back to your balance automatically. Please don't pay again in the meantime.",
    success: (f) => `Good news — this one actually went through: ${f.money} to ${f.counterparty} (${f.when}). If they say they didn't get it, share the transaction ID ${f.id} with them.`,
    reversed: (f) => `Your ${f.verb} of ${f.money} to ${f.counterparty} (${f.when}) was reversed, and the money is back in your balance.`,
    checklist:
      "If paying again still doesn't work, try these:\n1. Check your network connection\n2. Check the payment details (card number, amount)\n3. If the system is busy, wait a moment and retry\n4. Check your transaction history to see if money was taken (failed payments are normally free)\n5. Still stuck? Contact support",
    doesThisHelp: 'Does that help?',
    helps: 'That helps',
    disagree: "This isn't right",
    glad: "Glad I could help! I'm here if you need anything else 😊",
    toHuman: "Understood — I'm passing this transaction to a colleague to check. Please hold on.",
    noTransactions: `${PICK_MESSAGES.en.noTransactions} I'm connecting you with a colleague to look into it.`,
    gaveUp: "Sorry, I still couldn't find that transaction. I'm connecting you with a colleague to look into it.",
  },
};

/** Reasons where the generic five-step checklist adds something. */
const CHECKLIST_REASONS: ReadonlySet<FailureReason | undefined> = new Set([undefined, 'network_error', 'merchant_error', 'card_declined']);

type FeedbackChoice = 'pay:disagree' | 'pay:ok';
const FEEDBACK_CHOICES: readonly Choice<FeedbackChoice>[] = [
  { value: 'pay:disagree', words: ['不同意', '不对', '不是这样', '不明白', '有问题', '错了', '没退', '没收到', "isn't right", 'not right', 'wrong', 'disagree', 'no', "doesn't help", 'not helpful'] },
  { value: 'pay:ok', words: ['明白', '清楚', '知道了', '好的', '谢谢', '懂了', 'helps', 'got it', 'thanks', 'thank you', 'ok', 'okay', 'yes', 'clear', 'understood'] },
];

function feedbackButtons(language: Language): Button[] {
  const m = PAYMENT_FAILED_MESSAGES[language];
  return [
    { label: m.helps, value: 'pay:ok' },
    { label: m.disagree, value: 'pay:disagree' },
  ];
}

function facts(tx: Transaction, language: Language, now: Date): TxFacts {
  const transfer = tx.type === 'transfer' || tx.type === 'withdrawal';
  const verb = language === 'zh' ? (transfer ? '转给' : '付给') : transfer ? 'transfer' : 'payment';
  return { when: formatWhen(tx.createdAt, language, now), verb, counterparty: language === 'zh' ? spaceLatin(tx.counterparty) : tx.counterparty, money: formatMoney(tx.amount, tx.currency, language), id: tx.id };
}

function summaryOf(tx: Transaction): string {
  return `tx ${tx.id}: ${paymentCase(tx)}${tx.failureReason ? ` (${tx.failureReason})` : ''}${tx.refund ? `, refund ${tx.refund.status}${tx.refund.expectedBy ? ` by ${tx.refund.expectedBy}` : ''}` : ''}`;
}

/** The explanation of one transaction in the customer's language. */
export function explainTransaction(tx: Transaction, language: Language, now: Date): Reply[] {
  const m = PAYMENT_FAILED_MESSAGES[language];
  const f = facts(tx, language, now);
  switch (paymentCase(tx)) {
    case 'failed_not_debited': {
      const reason = tx.failureReason ? `${language === 'zh' ? '' : ' '}${m.reason(formatFailureReason(tx.failureReason, language))}` : '';
      const text = `${m.failedNotDebited(f)}${reason}\n${m.advice[tx.failureReason ?? 'unknown']}`;
      return CHECKLIST_REASONS.has(tx.failureReason) ? [{ text }, { text: m.checklist }] : [{ text }];
    }
    case 'failed_debited_refund_pending': {
      const refund = formatMoney(tx.refund?.amount ?? tx.amount, tx.currency, language);
      const by = tx.refund?.expectedBy ? formatDay(tx.refund.expectedBy, language, now) : undefined;
      return [{ text: m.refundPending(f, refund, by, tx.refund?.businessDays) }];
    }
    case 'failed_debited_refunded':
      return [{ text: m.refunded(f, formatMoney(tx.refund?.amount ?? tx.amount, tx.currency, language)) }];
    case 'failed_debited_no_refund':
      return [{ text: m.noRefund(f) }];
    case 'pending':
      return [{ text: m.pending(f) }];
    case 'success':
      return [{ text: m.success(f) }];
    case 'reversed':
      return [{ text: m.reversed(f) }];
  }
}

function explain(tx: Transaction, ctx: FlowContext): FlowStepResult<PaymentFailedState> {
  const m = PAYMENT_FAILED_MESSAGES[ctx.language];
  const replies = explainTransaction(tx, ctx.language, ctx.now());
  const kind = paymentCase(tx);
  if (kind === 'failed_debited_no_refund') {
    return {
      state: { v: 1, step: 'done', outcome: kind, txId: tx.id },
      replies,
      done: true,
      outcome: kind,
      handoff: { reason: 'flow_failed', note: summaryOf(tx), linkedTransactions: [tx.id] },
    };
  }
  replies.push(reply(m.doesThisHelp, feedbackButtons(ctx.language)));
  return { state: { v: 1, step: 'explained', txId: tx.id, summary: summaryOf(tx) }, replies };
}

function handOver(ctx: FlowContext, text: string, outcome: string): FlowStepResult<PaymentFailedState> {
  return { state: { v: 1, step: 'done', outcome }, replies: [{ text }], done: true, outcome, handoff: { reason: 'flow_failed', note: 'transaction not identified' } };
}

function present(result: FindResult, ctx: FlowContext): FlowStepResult<PaymentFailedState> {
  if (result.kind === 'found') return explain(result.tx, ctx);
  const question = pickQuestion(result, 'payment_problem', ctx.language, ctx.now());
  if (!question) return handOver(ctx, PAYMENT_FAILED_MESSAGES[ctx.language].noTransactions, 'no_transactions');
  return { state: { v: 1, step: 'choosing', candidates: result.candidates.map((tx) => tx.id) }, replies: [question] };
}

async function step(state: PaymentFailedState, input: FlowInput, ctx: FlowContext): Promise<FlowStepResult<PaymentFailedState>> {
  const m = PAYMENT_FAILED_MESSAGES[ctx.language];
  switch (state.step) {
    case 'choosing':
    case 'describing': {
      const answer = await callWallet(() => readPick(input, ctx, 'payment_problem', state.step === 'choosing' ? state.candidates : []));
      if (!answer.ok) return failedResult({ v: 1, step: 'done', outcome: 'failed' }, ctx.language, answer.error);
      const a = answer.value;
      if (a.kind === 'found') return explain(a.tx, ctx);
      if (a.kind === 'none_of_these') {
        if (state.step === 'describing') return handOver(ctx, m.gaveUp, 'not_identified');
        return { state: { v: 1, step: 'describing' }, replies: [{ text: PICK_MESSAGES[ctx.language].describe }] };
      }
      const reprompts = (state.reprompts ?? 0) + 1;
      if (reprompts > MAX_REPROMPTS) return handOver(ctx, m.gaveUp, 'not_identified');
      let result: Exclude<FindResult, { kind: 'found' }>;
      if (a.kind === 'retry') result = a.result;
      else {
        const again = await callWallet(() => findTransaction(ctx.wallet, ctx.customerId, { entities: [] }, 'payment_problem', ctx.now()));
        if (!again.ok) return failedResult({ v: 1, step: 'done', outcome: 'failed' }, ctx.language, again.error);
        if (again.value.kind === 'found') return explain(again.value.tx, ctx);
        result = again.value;
      }
      const next = present(result, ctx);
      return next.state.step === 'choosing' ? { ...next, state: { ...next.state, reprompts } } : next;
    }
    case 'explained': {
      const choice = readChoice(input, FEEDBACK_CHOICES);
      if (choice === 'pay:ok') return { state: { v: 1, step: 'done', outcome: 'explained', txId: state.txId }, replies: [{ text: m.glad }], done: true, outcome: 'explained' };
      if (choice === 'pay:disagree') {
        return {
          state: { v: 1, step: 'done', outcome: 'customer_disagrees', txId: state.txId },
          replies: [{ text: m.toHuman }],
          done: true,
          outcome: 'customer_disagrees',
          handoff: { reason: 'customer_disagrees', note: state.summary, linkedTransactions: [state.txId] },
        };
      }
      return repromptResult(state, ctx.language, feedbackButtons(ctx.language), m.doesThisHelp, { reason: 'repeated_misunderstanding', note: state.summary, linkedTransactions: [state.txId] });
    }
    case 'done':
      return { state, replies: [], done: true, outcome: state.outcome };
  }
}

export const paymentFailedFlow: Flow<PaymentFailedState> = {
  id: 'payment_failed',
  version: PAYMENT_FAILED_VERSION,
  requiresVerification: true,
  async start(ctx, trigger) {
    const found = await callWallet(() => findTransaction(ctx.wallet, ctx.customerId, { text: trigger.text, entities: trigger.entities }, 'payment_problem', ctx.now()));
    if (!found.ok) return failedResult({ v: 1, step: 'done', outcome: 'failed' }, ctx.language, found.error);
    return present(found.value, ctx);
  },
  step,
};
