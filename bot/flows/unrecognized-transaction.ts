/**
 * unrecognized_transaction: find the charge the customer does not recognise, offer an immediate
 * protective lock, lock exactly once, open a dispute, and hand over urgently to the security team.
 * Every write takes an idempotency key saved (checkpointed) in the state before the call, and a
 * state left mid-write resumes that write with the same key.
 */
import type { Button } from '../core/messages.ts';
import type { Language } from '../../intents/types.ts';
import type { Transaction } from '../wallet/types.ts';
import type { WalletError } from '../wallet/types.ts';
import { MAX_REPROMPTS, callWallet, failedResult, outageResult, readChoice, reply, repromptResult, WORDS } from './common.ts';
import type { Choice, Messages } from './common.ts';
import { findTransaction } from './find-transaction.ts';
import type { FindResult } from './find-transaction.ts';
import { formatMoney, formatTransactionLine, spaceLatin } from './format.ts';
import { PICK_MESSAGES, pickQuestion, readPick } from './pick-transaction.ts';
import type { Flow, FlowContext, FlowHandoff, FlowInput, FlowStepResult } from './types.ts';

export const UNRECOGNIZED_TRANSACTION_VERSION = 1;

export type UnrecognizedTransactionStep = UnrecognizedTransactionState['step'];
export type UnrecognizedTransactionState =
  | { v: 1; step: 'choosing'; candidates: string[]; reprompts?: number }
  | { v: 1; step: 'describing'; reprompts?: number }
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

export interface UnrecognizedMessages {
  found: (line: string, debited: boolean) => string;
  offerLock: string;
  lockButton: string;
  noLockButton: string;
  locked: string;
  lockFailed: string;
  disputeOpened: (disputeId: string, money: string, counterparty: string) => string;
  disputeFailed: string;
  urgent: string;
  safety: string;
  offerDispute: string;
  disputeButton: string;
  humanOnlyButton: string;
  humanOnly: string;
  noTransactions: string;
  gaveUp: string;
}

export const UNRECOGNIZED_MESSAGES: Messages<UnrecognizedMessages> = {
  zh: {
    found: (line, debited) => `我找到了这笔：${line}${debited ? '' : '\n（这笔实际没有扣款。）'}`,
    offerLock: '如果不是你本人操作，我可以马上锁定你的账户：银行卡支付和转账会立即停止，钱不会再被转走。现在锁定吗？',
    lockButton: '立即锁定',
    noLockButton: '暂不锁定',
    locked: '已锁定 🔒 在安全团队和你核实之前，账户不会再有任何付款或转账。',
    lockFailed: '我这边没能直接锁定账户，安全团队会第一时间为你处理。',
    disputeOpened: (id, money, cp) => `我已为付给${spaceLatin(cp)}的这笔 ${money} 提交了争议申请，编号 ${id}。`,
    disputeFailed: '争议申请这边没能自动提交，安全团队会帮你提交。',
    urgent: '我已把这件事作为紧急情况转给安全团队，同事马上会联系你。',
    safety: '在此期间：不要把密码或验证码告诉任何人，upay 的工作人员绝不会向你索要。',
    offerDispute: '好的，先不锁定。要不要我为这笔交易提交争议申请，并请安全团队尽快处理？',
    disputeButton: '提交争议',
    humanOnlyButton: '只找人工',
    humanOnly: '好的，我把这件事作为紧急情况转给安全团队，同事马上会联系你。',
    noTransactions: `${PICK_MESSAGES.zh.noTransactions}为了安全，我把这件事作为紧急情况转给安全团队。`,
    gaveUp: '抱歉，我没能找到这笔交易。为了安全，我把这件事作为紧急情况转给安全团队。',
  },
  en: {
    found: (line, debited) => `I found this one: ${line}${debited ? '' : '\n(No money was actually taken for it.)'}`,
    offerLock: "If it wasn't you, I can lock your account right now: card payments and transfers stop at once, so no more money can leave. Lock it now?",
    lockButton: 'Lock my account now',
    noLockButton: "Don't lock",
    locked: 'Locked 🔒 No payments or transfers can leave your account until our security team has checked things with you.',
    lockFailed: "I couldn't lock the account from here — our security team will do it straight away.",
    disputeOpened: (id, money, cp) => `I've opened a dispute for the ${money} charge from ${cp} — reference ${id}.`,
    disputeFailed: "I couldn't open the dispute automatically — our security team will do it for you.",
    urgent: "I've passed this to our security team as urgent; a colleague will be with you shortly.",
    safety: 'Meanwhile, never share your password or verification codes with anyone — upay staff will never ask for them.',
    offerDispute: "OK, I won't lock it. Shall I open a dispute for this charge and get our security team on it urgently?",
    disputeButton: 'Open a dispute',
    humanOnlyButton: 'Just talk to a person',
    humanOnly: "OK — I've passed this to our security team as urgent; a colleague will be with you shortly.",
    noTransactions: `${PICK_MESSAGES.en.noTransactions} To be safe, I'm passing this to our security team as urgent.`,
    gaveUp: "Sorry, I couldn't find that transaction. To be safe, I'm passing this to our security team as urgent.",
  },
};

