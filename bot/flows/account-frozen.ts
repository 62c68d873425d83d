/**
 * account_frozen: look up why the account is frozen and do what the reason allows — self-service
 * unfreeze (too many password attempts, customer's own request), ID re-upload guidance (KYC
 * expired), or a human for reviews and holds (the reason stays an internal note). An active
 * account gets a short "what's wrong?" menu, including a password reset run inline.
 */
import type { Button } from '../core/messages.ts';
import type { Language } from '../../intents/types.ts';
import type { Customer, FreezeReason } from '../wallet/types.ts';
import { COMMON_MESSAGES, callWallet, failedResult, outageResult, readChoice, reply, repromptResult, WORDS } from './common.ts';
import type { Choice, Messages } from './common.ts';
import { forgotPasswordFlow } from './forgot-password.ts';
import type { ForgotPasswordState } from './forgot-password.ts';
import type { Flow, FlowContext, FlowInput, FlowStepResult } from './types.ts';

/** Bump together with FORGOT_PASSWORD_VERSION: the inline password reset keeps its state inside ours. */
export const ACCOUNT_FROZEN_VERSION = 1;

type SelfServiceReason = Extract<FreezeReason, 'too_many_password_attempts' | 'customer_requested'>;

export type AccountFrozenStep = AccountFrozenState['step'];
export type AccountFrozenState =
  /** Frozen with a self-service reason: offering to unfreeze. */
  | { v: 1; step: 'offer_unfreeze'; reason: SelfServiceReason; reprompts?: number }
  /** Unfreeze under way with this idempotency key; re-running the step reuses it. */
  | { v: 1; step: 'unfreezing'; reason: SelfServiceReason; key: string }
  /** Unfrozen after password attempts: offering a password reset. */
  | { v: 1; step: 'unfrozen'; reprompts?: number }
  /** The account is not frozen: asking what is wrong. */
  | { v: 1; step: 'not_frozen'; reprompts?: number }
  /** A password reset running inline (the forgot_password flow's own state). */
  | { v: 1; step: 'password_reset'; inner: ForgotPasswordState }
  | { v: 1; step: 'done'; outcome: string };

export interface AccountFrozenMessages {
  frozenFor: Record<SelfServiceReason, string>;
  offerUnfreeze: string;
  unfreezeButton: string;
  keepButton: string;
  unfrozen: string;
  passwordTip: string;
  refreezeTip: string;
  resetButton: string;
  rememberButton: string;
  kept: string;
  allGood: string;
  kyc: string;
  review: string;
  /** Legal hold and anything else we must not explain: no reason given. */
  needsColleague: string;
  locked: string;
  closed: string;
  notFrozen: string;
  humanButton: string;
  fineButton: string;
}

