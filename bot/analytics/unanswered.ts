/**
 * What the assistant missed (GET /api/console/unanswered): the customers' texts that fell to "not understood", an
 * unresolved clarification, a low-confidence answer, a "this did not help" or a handoff after misunderstanding
 * (docs/CONSOLE.md), grouped by similar text so that an editor teaches a group at once.
 *
 * Grouping is greedy ("leader") clustering in time order: a text joins the most similar group whose first text is
 * at least SIMILARITY_THRESHOLD alike, else starts a group. Candidates come from an inverted index of character
 * bigrams with bounded posting scans, so the cost grows linearly with the number of texts, never with its square.
 */
import { createHash } from 'node:crypto';
import { normalize } from '../../intents/normalize.ts';
import type { Language } from '../../intents/types.ts';
import { eventsByConversation, timeOf } from './contacts.ts';
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
/** Calibrated on the examples in test/analytics/unanswered-grouping.test.ts. */
export const SIMILARITY_THRESHOLD = 0.5;
const DEFAULT_LIMIT = 200;
const MAX_EXAMPLES = 10;
const MAX_SUGGESTIONS = 3;
/** Candidate search bounds: bigrams of a text looked up, group ids read per bigram, groups compared. */
const MAX_LOOKUP_BIGRAMS = 64;
const MAX_POSTINGS_SCANNED = 32;
const MAX_CANDIDATES = 8;
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

interface Features {
  bigrams: Set<string>;
  /** The content words of a text of two or more words (Latin-script text), else empty. */
  words: Set<string>;
}

/**
 * English function words: two questions sharing "how do i … a" are not alike, so words are compared without them
 * (the bigrams still see them).
 */
const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the i me my you your we our us it its is are am was were be been do does did can could would will shall ' +
    'should may might must to of in on at for from with by and or not no there here this that these those what how ' +
    'where when why which who whom please pls hi hello hey'
  ).split(' '),
);

/**
 * Character bigrams of the key (a one-character key is its own feature) and, for multi-word text, its content words.
 * `normalized` is the text as `normalize` gives it.
 */
export function featuresOf(key: string, normalized: string): Features {
  const chars = Array.from(key);
  const bigrams = new Set<string>();
  if (chars.length === 1) bigrams.add(chars[0] as string);
  for (let i = 0; i + 1 < chars.length; i++) bigrams.add(`${chars[i] as string}${chars[i + 1] as string}`);
  const tokens = normalized
    .split(' ')
    .map((w) => w.replace(SPACES_AND_PUNCTUATION, ''))
    .filter(Boolean);
  if (tokens.length < 2) return { bigrams, words: new Set() };
  const content = tokens.filter((w) => !STOP_WORDS.has(w));
  return { bigrams, words: new Set(content.length > 0 ? content : tokens) };
}

/** Character-bigram Jaccard, averaged with content-word Jaccard when both texts have several words. */
export function similarity(a: Features, b: Features): number {
  const byBigrams = jaccard(a.bigrams, b.bigrams);
  if (a.words.size === 0 || b.words.size === 0) return byBigrams;
  return (byBigrams + jaccard(a.words, b.words)) / 2;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const item of small) if (large.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Greedy clustering of misses (oldest first); each group's members in that order. */
function groupSimilar<M extends Keyed>(misses: readonly M[]): M[][] {
  const groups: { leader: Features; members: M[] }[] = [];
  const groupOfKey = new Map<string, number>();
  const postings = new Map<string, number[]>();
  // Shared-bigram counts per group, reused across texts (only the touched entries are reset): no per-text allocation.
  const shared = new Uint32Array(misses.length);
  for (const miss of misses) {
    const known = groupOfKey.get(miss.key);
    if (known !== undefined) {
      groups[known]?.members.push(miss);
      continue;
    }
    const features = featuresOf(miss.key, miss.normalized);
    const best = bestGroup(features, groups, postings, shared);
    if (best !== undefined) {
      groups[best]?.members.push(miss);
      groupOfKey.set(miss.key, best);
      continue;
    }
    const index = groups.length;
    groups.push({ leader: features, members: [miss] });
    groupOfKey.set(miss.key, index);
    for (const bigram of features.bigrams) {
      const list = postings.get(bigram);
      if (list) list.push(index);
      else postings.set(bigram, [index]);
    }
  }
  return groups.map((g) => g.members);
}

/**
 * The most similar group at or above the threshold among the MAX_CANDIDATES sharing the most bigrams with the text.
 * Bounded work per text: MAX_LOOKUP_BIGRAMS × MAX_POSTINGS_SCANNED counts, then MAX_CANDIDATES comparisons.
 */
function bestGroup(
  features: Features,
  groups: readonly { leader: Features }[],
  postings: ReadonlyMap<string, readonly number[]>,
  shared: Uint32Array,
): number | undefined {
  const touched: number[] = [];
  let looked = 0;
  for (const bigram of features.bigrams) {
    if (looked++ >= MAX_LOOKUP_BIGRAMS) break;
    const list = postings.get(bigram);
    if (!list) continue;
    // The newest groups first: a bigram every group shares ("怎么", "ca") is read only so far.
    for (let i = list.length - 1; i >= Math.max(0, list.length - MAX_POSTINGS_SCANNED); i--) {
      const group = list[i] as number;
      if (shared[group] === 0) touched.push(group);
      shared[group] = (shared[group] ?? 0) + 1;
    }
  }
  // The top candidates by shared bigrams (ties: the older group), kept in a short sorted list.
  const candidates: number[] = [];
  for (const group of touched) {
    const count = shared[group] ?? 0;
    const last = candidates[MAX_CANDIDATES - 1];
    if (last !== undefined && (shared[last] ?? 0) >= count) continue; // not among the top: most groups stop here
    let at = candidates.length;
    while (at > 0) {
      const before = candidates[at - 1] as number;
      const beforeCount = shared[before] ?? 0;
      if (beforeCount > count || (beforeCount === count && before < group)) break;
      at--;
    }
    if (at < MAX_CANDIDATES) {
      candidates.splice(at, 0, group);
      if (candidates.length > MAX_CANDIDATES) candidates.pop();
    }
  }
  for (const group of touched) shared[group] = 0;
  let best: number | undefined;
  let bestScore = SIMILARITY_THRESHOLD;
  for (const group of candidates) {
    const leader = groups[group]?.leader;
    if (!leader) continue;
    const score = similarity(features, leader);
    if (score >= bestScore) {
      best = group;
      bestScore = score;
    }
  }
  return best;
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