type LockChoice = 'fraud:nolock' | 'fraud:lock';
const LOCK_CHOICES: readonly Choice<LockChoice>[] = [
  // Specific phrases first ("don't lock" contains "lock"), then the verb, then generic no/yes words.
  { value: 'fraud:nolock', words: ['不锁', '不要锁', '先不锁', '暂不锁', '别锁', "don't lock", 'do not lock', 'no lock', 'not lock'] },
  { value: 'fraud:lock', words: ['锁定', '锁', '冻结', 'lock', 'freeze'] },
  { value: 'fraud:nolock', words: WORDS.no },
  { value: 'fraud:lock', words: WORDS.yes },
];

type DisputeChoice = 'fraud:human' | 'fraud:dispute';
const DISPUTE_CHOICES: readonly Choice<DisputeChoice>[] = [
  { value: 'fraud:human', words: ['只找人工', '不用提交', '不要提交', '不提交', '不用争议', '不要争议', 'no dispute', "don't open", 'do not open', 'just a person', 'just talk'] },
  { value: 'fraud:dispute', words: ['争议', '申诉', 'dispute'] },
  { value: 'fraud:human', words: [...WORDS.human, ...WORDS.no] },
  { value: 'fraud:dispute', words: WORDS.yes },
];

function lockButtons(language: Language): Button[] {
  const m = UNRECOGNIZED_MESSAGES[language];
  return [
    { label: m.lockButton, value: 'fraud:lock' },
    { label: m.noLockButton, value: 'fraud:nolock' },
  ];
}

function disputeButtons(language: Language): Button[] {
  const m = UNRECOGNIZED_MESSAGES[language];
  return [
    { label: m.disputeButton, value: 'fraud:dispute' },
    { label: m.humanOnlyButton, value: 'fraud:human' },
  ];
}

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

function giveUp(ctx: FlowContext, text: string): FlowStepResult<UnrecognizedTransactionState> {
  return { state: { v: 1, step: 'done', outcome: 'not_identified' }, replies: [{ text }], done: true, outcome: 'not_identified', handoff: urgentHandoff(undefined, ['transaction_not_identified']) };
}

function offerLock(tx: Transaction, ctx: FlowContext): FlowStepResult<UnrecognizedTransactionState> {
  const m = UNRECOGNIZED_MESSAGES[ctx.language];
  const line = formatTransactionLine(tx, ctx.language, ctx.now());
  return {
    state: { v: 1, step: 'offer_lock', txId: tx.id },
    replies: [{ text: m.found(line, tx.debited) }, reply(m.offerLock, lockButtons(ctx.language))],
  };
}

function present(result: FindResult, ctx: FlowContext): FlowStepResult<UnrecognizedTransactionState> {
  if (result.kind === 'found') return offerLock(result.tx, ctx);
  const question = pickQuestion(result, 'unrecognized', ctx.language, ctx.now());
  if (!question) return giveUp(ctx, UNRECOGNIZED_MESSAGES[ctx.language].noTransactions);
  return { state: { v: 1, step: 'choosing', candidates: result.candidates.map((tx) => tx.id) }, replies: [question] };
}

