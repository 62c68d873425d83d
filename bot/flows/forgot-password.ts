/**
 * forgot_password: send a reset link to the verified customer, walk them through the steps, and
 * help when it does not arrive (tips, limited resends, then a human).
 */
import type { Button } from '../core/messages.ts';
import type { Language } from '../../intents/types.ts';
import { COMMON_MESSAGES, callWallet, failedResult, readChoice, readTextChoice, reply, repromptResult, WORDS } from './common.ts';
import type { Choice, Messages } from './common.ts';
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

export interface ForgotPasswordMessages {
  sent: (sentTo: string, channel: Channel) => string;
  resent: (sentTo: string, channel: Channel) => string;
  steps: string;
  askReceived: string;
  gotIt: string;
  notReceived: string;
  finished: string;
  tips: (sentTo: string, channel: Channel, resendsLeft: number) => string;
  resend: string;
  human: string;
  givingUp: string;
  toHuman: string;
}

const zhChannel = (c: Channel): string => (c === 'sms' ? '短信' : '邮件');

export const FORGOT_PASSWORD_MESSAGES: Messages<ForgotPasswordMessages> = {
  zh: {
    sent: (to, c) => `好的，我已经把重置密码的链接通过${zhChannel(c)}发到 ${to} 了 📩`,
    resent: (to, c) => `已重新通过${zhChannel(c)}发送到 ${to}，请再看一下。`,
    steps:
      '按这几步就能重置：\n1. 在登录界面点击“忘记密码”\n2. 输入注册时的手机号或邮箱\n3. 系统会发送验证码\n4. 输入验证码后重置密码\n5. 用新密码登录\n验证码只在 app 里输入，不要告诉任何人（包括客服）。',
    askReceived: '收到了吗？',
    gotIt: '收到了',
    notReceived: '没收到',
    finished: '太好了！按上面的步骤设置新密码就可以登录了。还有问题随时找我 😊',
    tips: (to, c, left) =>
      c === 'sms'
        ? `别着急，可以先检查一下：\n• 号码 ${to} 是不是你现在在用的（不是的话请选“转人工”）\n• 短信有没有被拦截到垃圾短信里\n• 信号不好时可能晚一两分钟到\n还可以重新发送 ${left} 次。`
        : `别着急，可以先检查一下：\n• 邮箱 ${to} 是不是你现在在用的（不是的话请选“转人工”）\n• 邮件有没有进垃圾邮件/广告邮件文件夹\n• 有时会晚几分钟到\n还可以重新发送 ${left} 次。`,
    resend: '重新发送',
    human: COMMON_MESSAGES.zh.humanButton,
    givingUp: '抱歉，重发了几次还是没收到。我为你转接人工客服，他们会核实身份后帮你重置密码。',
    toHuman: '好的，我为你转接人工客服，他们会核实身份后帮你重置密码。',
  },
  en: {
    sent: (to, c) => `Done — I've sent a password reset link by ${c === 'sms' ? 'SMS' : 'email'} to ${to} 📩`,
    resent: (to, c) => `Sent again by ${c === 'sms' ? 'SMS' : 'email'} to ${to} — please have another look.`,
    steps:
      "Here's how to reset it:\n1. On the login screen, tap “Forgot password”\n2. Enter your registered phone number or email\n3. We send you a verification code\n4. Enter the code and reset your password\n5. Log in with the new password\nOnly type the code into the app — never share it with anyone, including support.",
    askReceived: 'Did you get it?',
    gotIt: 'Got it',
    notReceived: "Didn't get it",
    finished: "Great! Follow the steps above to set a new password and you're in. I'm here if you need anything else 😊",
    tips: (to, c, left) =>
      c === 'sms'
        ? `No worries, let's check:\n• Is ${to} still your number? (If not, choose “Talk to a person”.)\n• Look in your blocked or spam messages\n• With weak signal it can take a minute or two\nI can resend it ${left} more time${left === 1 ? '' : 's'}.`
        : `No worries, let's check:\n• Is ${to} still your email? (If not, choose “Talk to a person”.)\n• Look in your spam or promotions folder\n• It can take a few minutes\nI can resend it ${left} more time${left === 1 ? '' : 's'}.`,
    resend: 'Resend',
    human: COMMON_MESSAGES.en.humanButton,
    givingUp: "Sorry it still hasn't arrived. I'm connecting you with a colleague who will verify you and help reset your password.",
    toHuman: "OK, I'm connecting you with a colleague who will verify you and help reset your password.",
  },
};

type ReceiptChoice = 'pw:missing' | 'pw:got';
const RECEIPT_CHOICES: readonly Choice<ReceiptChoice>[] = [
  { value: 'pw:missing', words: ['没收到', '没有收到', '没到', '收不到', '还没', "didn't", 'did not', 'not received', "haven't", 'nothing', 'no', 'nope'] },
  { value: 'pw:got', words: ['收到', '有了', '好了', '可以了', 'got it', 'received', 'yes', 'yep', 'ok', 'thanks', '谢谢'] },
];