export const ACCOUNT_FROZEN_MESSAGES: Messages<AccountFrozenMessages> = {
  zh: {
    frozenFor: {
      too_many_password_attempts: '你的账户因为密码输错次数过多被临时冻结了，这是为了保护你的资金安全。',
      customer_requested: '你的账户是按你之前的申请冻结的。',
    },
    offerUnfreeze: '你已经通过身份验证，现在就可以解冻。要解冻吗？',
    unfreezeButton: '立即解冻',
    keepButton: '暂不解冻',
    unfrozen: '解冻成功 ✅ 你的账户已恢复正常，可以正常使用了。',
    passwordTip: '小提示：如果记不清密码，建议直接重置，不要反复尝试，再次输错多次账户会被重新冻结。需要我现在发重置链接吗？',
    refreezeTip: '以后如需再次冻结，可以在 app 的“我的 → 账户与安全”里操作，或随时找我。',
    resetButton: '重置密码',
    rememberButton: '不用了，我记得',
    kept: '好的，账户保持冻结。需要解冻时随时找我。',
    allGood: '好的！还有问题随时找我 😊',
    kyc:
      '你的实名认证已过期，需要重新上传证件，账户才能恢复使用（这一步我没法直接帮你解冻）。在 app 里这样操作：\n1. 打开 upay，进入“我的 → 账户与安全 → 实名认证”\n2. 点击“重新上传证件”\n3. 按提示拍摄身份证正反面\n4. 提交后等待审核，通常 1 个工作日内完成\n审核通过后账户会自动解冻。',
    review: '你的账户正在进行安全审核，这一步需要专人处理，我没法直接解冻。我现在为你转接人工客服。',
    needsColleague: '你的账户需要由专人为你处理，我没法在这里直接解冻。我现在为你转接人工客服。',
    locked: '你的账户目前处于保护性锁定状态，需要安全团队和你核实后才能解锁。我现在为你转接人工客服。',
    closed: '这个账户已经注销，我没法在这里恢复。我为你转接人工客服。',
    notFrozen: '我查了一下，你的账户是正常状态，没有被冻结 👍 具体遇到了什么问题？',
    humanButton: COMMON_MESSAGES.zh.humanButton,
    fineButton: '没事了',
  },
  en: {
    frozenFor: {
      too_many_password_attempts: 'Your account was temporarily frozen after too many wrong password attempts — this protects your money.',
      customer_requested: 'Your account was frozen at your own request.',
    },
    offerUnfreeze: "You're verified, so I can unfreeze it right now. Shall I?",
    unfreezeButton: 'Unfreeze now',
    keepButton: 'Not now',
    unfrozen: 'Done ✅ Your account is unfrozen and working again.',
    passwordTip: "Tip: if you're not sure of your password, reset it instead of guessing — more wrong tries will freeze the account again. Want me to send a reset link now?",
    refreezeTip: 'If you want to freeze it again later, go to Me → Account & security in the app, or just ask me.',
    resetButton: 'Reset password',
    rememberButton: 'No, I remember it',
    kept: "OK, your account stays frozen. Ask me whenever you're ready to unfreeze it.",
    allGood: "Great! I'm here if you need anything else 😊",
    kyc:
      "Your ID verification has expired, so the account is paused until you upload your ID again (I can't unfreeze it from here). In the app:\n1. Open upay and go to Me → Account & security → Identity verification\n2. Tap “Upload ID again”\n3. Take photos of the front and back of your ID\n4. Submit — the review usually takes up to 1 business day\nYour account unfreezes automatically once it's approved.",
    review: "Your account is under a security review, which needs a specialist — I can't unfreeze it from here. I'm connecting you with a colleague now.",
    needsColleague: "Your account needs a colleague to look at it — I can't unfreeze it from here. I'm connecting you with a colleague now.",
    locked: "Your account is under a protective lock; our security team needs to check a few things with you before unlocking it. I'm connecting you with a colleague now.",
    closed: "This account has been closed, so I can't restore it from here. I'm connecting you with a colleague.",
    notFrozen: "I checked: your account is active and not frozen 👍 What's going wrong?",
    humanButton: COMMON_MESSAGES.en.humanButton,
    fineButton: "It's fine now",
  },
};

type OfferChoice = 'af:keep' | 'af:unfreeze';
const OFFER_CHOICES: readonly Choice<OfferChoice>[] = [
  // Specific phrases first ("暂不解冻" contains 解冻), then the verb, then generic no/yes words.
  { value: 'af:keep', words: ['暂不解冻', '先不解冻', '不解冻', '不用解冻', '不要解冻', '保持冻结', 'keep it frozen', "don't unfreeze", 'do not unfreeze', 'not now'] },
  { value: 'af:unfreeze', words: ['解冻', 'unfreeze'] },
  { value: 'af:keep', words: WORDS.no },
  { value: 'af:unfreeze', words: WORDS.yes },
];