/** Locks with the key in the state, then moves on to the dispute. */
async function lock(state: Extract<UnrecognizedTransactionState, { step: 'locking' }>, ctx: FlowContext): Promise<FlowStepResult<UnrecognizedTransactionState>> {
  const m = UNRECOGNIZED_MESSAGES[ctx.language];
  const result = await callWallet(() => ctx.wallet.lockAccount(ctx.customerId, { reason: 'suspected_fraud', idempotencyKey: state.lockKey }));
  if (!result.ok && result.error.isOutage) {
    return outageResult({ v: 1, step: 'done', outcome: 'wallet_outage', txId: state.txId }, ctx.language, urgentHandoff(state.txId, ['lock_failed']));
  }
  const outcome: LockOutcome = result.ok ? 'locked' : 'failed';
  const next = await beginDispute(state.txId, outcome, ctx);
  return { ...next, replies: [{ text: outcome === 'locked' ? m.locked : m.lockFailed }, ...next.replies] };
}

async function beginDispute(txId: string, lockOutcome: LockOutcome, ctx: FlowContext): Promise<FlowStepResult<UnrecognizedTransactionState>> {
  const disputing: UnrecognizedTransactionState = { v: 1, step: 'disputing', txId, disputeKey: ctx.newIdempotencyKey(), lock: lockOutcome };
  await ctx.checkpoint(disputing);
  return dispute(disputing, ctx);
}

/** Opens the dispute with the key in the state (or reuses one already on the transaction), then hands over urgently. */
async function dispute(state: Extract<UnrecognizedTransactionState, { step: 'disputing' }>, ctx: FlowContext): Promise<FlowStepResult<UnrecognizedTransactionState>> {
  const m = UNRECOGNIZED_MESSAGES[ctx.language];
  const flags = lockFlags(state.lock);
  const txResult = await callWallet(() => ctx.wallet.getTransaction(ctx.customerId, state.txId));
  if (!txResult.ok && txResult.error.isOutage) {
    return outageResult({ v: 1, step: 'done', outcome: 'wallet_outage', txId: state.txId, lock: state.lock }, ctx.language, urgentHandoff(state.txId, flags));
  }
  const tx = txResult.ok ? txResult.value : undefined;
  let disputeId = tx?.disputeId;
  let error: WalletError | undefined;
  if (!disputeId) {
    const opened = await callWallet(() => ctx.wallet.openDispute(ctx.customerId, state.txId, { reason: 'unrecognized', idempotencyKey: state.disputeKey }));
    if (opened.ok) disputeId = opened.value.disputeId;
    else error = opened.error;
  }
  if (error?.isOutage) {
    return outageResult({ v: 1, step: 'done', outcome: 'wallet_outage', txId: state.txId, lock: state.lock }, ctx.language, urgentHandoff(state.txId, [...flags, 'dispute_failed']));
  }
  const replies = [];
  if (disputeId && tx) replies.push({ text: m.disputeOpened(disputeId, formatMoney(tx.amount, tx.currency, ctx.language), tx.counterparty) });
  else replies.push({ text: m.disputeFailed });
  replies.push({ text: `${m.urgent}\n${m.safety}` });
  const outcome = disputeId ? (state.lock === 'locked' ? 'locked_and_disputed' : 'disputed') : 'dispute_failed';
  return {
    state: { v: 1, step: 'done', outcome, txId: state.txId, lock: state.lock, ...(disputeId ? { disputeId } : {}) },
    replies,
    done: true,
    outcome,
    handoff: urgentHandoff(state.txId, disputeId ? [...flags, 'dispute_opened'] : [...flags, 'dispute_failed'], disputeId ? `dispute ${disputeId}` : error ? `dispute not opened: ${error.code}` : undefined),
  };
}

