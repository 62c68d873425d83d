import type { Entity, NluResult } from '../../../intents/types.ts';
import type { Turn } from '../context.ts';

/**
 * The dialogue policy is an ordered list of links (chain.ts). Each link looks at the turn and the message and
 * either answers it (`'handled'`: the chain stops there) or passes it on (`'pass'`) to the next link, like
 * grammY's middleware calling `next()` or Rasa's policies taken in priority order. A new behaviour is a new link
 * at the right place in the list, not another branch inside an existing one.
 */
export type Outcome = 'handled' | 'pass';

export interface PolicyLink<M> {
  /** Names the link in tests and in the chain listing. */
  readonly name: string;
  handle(turn: Turn, message: M): Promise<Outcome>;
}

/** A typed message as the policy reads it: understood, redacted and already in the transcript (bot/engine/turn.ts). */
export interface TextMessage {
  /** What the customer typed (only read, never stored: it may hold a password or a card number). */
  raw: string;
  nlu: NluResult;
  /** The text as the transcript stores it (redacted; `[code]` for a one-time code). */
  storedText: string;
  /** The text a flow may keep: without passwords, card or ID numbers. */
  flowText: string;
  /** The customer typed a password, card or ID number (they are warned). */
  sensitive: boolean;
}

/** A pressed button: the value it carries (comes back from the client, so checked before use). */
export interface ButtonMessage {
  value: string;
}

/** A topic to act on: the NLU's reading of a message, or a topic / clarification button. */
export interface IntentMessage {
  intent: string;
  /** The (redacted) message the topic was read from, when there is one. */
  text?: string;
  entities: Entity[];
}

/** Runs the links in order until one handles the message; returns that link's name (undefined: all passed). */
export async function runChain<M>(
  chain: readonly PolicyLink<M>[],
  turn: Turn,
  message: M,
): Promise<string | undefined> {
  for (const link of chain) {
    if ((await link.handle(turn, message)) === 'handled') return link.name;
  }
  return undefined;
}
