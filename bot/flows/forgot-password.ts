/**
 * forgot_password: send a reset link to the verified customer, walk them through the steps, and
 * help when it does not arrive (tips, limited resends, then a human).
 */
import type { Reply } from '../core/messages.ts';
import type { Language } from '../../intents/types.ts';
import { text } from '../i18n/messages.ts';
import {
  alreadyDone,
  buttonsOf,
  callWallet,
  checkpointThen,
  endResult,
  failedResult,
  readChoice,
  readTextChoice,
  reply,
  replyWithText,
  repromptResult,
  WORDS,
} from './common.ts';
import type { ButtonSpec, Choice } from './common.ts';
import type { Flow, FlowContext, FlowInput, FlowStepResult } from './types.ts';

export const FORGOT_PASSWORD_VERSION = 1;
/** Resends offered after the first link before handing over. */
export const MAX_RESENDS = 2;

type Channel = 'sms' | 'email';

export type ForgotPasswordStep = ForgotPasswordState['step'];
export type ForgotPasswordState =
  /** A send (first or resend) is under way with this idempotency key; re-running the step reuses it. */
  | { v: 1; step: 'sending'; key: string; resends: number }
  /** Link sent; waiting for "got it" / "didn't get it". */
  | { v: 1; step: 'sent'; sentTo: string; channel: Channel; resends: number; reprompts?: number }
  /** Tips shown; offering a resend or a person. */
  | { v: 1; step: 'troubleshooting'; sentTo: string; channel: Channel; resends: number; reprompts?: number }
  | { v: 1; step: 'done'; outcome: string };

type ReceiptChoice = 'pw:missing' | 'pw:got';
export const RECEIPT_CHOICES: readonly Choice<ReceiptChoice>[] = [
  // "No, nothing came" is not "got it": a word saying it did not arrive outranks one saying it did.
  {
    value: 'pw:missing',
    rank: 1,
    words: [
      '没收到',
      '没有收到',
      '没到',
      '收不到',
      '还没',
      "didn't",
      'did not',
      'not received',
      "haven't",
      'nothing',
      'no',
      'nope',
    ],
  },
  {
    value: 'pw:got',
    words: ['收到', '有了', '好了', '可以了', 'got it', 'received', 'yes', 'yep', 'ok', 'thanks', '谢谢'],
  },
];
const RECEIPT_BUTTONS: readonly ButtonSpec<ReceiptChoice>[] = [
  { value: 'pw:got', label: 'forgot_password.button_got_it' },
  { value: 'pw:missing', label: 'forgot_password.button_not_received' },
];

type TroubleChoice = 'pw:resend' | 'pw:human' | 'pw:got';
export const TROUBLE_CHOICES: readonly Choice<TroubleChoice>[] = [
  // What the customer asks for (a resend, then a person) outranks a late "found it".
  { value: 'pw:resend', rank: 2, words: ['重新发送', '重发', '再发', 'resend', 'send again', 'again'] },
  { value: 'pw:human', rank: 1, words: [...WORDS.human, '号码不对', '不是我的', '换号', 'wrong number', 'not my'] },
  { value: 'pw:got', words: ['收到了', '找到了', '有了', 'got it', 'found it', 'received'] },
];

function troubleButtons(resendsLeft: number): ButtonSpec<TroubleChoice>[] {
  const human: ButtonSpec<TroubleChoice> = { value: 'pw:human', label: 'common.button_human' };
  return resendsLeft > 0 ? [{ value: 'pw:resend', label: 'forgot_password.button_resend' }, human] : [human];
}

function tips(language: Language, state: { sentTo: string; channel: Channel }, resendsLeft: number): Reply {
  const id = state.channel === 'sms' ? 'forgot_password.tips_sms' : 'forgot_password.tips_email';
  return reply(language, id, { sentTo: state.sentTo, resendsLeft }, buttonsOf(language, troubleButtons(resendsLeft)));
}

function handOver(
  language: Language,
  id: 'forgot_password.giving_up' | 'forgot_password.to_human',
  note: string,
): FlowStepResult<ForgotPasswordState> {
  return endResult({ v: 1, step: 'done', outcome: 'handoff' }, [reply(language, id)], 'reset_link_not_received', {
    reason: 'flow_failed',
    note,
  });
}

