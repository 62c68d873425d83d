/**
 * Helpers every flow shares: replies from the message catalogue (each with its id), wallet calls that turn
 * outages into a friendly handoff, and reading a button press or its typed equivalent (choice-words.ts).
 */
import type { Button, Reply } from '../core/messages.ts';
import type { Language } from '../../intents/types.ts';
import { text, type MessageId, type MessageParams } from '../i18n/messages.ts';
import { WalletError } from '../wallet/types.ts';
import { readTextChoice, type Choice } from './choice-words.ts';
import type { FlowContext, FlowHandoff, FlowInput, FlowStateBase, FlowStepResult } from './types.ts';

export { readTextChoice, type Choice } from './choice-words.ts';

/** A reply with a message's text in the language and its id; buttons only when there are some. */
export function reply(language: Language, id: MessageId, params: MessageParams = {}, buttons?: Button[]): Reply {
  return replyWithText(id, text(language, id, params), buttons);
}

/** A reply whose text is put together from several messages (or formatted data); `id` names the main message. */
export function replyWithText(id: MessageId, replyText: string, buttons?: Button[]): Reply {
  return buttons?.length ? { text: replyText, buttons, id } : { text: replyText, id };
}

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

/** The flow ends here with `outcome` (the state may name it differently), handing over when `handoff` is given. */
export function endResult<S extends FlowStateBase>(
  state: S,
  replies: Reply[],
  outcome: string,
  handoff?: FlowHandoff,
): FlowStepResult<S> {
  return { state, replies, done: true, outcome, ...(handoff ? { handoff } : {}) };
}

/** A step on a flow that has already ended (e.g. a repeated button press) does nothing twice. */
export function alreadyDone<S extends FlowStateBase & { outcome: string }>(state: S): FlowStepResult<S> {
  return endResult(state, [], state.outcome);
}

/**
 * Saves the state of a write (holding its new idempotency key) before running the write, so that a step
 * re-run after a crash resumes it with the same key and the wallet never acts twice.
 */
export async function checkpointThen<S extends FlowStateBase, R>(
  ctx: FlowContext,
  state: S,
  write: (state: S, ctx: FlowContext) => Promise<R>,
): Promise<R> {
  await ctx.checkpoint(state);
  return write(state, ctx);
}

/** Wallet unreachable: apologise and hand over (never a stack trace). */
export function outageResult<S extends FlowStateBase>(
  state: S,
  language: Language,
  extra: Partial<FlowHandoff> = {},
): FlowStepResult<S> {
  return endResult(state, [reply(language, 'common.outage')], 'wallet_outage', { ...extra, reason: 'wallet_outage' });
}

/** The wallet refused a step we expected to work: hand over with the code as an internal note. */
export function failedResult<S extends FlowStateBase>(
  state: S,
  language: Language,
  error: WalletError,
  extra: Partial<FlowHandoff> = {},
): FlowStepResult<S> {
  if (error.isOutage) return outageResult(state, language, extra);
  const notFound = error.code === 'not_found';
  return endResult(
    state,
    [reply(language, notFound ? 'common.not_found' : 'common.rejected')],
    notFound ? 'not_found' : 'wallet_rejected',
    { ...extra, reason: 'flow_failed', note: [extra.note, `wallet:${error.code}`].filter(Boolean).join('; ') },
  );
}

/** A button as a flow defines it: the value it sends back and the message id of its label. */
export interface ButtonSpec<V extends string = string> {
  value: V;
  label: MessageId;
}

export function buttonsOf(language: Language, specs: readonly ButtonSpec[]): Button[] {
  return specs.map((b) => ({ label: text(language, b.label), value: b.value }));
}

/**
 * Reads which choice an input means: a button by its value, typed text by the choices' words as whole tokens
 * or by the number of one of the `shown` buttons (in the order shown).
 */
export function readChoice<V extends string>(
  input: FlowInput,
  choices: readonly Choice<V>[],
  shown: readonly ButtonSpec<V>[] = [],
): V | null {
  if (input.kind === 'action') {
    return choices.find((c) => c.value === input.value)?.value ?? null;
  }
  return readTextChoice(input.text, choices, shown);
}

/** Words shared by several steps. */
export const WORDS = {
  yes: [
    '好的',
    '好',
    '可以',
    '是的',
    '是',
    '对',
    '嗯',
    '行',
    'yes',
    'yeah',
    'yep',
    'ok',
    'okay',
    'sure',
    'please do',
    'go ahead',
  ],
  no: [
    '不用',
    '不要',
    '算了',
    '先不',
    '暂不',
    '不了',
    '不是',
    '不对',
    '没有',
    'no',
    'nope',
    'not now',
    "don't",
    'do not',
    'later',
  ],
  human: ['人工', '客服', '真人', 'human', 'person', 'agent', 'someone'],
} as const;

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
  hint?: MessageId,
  handoff: FlowHandoff = { reason: 'repeated_misunderstanding' },
): FlowStepResult<S> {
  const reprompts = (state.reprompts ?? 0) + 1;
  if (reprompts > MAX_REPROMPTS) {
    return endResult(
      { ...state, reprompts },
      [reply(language, 'common.handoff_soon')],
      'repeated_misunderstanding',
      handoff,
    );
  }
  return { state: { ...state, reprompts }, replies: [reply(language, hint ?? 'common.reprompt', {}, buttons)] };
}
