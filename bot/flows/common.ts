/**
 * Helpers every flow shares: wallet calls that turn outages into a friendly handoff, reading a
 * button press or its typed equivalent, and the shared message table.
 */
import type { Button, Reply } from '../core/messages.ts';
import type { Language } from '../../intents/types.ts';
import { WalletError } from '../wallet/types.ts';
import type { FlowHandoff, FlowInput, FlowStateBase, FlowStepResult } from './types.ts';

export type Messages<T> = Record<Language, T>;

export interface CommonMessages {
  outage: string;
  rejected: string;
  notFound: string;
  handoffSoon: string;
  reprompt: string;
  humanButton: string;
}

export const COMMON_MESSAGES: Messages<CommonMessages> = {
  zh: {
    outage: '抱歉，钱包系统暂时连接不上，我现在没法帮你查询或操作。我已为你转接人工客服，请稍候 🙏',
    rejected: '抱歉，这一步系统没有办成。我为你转接人工客服继续处理。',
    notFound: '抱歉，我没有查到相关的账户信息。我为你转接人工客服帮你看看。',
    handoffSoon: '我正在为你转接人工客服，请稍候。',
    reprompt: '不好意思，我没看明白。请点下面的按钮选一个：',
    humanButton: '转人工',
  },
  en: {
    outage: "Sorry, I can't reach the wallet system right now, so I can't check or change anything. I'm connecting you with a colleague — please hold on 🙏",
    rejected: "Sorry, the system didn't accept that step. I'm connecting you with a colleague to finish it.",
    notFound: "Sorry, I couldn't find those account details. I'm connecting you with a colleague to take a look.",
    handoffSoon: "I'm connecting you with a colleague now — please hold on.",
    reprompt: "Sorry, I didn't catch that. Please pick one of the options below:",
    humanButton: 'Talk to a person',
  },
};

/** The result of a wallet call: its value, or the WalletError it failed with. Other errors are bugs and propagate. */
export type WalletOutcome<T> = { ok: true; value: T } | { ok: false; error: WalletError };

export async function callWallet<T>(call: () => Promise<T>): Promise<WalletOutcome<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (err) {
    if (err instanceof WalletError) return { ok: false, error: err };
    throw err;
  }
}

/** Wallet unreachable: apologise and hand over (never a stack trace). */
export function outageResult<S extends FlowStateBase>(state: S, language: Language, extra: Partial<FlowHandoff> = {}): FlowStepResult<S> {
  return {
    state,
    replies: [{ text: COMMON_MESSAGES[language].outage }],
    done: true,
    outcome: 'wallet_outage',
    handoff: { ...extra, reason: 'wallet_outage' },
  };
}

/** The wallet refused a step we expected to work: hand over with the code as an internal note. */
export function failedResult<S extends FlowStateBase>(state: S, language: Language, error: WalletError, extra: Partial<FlowHandoff> = {}): FlowStepResult<S> {
  if (error.isOutage) return outageResult(state, language, extra);
  return {
    state,
    replies: [{ text: error.code === 'not_found' ? COMMON_MESSAGES[language].notFound : COMMON_MESSAGES[language].rejected }],
    done: true,
    outcome: error.code === 'not_found' ? 'not_found' : 'wallet_rejected',
    handoff: { ...extra, reason: 'flow_failed', note: [extra.note, `wallet:${error.code}`].filter(Boolean).join('; ') },
  };
}

/** A choice the customer can make by pressing its button or typing one of its words. */
export interface Choice<V extends string> {
  value: V;
  /** Lower-case words or phrases in either language; matched as substrings. */
  words: readonly string[];
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\s\u3000]+/g, ' ')
    .replace(/[。！!？?，,.、~～]+/g, ' ')
    .trim();
}

/**
 * Reads which choice an input means. Buttons match by value; typed text matches a choice's words
 * (choices are tried in order, so list negatives like "没收到" before "收到") or its 1-based
 * number, for channels that render buttons as numbered lists.
 */
export function readChoice<V extends string>(input: FlowInput, choices: readonly Choice<V>[]): V | null {
  if (input.kind === 'action') {
    return choices.find((c) => c.value === input.value)?.value ?? null;
  }
  return readTextChoice(input.text, choices);
}

/** The choice a typed answer names: a number ("2") or one of its words. */
export function readTextChoice<V extends string>(typed: string, choices: readonly Choice<V>[]): V | null {
  const text = normalise(typed);
  if (!text) return null;
  const numbered = /^(\d{1,2})$/.exec(text);
  if (numbered) return choices[Number(numbered[1]) - 1]?.value ?? null;
  for (const choice of choices) {
    if (choice.words.some((w) => containsWord(text, w))) return choice.value;
  }
  return null;
}

/** Latin words match on word boundaries ("no" is not in "know"); Chinese phrases as substrings. */
export function containsWord(text: string, word: string): boolean {
  if (!/^[\x20-\x7e]+$/.test(word)) return text.includes(word);
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^a-z0-9])${escaped}($|[^a-z0-9])`).test(text);
}

/** Words shared by several steps. */
export const WORDS = {
  yes: ['好的', '好', '可以', '是的', '是', '对', '嗯', '行', 'yes', 'yeah', 'yep', 'ok', 'okay', 'sure', 'please do', 'go ahead'],
  no: ['不用', '不要', '算了', '先不', '暂不', '不了', '不是', '不对', '没有', 'no', 'nope', 'not now', "don't", 'do not', 'later'],
  human: ['人工', '客服', '真人', 'human', 'person', 'agent', 'someone'],
} as const;

export function reply(text: string, buttons?: Button[]): Reply {
  return buttons?.length ? { text, buttons } : { text };
}

/** How many times a step re-asks before handing over. */
export const MAX_REPROMPTS = 2;

/**
 * The customer's input matched nothing: ask again with the same buttons, or hand over after
 * MAX_REPROMPTS tries (with `handoff`, by default 'repeated_misunderstanding'). The state carries
 * the count so a stuck customer reaches a human.
 */
export function repromptResult<S extends FlowStateBase & { reprompts?: number }>(
  state: S,
  language: Language,
  buttons: Button[],
  hint?: string,
  handoff: FlowHandoff = { reason: 'repeated_misunderstanding' },
): FlowStepResult<S> {
  const reprompts = (state.reprompts ?? 0) + 1;
  if (reprompts > MAX_REPROMPTS) {
    return {
      state: { ...state, reprompts },
      replies: [{ text: COMMON_MESSAGES[language].handoffSoon }],
      done: true,
      outcome: 'repeated_misunderstanding',
      handoff,
    };
  }
  return { state: { ...state, reprompts }, replies: [reply(hint ?? COMMON_MESSAGES[language].reprompt, buttons)] };
}