/** Performs the (re)send whose key is in the state; a re-run with the same state reuses the key. */
async function send(
  state: Extract<ForgotPasswordState, { step: 'sending' }>,
  ctx: FlowContext,
): Promise<FlowStepResult<ForgotPasswordState>> {
  const language = ctx.language;
  const result = await callWallet(() =>
    ctx.wallet.sendPasswordResetLink(ctx.customerId, { idempotencyKey: state.key }),
  );
  if (!result.ok)
    return failedResult({ v: 1, step: 'done', outcome: 'failed' }, ctx.language, result.error, {
      note: 'password reset link not sent',
    });
  const { sentTo, channel } = result.value;
  const next: ForgotPasswordState = { v: 1, step: 'sent', sentTo, channel, resends: state.resends };
  const receipt = buttonsOf(language, RECEIPT_BUTTONS);
  if (state.resends === 0) {
    return {
      state: next,
      replies: [
        reply(language, 'forgot_password.sent', { sentTo, channel }),
        reply(language, 'forgot_password.steps'),
        reply(language, 'forgot_password.ask_received', {}, receipt),
      ],
    };
  }
  const resent = `${text(language, 'forgot_password.resent', { sentTo, channel })}\n${text(language, 'forgot_password.ask_received')}`;
  return { state: next, replies: [replyWithText('forgot_password.resent', resent, receipt)] };
}

async function beginSend(ctx: FlowContext, resends: number): Promise<FlowStepResult<ForgotPasswordState>> {
  return checkpointThen(ctx, { v: 1, step: 'sending', key: ctx.newIdempotencyKey(), resends } as const, send);
}

function finished(language: Language): FlowStepResult<ForgotPasswordState> {
  const done: ForgotPasswordState = { v: 1, step: 'done', outcome: 'reset_link_sent' };
  return endResult(done, [reply(language, 'forgot_password.finished')], 'reset_link_sent');
}

async function step(
  state: ForgotPasswordState,
  input: FlowInput,
  ctx: FlowContext,
): Promise<FlowStepResult<ForgotPasswordState>> {
  const language = ctx.language;
  switch (state.step) {
    case 'sending':
      return send(state, ctx);
    case 'sent': {
      const choice = readChoice(input, RECEIPT_CHOICES, RECEIPT_BUTTONS);
      if (choice === 'pw:got') return finished(language);
      if (choice === 'pw:missing') {
        const left = MAX_RESENDS - state.resends;
        if (left <= 0)
          return handOver(
            language,
            'forgot_password.giving_up',
            `reset link not received after ${state.resends} resends`,
          );
        return {
          state: {
            v: 1,
            step: 'troubleshooting',
            sentTo: state.sentTo,
            channel: state.channel,
            resends: state.resends,
          },
          replies: [tips(language, state, left)],
        };
      }
      return repromptResult(state, language, buttonsOf(language, RECEIPT_BUTTONS), 'forgot_password.ask_received');
    }
    case 'troubleshooting': {
      const left = MAX_RESENDS - state.resends;
      const choice = readChoice(input, TROUBLE_CHOICES, troubleButtons(left));
      if (choice === 'pw:resend' && left > 0) return beginSend(ctx, state.resends + 1);
      if (choice === 'pw:resend' || choice === 'pw:human') {
        return handOver(
          language,
          choice === 'pw:human' ? 'forgot_password.to_human' : 'forgot_password.giving_up',
          `reset link not received (${state.resends} resends)`,
        );
      }
      if (choice === 'pw:got') return finished(language);
      return repromptResult(state, language, buttonsOf(language, troubleButtons(left)));
    }
    case 'done':
      return alreadyDone(state);
  }
}

export const forgotPasswordFlow: Flow<ForgotPasswordState> = {
  id: 'forgot_password',
  version: FORGOT_PASSWORD_VERSION,
  requiresVerification: true,
  expects(state, typed) {
    if (state.step === 'sent') return readTextChoice(typed, RECEIPT_CHOICES, RECEIPT_BUTTONS) !== null;
    if (state.step === 'troubleshooting')
      return readTextChoice(typed, TROUBLE_CHOICES, troubleButtons(MAX_RESENDS - state.resends)) !== null;
    return false;
  },
  start: (ctx) => beginSend(ctx, 0),
  step,
};