type AfterChoice = 'af:ok' | 'af:password' | 'af:human';
const NOT_FROZEN_CHOICES: readonly Choice<AfterChoice>[] = [
  { value: 'af:password', words: ['密码', '登录不了', '登不上', '登录不上', 'password', "can't log in", 'cannot log in', 'login'] },
  { value: 'af:human', words: [...WORDS.human] },
  { value: 'af:ok', words: ['没事', '好了', '谢谢', '没问题', 'fine', 'thanks', 'thank you', 'ok', 'nothing'] },
];
const UNFROZEN_CHOICES: readonly Choice<AfterChoice>[] = [
  { value: 'af:ok', words: [...WORDS.no, '记得', '不需要', 'remember', 'thanks', '谢谢'] },
  { value: 'af:password', words: ['重置', '密码', 'reset', 'password', ...WORDS.yes] },
];

function offerButtons(language: Language): Button[] {
  const m = ACCOUNT_FROZEN_MESSAGES[language];
  return [
    { label: m.unfreezeButton, value: 'af:unfreeze' },
    { label: m.keepButton, value: 'af:keep' },
  ];
}

function unfrozenButtons(language: Language): Button[] {
  const m = ACCOUNT_FROZEN_MESSAGES[language];
  return [
    { label: m.resetButton, value: 'af:password' },
    { label: m.rememberButton, value: 'af:ok' },
  ];
}

function notFrozenButtons(language: Language): Button[] {
  const m = ACCOUNT_FROZEN_MESSAGES[language];
  return [
    { label: m.resetButton, value: 'af:password' },
    { label: m.humanButton, value: 'af:human' },
    { label: m.fineButton, value: 'af:ok' },
  ];
}

function finish(outcome: string, text: string): FlowStepResult<AccountFrozenState> {
  return { state: { v: 1, step: 'done', outcome }, replies: [{ text }], done: true, outcome };
}

function notSelfService(text: string, note: string): FlowStepResult<AccountFrozenState> {
  return { state: { v: 1, step: 'done', outcome: 'handed_over' }, replies: [{ text }], done: true, outcome: 'not_self_service', handoff: { reason: 'not_self_service', note } };
}

function isSelfService(reason: FreezeReason | undefined): reason is SelfServiceReason {
  return reason === 'too_many_password_attempts' || reason === 'customer_requested';
}

function routeByCustomer(customer: Customer, language: Language): FlowStepResult<AccountFrozenState> {
  const m = ACCOUNT_FROZEN_MESSAGES[language];
  switch (customer.status) {
    case 'active':
      return { state: { v: 1, step: 'not_frozen' }, replies: [reply(m.notFrozen, notFrozenButtons(language))] };
    case 'locked':
      return notSelfService(m.locked, 'account status: locked (protective lock)');
    case 'closed':
      return notSelfService(m.closed, 'account status: closed');
    case 'frozen':
      break;
  }
  const reason = customer.freezeReason;
  if (isSelfService(reason) && customer.selfServiceUnfreeze) {
    return {
      state: { v: 1, step: 'offer_unfreeze', reason },
      replies: [reply(`${m.frozenFor[reason]}${language === 'zh' ? '' : ' '}${m.offerUnfreeze}`, offerButtons(language))],
    };
  }
  if (reason === 'kyc_expired') return finish('kyc_guided', m.kyc);
  const note = `freeze reason: ${reason ?? 'unknown'}${isSelfService(reason) ? ' (self-service unfreeze not allowed for this customer)' : ''}`;
  if (reason === 'risk_review') return notSelfService(m.review, note);
  // legal_hold (and anything unexpected): the customer is told nothing about the reason.
  return notSelfService(m.needsColleague, note);
}

async function unfreeze(state: Extract<AccountFrozenState, { step: 'unfreezing' }>, ctx: FlowContext): Promise<FlowStepResult<AccountFrozenState>> {
  const m = ACCOUNT_FROZEN_MESSAGES[ctx.language];
  const result = await callWallet(() => ctx.wallet.unfreeze(ctx.customerId, { idempotencyKey: state.key }));
  if (!result.ok) return failedResult({ v: 1, step: 'done', outcome: 'failed' }, ctx.language, result.error, { note: `unfreeze failed (freeze reason: ${state.reason})` });
  if (state.reason === 'too_many_password_attempts') {
    return { state: { v: 1, step: 'unfrozen' }, replies: [{ text: m.unfrozen }, reply(m.passwordTip, unfrozenButtons(ctx.language))] };
  }
  return { state: { v: 1, step: 'done', outcome: 'unfrozen' }, replies: [{ text: m.unfrozen }, { text: m.refreezeTip }], done: true, outcome: 'unfrozen' };
}