type TroubleChoice = 'pw:resend' | 'pw:human' | 'pw:got';
const TROUBLE_CHOICES: readonly Choice<TroubleChoice>[] = [
  { value: 'pw:resend', words: ['重新发送', '重发', '再发', 'resend', 'send again', 'again'] },
  { value: 'pw:human', words: [...WORDS.human, '号码不对', '不是我的', '换号', 'wrong number', 'not my'] },
  { value: 'pw:got', words: ['收到了', '找到了', '有了', 'got it', 'found it', 'received'] },
];

function receiptButtons(language: Language): Button[] {
  const m = FORGOT_PASSWORD_MESSAGES[language];
  return [
    { label: m.gotIt, value: 'pw:got' },
    { label: m.notReceived, value: 'pw:missing' },
  ];
}

function troubleButtons(language: Language, resendsLeft: number): Button[] {
  const m = FORGOT_PASSWORD_MESSAGES[language];
  const buttons: Button[] = resendsLeft > 0 ? [{ label: m.resend, value: 'pw:resend' }] : [];
  buttons.push({ label: m.human, value: 'pw:human' });
  return buttons;
}

function handOver(language: Language, text: string, note: string): FlowStepResult<ForgotPasswordState> {
  return {
    state: { v: 1, step: 'done', outcome: 'handoff' },
    replies: [{ text }],
    done: true,
    outcome: 'reset_link_not_received',
    handoff: { reason: 'flow_failed', note },
  };
}

/** Performs the (re)send whose key is in the state; a re-run with the same state reuses the key. */
async function send(state: Extract<ForgotPasswordState, { step: 'sending' }>, ctx: FlowContext): Promise<FlowStepResult<ForgotPasswordState>> {
  const m = FORGOT_PASSWORD_MESSAGES[ctx.language];
  const result = await callWallet(() => ctx.wallet.sendPasswordResetLink(ctx.customerId, { idempotencyKey: state.key }));
  if (!result.ok) return failedResult({ v: 1, step: 'done', outcome: 'failed' }, ctx.language, result.error, { note: 'password reset link not sent' });
  const { sentTo, channel } = result.value;
  const next: ForgotPasswordState = { v: 1, step: 'sent', sentTo, channel, resends: state.resends };
  if (state.resends === 0) {
    return { state: next, replies: [{ text: m.sent(sentTo, channel) }, { text: m.steps }, reply(m.askReceived, receiptButtons(ctx.language))] };
  }
  return { state: next, replies: [reply(`${m.resent(sentTo, channel)}\n${m.askReceived}`, receiptButtons(ctx.language))] };
}

async function beginSend(ctx: FlowContext, resends: number): Promise<FlowStepResult<ForgotPasswordState>> {
  const sending: ForgotPasswordState = { v: 1, step: 'sending', key: ctx.newIdempotencyKey(), resends };
  await ctx.checkpoint(sending);
  return send(sending, ctx);
}

async function step(state: ForgotPasswordState, input: FlowInput, ctx: FlowContext): Promise<FlowStepResult<ForgotPasswordState>> {
  const m = FORGOT_PASSWORD_MESSAGES[ctx.language];
  switch (state.step) {
    case 'sending':
      return send(state, ctx);
    case 'sent': {
      const choice = readChoice(input, RECEIPT_CHOICES);
      if (choice === 'pw:got') return { state: { v: 1, step: 'done', outcome: 'reset_link_sent' }, replies: [{ text: m.finished }], done: true, outcome: 'reset_link_sent' };
      if (choice === 'pw:missing') {
        const left = MAX_RESENDS - state.resends;
        if (left <= 0) return handOver(ctx.language, m.givingUp, `reset link not received after ${state.resends} resends`);
        return {
          state: { v: 1, step: 'troubleshooting', sentTo: state.sentTo, channel: state.channel, resends: state.resends },
          replies: [reply(m.tips(state.sentTo, state.channel, left), troubleButtons(ctx.language, left))],
        };
      }
      return repromptResult(state, ctx.language, receiptButtons(ctx.language), m.askReceived);
    }
    case 'troubleshooting': {
      const choice = readChoice(input, TROUBLE_CHOICES);
      const left = MAX_RESENDS - state.resends;
      if (choice === 'pw:resend' && left > 0) return beginSend(ctx, state.resends + 1);
      if (choice === 'pw:resend' || choice === 'pw:human') return handOver(ctx.language, choice === 'pw:human' ? m.toHuman : m.givingUp, `reset link not received (${state.resends} resends)`);
      if (choice === 'pw:got') return { state: { v: 1, step: 'done', outcome: 'reset_link_sent' }, replies: [{ text: m.finished }], done: true, outcome: 'reset_link_sent' };
      return repromptResult(state, ctx.language, troubleButtons(ctx.language, left));
    }
    case 'done':
      return { state, replies: [], done: true, outcome: state.outcome };
  }
}

export const forgotPasswordFlow: Flow<ForgotPasswordState> = {
  id: 'forgot_password',
  version: FORGOT_PASSWORD_VERSION,
  requiresVerification: true,
  expects(state, text) {
    const choices = state.step === 'sent' ? RECEIPT_CHOICES : state.step === 'troubleshooting' ? TROUBLE_CHOICES : undefined;
    return choices !== undefined && readTextChoice(text, choices) !== null;
  },
  start: (ctx) => beginSend(ctx, 0),
  step,
};