async function step(state: UnrecognizedTransactionState, input: FlowInput, ctx: FlowContext): Promise<FlowStepResult<UnrecognizedTransactionState>> {
  const m = UNRECOGNIZED_MESSAGES[ctx.language];
  switch (state.step) {
    case 'choosing':
    case 'describing': {
      const answer = await callWallet(() => readPick(input, ctx, 'unrecognized', state.step === 'choosing' ? state.candidates : []));
      if (!answer.ok) return failedResult({ v: 1, step: 'done', outcome: 'failed' }, ctx.language, answer.error, urgentHandoff(undefined, []));
      const a = answer.value;
      if (a.kind === 'found') return offerLock(a.tx, ctx);
      if (a.kind === 'none_of_these') {
        if (state.step === 'describing') return giveUp(ctx, m.gaveUp);
        return { state: { v: 1, step: 'describing' }, replies: [{ text: PICK_MESSAGES[ctx.language].describe }] };
      }
      const reprompts = (state.reprompts ?? 0) + 1;
      if (reprompts > MAX_REPROMPTS) return giveUp(ctx, m.gaveUp);
      let result: Exclude<FindResult, { kind: 'found' }>;
      if (a.kind === 'retry') result = a.result;
      else {
        const again = await callWallet(() => findTransaction(ctx.wallet, ctx.customerId, { entities: [] }, 'unrecognized', ctx.now()));
        if (!again.ok) return failedResult({ v: 1, step: 'done', outcome: 'failed' }, ctx.language, again.error, urgentHandoff(undefined, []));
        if (again.value.kind === 'found') return offerLock(again.value.tx, ctx);
        result = again.value;
      }
      const next = present(result, ctx);
      return next.state.step === 'choosing' ? { ...next, state: { ...next.state, reprompts } } : next;
    }
    case 'offer_lock': {
      const choice = readChoice(input, LOCK_CHOICES);
      if (choice === 'fraud:lock') {
        const locking: UnrecognizedTransactionState = { v: 1, step: 'locking', txId: state.txId, lockKey: ctx.newIdempotencyKey() };
        await ctx.checkpoint(locking);
        return lock(locking, ctx);
      }
      if (choice === 'fraud:nolock') return { state: { v: 1, step: 'offer_dispute', txId: state.txId }, replies: [reply(m.offerDispute, disputeButtons(ctx.language))] };
      return repromptResult(state, ctx.language, lockButtons(ctx.language), m.offerLock, urgentHandoff(state.txId, ['repeated_misunderstanding']));
    }
    case 'locking':
      return lock(state, ctx);
    case 'offer_dispute': {
      const choice = readChoice(input, DISPUTE_CHOICES);
      if (choice === 'fraud:dispute') return beginDispute(state.txId, 'declined', ctx);
      if (choice === 'fraud:human') {
        return { state: { v: 1, step: 'done', outcome: 'handed_over', txId: state.txId, lock: 'declined' }, replies: [{ text: `${m.humanOnly}\n${m.safety}` }], done: true, outcome: 'handed_over', handoff: urgentHandoff(state.txId, ['lock_declined', 'dispute_declined']) };
      }
      return repromptResult(state, ctx.language, disputeButtons(ctx.language), m.offerDispute, urgentHandoff(state.txId, ['lock_declined', 'repeated_misunderstanding']));
    }
    case 'disputing':
      return dispute(state, ctx);
    case 'done':
      // A repeated press after the end (e.g. "lock" again) does nothing twice.
      return { state, replies: [], done: true, outcome: state.outcome };
  }
}

export const unrecognizedTransactionFlow: Flow<UnrecognizedTransactionState> = {
  id: 'unrecognized_transaction',
  version: UNRECOGNIZED_TRANSACTION_VERSION,
  requiresVerification: true,
  async start(ctx, trigger) {
    const found = await callWallet(() => findTransaction(ctx.wallet, ctx.customerId, { text: trigger.text, entities: trigger.entities }, 'unrecognized', ctx.now()));
    if (!found.ok) return failedResult({ v: 1, step: 'done', outcome: 'failed' }, ctx.language, found.error, urgentHandoff(undefined, []));
    return present(found.value, ctx);
  },
  step,
};
