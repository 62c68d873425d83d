/**
 * account_frozen: look up why the account is frozen and do what the reason allows — self-service
 * unfreeze (too many password attempts, customer's own request), ID re-upload guidance (KYC
 * expired), or a human for reviews and holds (the reason stays an internal note). An active
 * account gets a short "what's wrong?" menu, including a password reset run inline.
 */
import type { Language } from '../../intents/types.ts';
import { sentences, text, type MessageId } from '../i18n/messages.ts';
import type { Customer, FreezeReason } from '../wallet/types.ts';
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

type OfferChoice = 'af:keep' | 'af:unfreeze';
export const OFFER_CHOICES: readonly Choice<OfferChoice>[] = [
  // A "no" that names the verb ("暂不解冻") outranks the verb, which outranks a bare no, which outranks a bare yes.
  {
    value: 'af:keep',
    rank: 3,
    words: [
      '暂不解冻',
      '先不解冻',
      '不解冻',
      '不用解冻',
      '不要解冻',
      '保持冻结',
      'keep it frozen',
      "don't unfreeze",
      'do not unfreeze',
      'not now',
    ],
  },
  { value: 'af:unfreeze', rank: 2, words: ['解冻', 'unfreeze'] },
  { value: 'af:keep', rank: 1, words: WORDS.no },
  { value: 'af:unfreeze', words: WORDS.yes },
];
const OFFER_BUTTONS: readonly ButtonSpec<OfferChoice>[] = [
  { value: 'af:unfreeze', label: 'account_frozen.button_unfreeze' },
  { value: 'af:keep', label: 'account_frozen.button_keep' },
];

type AfterChoice = 'af:ok' | 'af:password' | 'af:human';
export const NOT_FROZEN_CHOICES: readonly Choice<AfterChoice>[] = [
  // A named problem (the password, then a person) outranks "fine now".
  {
    value: 'af:password',
    rank: 2,
    words: ['密码', '登录不了', '登不上', '登录不上', 'password', "can't log in", 'cannot log in', 'login'],
  },
  { value: 'af:human', rank: 1, words: [...WORDS.human] },
  { value: 'af:ok', words: ['没事', '好了', '谢谢', '没问题', 'fine', 'thanks', 'thank you', 'ok', 'nothing'] },
];
const NOT_FROZEN_BUTTONS: readonly ButtonSpec<AfterChoice>[] = [
  { value: 'af:password', label: 'account_frozen.button_reset' },
  { value: 'af:human', label: 'common.button_human' },
  { value: 'af:ok', label: 'account_frozen.button_fine' },
];
export const UNFROZEN_CHOICES: readonly Choice<AfterChoice>[] = [
  // "不用重置密码": the no outranks the words of the offer it declines.
  { value: 'af:ok', rank: 1, words: [...WORDS.no, '记得', '不需要', 'remember', 'thanks', '谢谢'] },
  { value: 'af:password', words: ['重置', '密码', 'reset', 'password', ...WORDS.yes] },
];
const UNFROZEN_BUTTONS: readonly ButtonSpec<AfterChoice>[] = [
  { value: 'af:password', label: 'account_frozen.button_reset' },
  { value: 'af:ok', label: 'account_frozen.button_remember' },
];

function finish(language: Language, outcome: string, id: MessageId): FlowStepResult<AccountFrozenState> {
  return endResult({ v: 1, step: 'done', outcome }, [reply(language, id)], outcome);
}

function notSelfService(language: Language, id: MessageId, note: string): FlowStepResult<AccountFrozenState> {
  return endResult({ v: 1, step: 'done', outcome: 'handed_over' }, [reply(language, id)], 'not_self_service', {
    reason: 'not_self_service',
    note,
  });
}

function isSelfService(reason: FreezeReason | undefined): reason is SelfServiceReason {
  return reason === 'too_many_password_attempts' || reason === 'customer_requested';
}

