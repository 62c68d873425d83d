/**
 * What the assistant missed (GET /api/console/unanswered): the customers' texts that fell to "not understood", an
 * unresolved clarification, a low-confidence answer, a "this did not help" or a handoff after misunderstanding
 * (docs/CONSOLE.md), grouped by similar text (./text-groups.ts, oldest first) so that an editor teaches a group at once.
 */
import { createHash } from 'node:crypto';
import { normalize } from '../../intents/normalize.ts';
import type { Language } from '../../intents/types.ts';
import { eventsByConversation, timeOf } from './contacts.ts';
import { groupSimilar } from './text-groups.ts';
import type { MissReason, UnansweredGroup } from './types.ts';
import type { IntentSuggestion, TurnEvent } from './turn-event.ts';

export interface UnansweredOptions {
  /** The live NLU's top intents for a text (out_of_scope excluded), for the group's suggestions. */
  suggest(text: string, language: Language): IntentSuggestion[];
  /** Normalised texts already taught (assign/dismiss): hidden. Keys are `normalizeMissedText(text)`. */
  handled: ReadonlySet<string>;
  /** Most groups returned. Default 200. */
  limit?: number;
  /** How many of the newest missed texts are grouped. Default MAX_MISSED_TEXTS. */
  maxTexts?: number;
}

/** An answer below this confidence counts as missed (`low_confidence`). */
export const LOW_CONFIDENCE = 0.6;
/** Only the newest this many missed texts are grouped (the cost bound). */
export const MAX_MISSED_TEXTS = 5000;
const DEFAULT_LIMIT = 200;
const MAX_EXAMPLES = 10;
const MAX_SUGGESTIONS = 3;
const MAX_TEXT_CHARS = 500;

const SPACES_AND_PUNCTUATION = /[\s\p{P}\p{S}]+/gu;

/** The key a missed text is compared by (also what Teacher.handledTexts holds). */
export function normalizeMissedText(text: string): string {
  return keyOf(normalize(text.slice(0, MAX_TEXT_CHARS)));
}

/** The comparison key of an already normalised text. */
function keyOf(normalized: string): string {
  return normalized.replace(SPACES_AND_PUNCTUATION, '');
}

interface Miss {
  atMs: number;
  text: string;
  language: Language;
  reasons: Set<MissReason>;
}

/** A miss with its normalised text and comparison key. */
interface Keyed extends Miss {
  normalized: string;
  key: string;
}

/** Missed messages grouped by similar text, newest group first. */
export function findUnanswered(events: readonly TurnEvent[], opts: UnansweredOptions): UnansweredGroup[] {
  const misses = findMisses(events).sort((a, b) => b.atMs - a.atMs);
  // The newest MAX_MISSED_TEXTS not yet taught, then grouped oldest first (a group's id is its oldest text's key).
  const kept: Keyed[] = [];
  const maxTexts = opts.maxTexts ?? MAX_MISSED_TEXTS;
  // Normalising Chinese costs ~70 µs (OpenCC): once per distinct text.
  const normalizedOf = new Map<string, string>();
  for (const miss of misses) {
    if (kept.length >= maxTexts) break;
    let normalized = normalizedOf.get(miss.text);
    if (normalized === undefined) {
      normalized = normalize(miss.text);
      normalizedOf.set(miss.text, normalized);
    }
    const key = keyOf(normalized);
    if (key !== '' && !opts.handled.has(key)) kept.push({ ...miss, normalized, key });
  }
  kept.reverse();
  const groups = groupSimilar(kept);
  return groups
    .map((members) => summarize(members))
    .sort((a, b) => b.lastMs - a.lastMs || b.group.count - a.group.count || (a.group.id < b.group.id ? -1 : 1))
    .slice(0, opts.limit ?? DEFAULT_LIMIT)
    .map(({ group }) => ({
      ...group,
      suggestions: opts.suggest(group.example, group.language).slice(0, MAX_SUGGESTIONS),
    }));
}

/** Every missed text turn with its reasons (docs/CONSOLE.md, "missed messages"). */
export function findMisses(events: readonly TurnEvent[]): Miss[] {
  const misses = new Map<TurnEvent, Miss>();
  const mark = (turn: TurnEvent | undefined, reason: MissReason) => {
    if (turn?.text === undefined || turn.text.trim() === '') return;
    const miss = misses.get(turn);
    if (miss) miss.reasons.add(reason);
    else
      misses.set(turn, {
        atMs: timeOf(turn),
        text: turn.text.slice(0, MAX_TEXT_CHARS),
        language: turn.language,
        reasons: new Set([reason]),
      });
  };
  for (const turns of eventsByConversation(events).values()) {
    let lastText: TurnEvent | undefined;
    turns.forEach((turn, i) => {
      if (turn.input === 'text') {
        if (turn.replyIds.includes('fallback')) mark(turn, 'out_of_scope');
        else if (turn.replyIds.includes('clarify') && !pickedATopic(turns[i + 1]))
          mark(turn, 'clarification_unresolved');
        else if (
          turn.replyIds.some((id) => id.startsWith('answer:')) &&
          turn.confidence !== undefined &&
          turn.confidence < LOW_CONFIDENCE
        )
          mark(turn, 'low_confidence');
        lastText = turn;
      }
      if (turn.button?.startsWith('article:no') === true || (turn.input === 'button' && turn.helpful === false))
        mark(lastText, 'not_helpful');
      // The handoff after the second "not understood" in a row is asked on the text that was not understood.
      if (turn.handoffReason === 'repeated_misunderstanding') mark(lastText, 'handoff_after_misunderstanding');
    });
  }
  return [...misses.values()];
}

/** The customer answered "which did you mean?" by picking one of the topics. */
function pickedATopic(next: TurnEvent | undefined): boolean {
  return next?.input === 'button' && next.button?.startsWith('intent:') === true;
}

/** One group as the API shows it (suggestions added for the groups returned only). */
function summarize(members: readonly Keyed[]): {
  lastMs: number;
  group: Omit<UnansweredGroup, 'suggestions'>;
} {
  const first = members[0] as Keyed;
  const newestFirst = [...members].reverse();
  const newest = newestFirst[0] as Miss;
  const reasons: Partial<Record<MissReason, number>> = {};
  const languages = new Map<Language, number>();
  for (const member of members) {
    for (const reason of member.reasons) reasons[reason] = (reasons[reason] ?? 0) + 1;
    languages.set(member.language, (languages.get(member.language) ?? 0) + 1);
  }
  const texts = [...new Set(newestFirst.map((m) => m.text))];
  // The majority language; a tie goes to the newest text's.
  let language = newest.language;
  for (const [candidate, count] of languages) if (count > (languages.get(language) ?? 0)) language = candidate;
  return {
    lastMs: newest.atMs,
    group: {
      id: groupIdOf(first.key),
      count: members.length,
      lastSeen: new Date(newest.atMs).toISOString(),
      language,
      example: newest.text,
      reasons,
      examples: texts.slice(0, MAX_EXAMPLES),
      texts,
    },
  };
}

/** A short stable id: the hash of the group's first (oldest) normalised text. */
export function groupIdOf(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}