/** Wraps a forgot_password result into our state. */
function wrapReset(result: FlowStepResult<ForgotPasswordState>): FlowStepResult<AccountFrozenState> {
  return { ...result, state: { v: 1, step: 'password_reset', inner: result.state } };
}

/** The inline reset checkpoints its own state; we persist it wrapped in ours. */
function innerContext(ctx: FlowContext): FlowContext {
  return {
    ...ctx,
    checkpoint: (inner) => {
      const wrapped: AccountFrozenState = { v: 1, step: 'password_reset', inner: inner as ForgotPasswordState };
      return ctx.checkpoint(wrapped);
    },
  };
}

async function afterChoice(choice: AfterChoice, ctx: FlowContext, okOutcome: string): Promise<FlowStepResult<AccountFrozenState>> {
  const m = ACCOUNT_FROZEN_MESSAGES[ctx.language];
  if (choice === 'af:password') return wrapReset(await forgotPasswordFlow.start(innerContext(ctx), { entities: [] }));
  if (choice === 'af:human') {
    return { state: { v: 1, step: 'done', outcome: 'handed_over' }, replies: [{ text: COMMON_MESSAGES[ctx.language].handoffSoon }], done: true, outcome: 'customer_request', handoff: { reason: 'customer_request', note: 'account not frozen' } };
  }
  return finish(okOutcome, m.allGood);
}

async function step(state: AccountFrozenState, input: FlowInput, ctx: FlowContext): Promise<FlowStepResult<AccountFrozenState>> {
  const m = ACCOUNT_FROZEN_MESSAGES[ctx.language];
  switch (state.step) {
    case 'offer_unfreeze': {
      const choice = readChoice(input, OFFER_CHOICES);
      if (choice === 'af:keep') return finish('unfreeze_declined', m.kept);
      if (choice === 'af:unfreeze') {
        const unfreezing: AccountFrozenState = { v: 1, step: 'unfreezing', reason: state.reason, key: ctx.newIdempotencyKey() };
        await ctx.checkpoint(unfreezing);
        return unfreeze(unfreezing, ctx);
      }
      return repromptResult(state, ctx.language, offerButtons(ctx.language), m.offerUnfreeze);
    }
    case 'unfreezing':
      return unfreeze(state, ctx);
    case 'unfrozen': {
      const choice = readChoice(input, UNFROZEN_CHOICES);
      if (choice) return afterChoice(choice, ctx, 'unfrozen');
      return repromptResult(state, ctx.language, unfrozenButtons(ctx.language));
    }
    case 'not_frozen': {
      const choice = readChoice(input, NOT_FROZEN_CHOICES);
      if (choice) return afterChoice(choice, ctx, 'not_frozen');
      return repromptResult(state, ctx.language, notFrozenButtons(ctx.language));
    }
    case 'password_reset':
      return wrapReset(await forgotPasswordFlow.step(state.inner, input, innerContext(ctx)));
    case 'done':
      return { state, replies: [], done: true, outcome: state.outcome };
  }
}

export const accountFrozenFlow: Flow<AccountFrozenState> = {
  id: 'account_frozen',
  version: ACCOUNT_FROZEN_VERSION,
  requiresVerification: true,
  async start(ctx) {
    const result = await callWallet(() => ctx.wallet.getCustomer(ctx.customerId));
    if (!result.ok) {
      const done: AccountFrozenState = { v: 1, step: 'done', outcome: 'failed' };
      return result.error.isOutage ? outageResult(done, ctx.language) : failedResult(done, ctx.language, result.error);
    }
    return routeByCustomer(result.value, ctx.language);
  },
  step,
};