function routeByCustomer(customer: Customer, language: Language): FlowStepResult<AccountFrozenState> {
  switch (customer.status) {
    case 'active':
      return {
        state: { v: 1, step: 'not_frozen' },
        replies: [reply(language, 'account_frozen.not_frozen', {}, buttonsOf(language, NOT_FROZEN_BUTTONS))],
      };
    case 'locked':
      return notSelfService(language, 'account_frozen.locked', 'account status: locked (protective lock)');
    case 'closed':
      return notSelfService(language, 'account_frozen.closed', 'account status: closed');
    case 'frozen':
      break;
  }
  const reason = customer.freezeReason;
  if (isSelfService(reason) && customer.selfServiceUnfreeze) {
    const offer = sentences(language, [
      text(language, `account_frozen.frozen_for.${reason}`),
      text(language, 'account_frozen.offer_unfreeze'),
    ]);
    return {
      state: { v: 1, step: 'offer_unfreeze', reason },
      replies: [replyWithText('account_frozen.offer_unfreeze', offer, buttonsOf(language, OFFER_BUTTONS))],
    };
  }
  if (reason === 'kyc_expired') return finish(language, 'kyc_guided', 'account_frozen.kyc');
  const note = `freeze reason: ${reason ?? 'unknown'}${isSelfService(reason) ? ' (self-service unfreeze not allowed for this customer)' : ''}`;
  if (reason === 'risk_review') return notSelfService(language, 'account_frozen.review', note);
  // legal_hold (and anything unexpected): the customer is told nothing about the reason.
  return notSelfService(language, 'account_frozen.needs_colleague', note);
}

async function unfreeze(
  state: Extract<AccountFrozenState, { step: 'unfreezing' }>,
  ctx: FlowContext,
): Promise<FlowStepResult<AccountFrozenState>> {
  const language = ctx.language;
  const result = await callWallet(() => ctx.wallet.unfreeze(ctx.customerId, { idempotencyKey: state.key }));
  if (!result.ok)
    return failedResult({ v: 1, step: 'done', outcome: 'failed' }, language, result.error, {
      note: `unfreeze failed (freeze reason: ${state.reason})`,
    });
  const unfrozen = reply(language, 'account_frozen.unfrozen');
  if (state.reason === 'too_many_password_attempts') {
    return {
      state: { v: 1, step: 'unfrozen' },
      replies: [unfrozen, reply(language, 'account_frozen.password_tip', {}, buttonsOf(language, UNFROZEN_BUTTONS))],
    };
  }
  return endResult(
    { v: 1, step: 'done', outcome: 'unfrozen' },
    [unfrozen, reply(language, 'account_frozen.refreeze_tip')],
    'unfrozen',
  );
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

async function afterChoice(
  choice: AfterChoice,
  ctx: FlowContext,
  okOutcome: string,
): Promise<FlowStepResult<AccountFrozenState>> {
  if (choice === 'af:password') return wrapReset(await forgotPasswordFlow.start(innerContext(ctx), { entities: [] }));
  if (choice === 'af:human') {
    return endResult(
      { v: 1, step: 'done', outcome: 'handed_over' },
      [reply(ctx.language, 'common.handoff_soon')],
      'customer_request',
      { reason: 'customer_request', note: 'account not frozen' },
    );
  }
  return finish(ctx.language, okOutcome, 'account_frozen.all_good');
}

async function step(
  state: AccountFrozenState,
  input: FlowInput,
  ctx: FlowContext,
): Promise<FlowStepResult<AccountFrozenState>> {
  const language = ctx.language;
  switch (state.step) {
    case 'offer_unfreeze': {
      const choice = readChoice(input, OFFER_CHOICES, OFFER_BUTTONS);
      if (choice === 'af:keep') return finish(language, 'unfreeze_declined', 'account_frozen.kept');
      if (choice === 'af:unfreeze') {
        const unfreezing = { v: 1, step: 'unfreezing', reason: state.reason, key: ctx.newIdempotencyKey() } as const;
        return checkpointThen(ctx, unfreezing, unfreeze);
      }
      return repromptResult(state, language, buttonsOf(language, OFFER_BUTTONS), 'account_frozen.offer_unfreeze');
    }
    case 'unfreezing':
      return unfreeze(state, ctx);
    case 'unfrozen': {
      const choice = readChoice(input, UNFROZEN_CHOICES, UNFROZEN_BUTTONS);
      if (choice) return afterChoice(choice, ctx, 'unfrozen');
      return repromptResult(state, language, buttonsOf(language, UNFROZEN_BUTTONS));
    }
    case 'not_frozen': {
      const choice = readChoice(input, NOT_FROZEN_CHOICES, NOT_FROZEN_BUTTONS);
      if (choice) return afterChoice(choice, ctx, 'not_frozen');
      return repromptResult(state, language, buttonsOf(language, NOT_FROZEN_BUTTONS));
    }
    case 'password_reset':
      return wrapReset(await forgotPasswordFlow.step(state.inner, input, innerContext(ctx)));
    case 'done':
      return alreadyDone(state);
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
