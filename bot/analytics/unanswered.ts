import type { Language } from '../../intents/types.ts';
import type { UnansweredGroup } from './types.ts';
import type { IntentSuggestion, TurnEvent } from './turn-event.ts';

export interface UnansweredOptions {
  /** The live NLU's top intents for a text (out_of_scope excluded), for the group's suggestions. */
  suggest(text: string, language: Language): IntentSuggestion[];
  /** Normalised texts already taught (assign/dismiss): hidden. Keys are `normalizeMissedText(text)`. */
  handled: ReadonlySet<string>;
  /** Most groups returned. Default 200. */
  limit?: number;
}

/** The key a missed text is compared by (also what Teacher.handledTexts holds). */
export function normalizeMissedText(_text: string): string {
  throw new Error('not implemented yet');
}

/** PLACEHOLDER (contract commit): missed messages grouped by similar text, newest group first. */
export function findUnanswered(_events: readonly TurnEvent[], _opts: UnansweredOptions): UnansweredGroup[] {
  throw new Error('not implemented yet');
}
