/**
 * Greedy ("leader") clustering of short customer texts by similarity, for the missed-message groups
 * (./unanswered.ts): in the given order, a text joins the most similar group whose first text is at least
 * SIMILARITY_THRESHOLD alike, else starts a group. Candidates come from an inverted index of character bigrams with
 * bounded posting scans, so the cost grows linearly with the number of texts, never with its square.
 */

/** Calibrated on the examples in test/analytics/unanswered-grouping.test.ts. */
export const SIMILARITY_THRESHOLD = 0.5;
/** Candidate search bounds: bigrams of a text looked up, group ids read per bigram, groups compared. */
const MAX_LOOKUP_BIGRAMS = 64;
const MAX_POSTINGS_SCANNED = 32;
const MAX_CANDIDATES = 8;
const PUNCTUATION = /[\s\p{P}\p{S}]+/gu;

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
    .map((w) => w.replace(PUNCTUATION, ''))
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

/** Groups texts (each with its comparison `key` and `normalize`d form) in order; each group's members in that order. */
export function groupSimilar<M extends { key: string; normalized: string }>(misses: readonly M[]): M[][] {
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
