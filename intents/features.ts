/**
 * Text → sparse TF-IDF vectors for the intent classifier.
 *
 * An analyzer turns one normalised message into feature strings from three main families:
 * word unigrams + bigrams (from the segmenter's tokens: jieba words for Chinese, stems for English),
 * character n-grams inside Latin words (2–4, with word boundaries) and inside CJK runs (1–3).
 * Training and parsing use the features' 32-bit FNV-1a hashes, computed while the n-grams are enumerated, so a parse
 * builds no feature strings (the string form is kept for inspection and tests, and hashes to the same ids).
 * A vectorizer learns one column per distinct hash (a collision merges two features into one column) and the IDF
 * from the training texts, and maps hashed features to L2-normalised sparse vectors (sublinear TF × IDF).
 */

/** Splits an already normalised text into tokens (words, stems, `<num>`). */
export type Tokenize = (normalizedText: string) => string[];

export interface AnalyzerOptions {
  /** Maps raw text to its normalised form (lower-case, half-width, simplified). */
  normalize: (text: string) => string;
  tokenize: Tokenize;
  /** Character n-gram range inside Latin words, default [2, 4]. */
  latinCharRange?: [number, number];
  /** Character n-gram range inside CJK runs, default [1, 3]. */
  cjkCharRange?: [number, number];
  /** Include word bigrams, default true. */
  wordBigrams?: boolean;
  /** Word pairs with 1..skipWindow-1 tokens between them (`s:` features), default 0 (none). */
  skipWindow?: number;
  /**
   * Edge features (family `e`): the first and the last word next to a start or end marker (`e:<s> 设`,
   * `e:吗 </s>`) and the next `skipWindow - 1` words from each end (`e:<s> _ 闹钟`, `e:明天 _ </s>`), so a linear
   * model sees how a message opens and closes. Default false.
   */
  edges?: boolean;
  /** Include word trigrams, default false. */
  wordTrigrams?: boolean;
  /** Latin character n-grams inside each word (`word`, default) or over the whole text across spaces (`text`). */
  latinCharMode?: 'word' | 'text';
  /**
   * Tags the whole message with a context (e.g. `other_brand` when it names another company's app and not upay).
   * A tag adds `m:<tag>` plus one `x:<tag> <token>` conjunction per word token, so a linear model can learn that
   * "account frozen" next to another brand means something else than on its own.
   */
  contextTag?: (normalizedText: string) => string | undefined;
}

/** Hashed features of one message: `ids[i]` (FNV-1a of the feature string) of family `families[i]`, i < length. */
export interface HashedFeatures {
  readonly ids: Int32Array;
  readonly families: Uint8Array;
  readonly length: number;
}

/**
 * An analyzer: called as a function it returns the feature strings (for inspection and tests); `hashed` returns the
 * same features as 32-bit FNV-1a hashes of those strings without building them (views into reused buffers, valid
 * until the next call), which is what training and parsing use.
 */
export type Analyzer = ((text: string) => string[]) & { hashed(text: string): HashedFeatures };

/** Feature families by prefix letter; the family code is the index. */
export const FEATURE_FAMILIES = ['w', 'b', 's', 't', 'c', 'z', 'm', 'x', 'e'] as const;
export type FeatureFamily = (typeof FEATURE_FAMILIES)[number];
const FAM_W = 0;
const FAM_B = 1;
const FAM_S = 2;
const FAM_T = 3;
const FAM_C = 4;
const FAM_Z = 5;
const FAM_M = 6;
const FAM_X = 7;
const FAM_E = 8;

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

function hashRange(h: number, s: string, from: number, to: number): number {
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** 32-bit FNV-1a over the UTF-16 code units of a feature string (as a signed int). */
export function hashFeature(feature: string): number {
  return hashRange(FNV_OFFSET, feature, 0, feature.length) | 0;
}

/** Family code of a feature string (`w:…` → 0 …), or -1 for an unknown prefix. */
export function featureFamily(feature: string): number {
  return FEATURE_FAMILIES.indexOf(feature.slice(0, feature.indexOf(':')) as FeatureFamily);
}

/** Hashes a list of feature strings (tests, tools); equals `analyzer.hashed(text)` for `analyzer(text)`. */
export function hashFeatures(features: readonly string[]): HashedFeatures {
  return { ids: Int32Array.from(features, hashFeature), families: Uint8Array.from(features, (f) => Math.max(0, featureFamily(f))), length: features.length };
}

/** An owned copy of a hashed view (training keeps every document). */
export function copyHashed(view: HashedFeatures): HashedFeatures {
  return { ids: view.ids.slice(0, view.length), families: view.families.slice(0, view.length), length: view.length };
}

const PREFIX_HASH = FEATURE_FAMILIES.map((p) => hashRange(FNV_OFFSET, `${p}:`, 0, 2));
const SPACE = 32;
/** Hashes of `e:<s> ` and `e:<s> _ `, the starts of the opening edge features; the closing ones end in these. */
const EDGE_START_HASH = hashRange(PREFIX_HASH[FAM_E] as number, '<s> ', 0, 4);
const EDGE_START_SKIP_HASH = hashRange(PREFIX_HASH[FAM_E] as number, '<s> _ ', 0, 6);
const EDGE_END = ' </s>';
const EDGE_SKIP_END = ' _ </s>';
/** Edge features also name the message's length in words, `e:#1` … `e:#8` (8 = 8 or more). */
const EDGE_MAX_LENGTH = 8;
const EDGE_LENGTH_HASH = Array.from({ length: EDGE_MAX_LENGTH + 1 }, (_, n) => hashFeature(`e:#${n}`));
const BLANK = /^\s*$/;

function isCjk(c: number): boolean {
  return (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
}

const CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;
const LATIN_WORD = /[\p{L}\p{N}]+/gu;
const CJK_CHAR = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
const DIGITS = /\d+/gu;
/** Start and end markers of the edge features (the segmenter's only bracketed tokens are `<num>` and `<id>`). */
const BOS = '<s>';
const EOS = '</s>';

/** Builds the analyzer used both at training time and at parse time (they must be identical). */
export function createAnalyzer(options: AnalyzerOptions): Analyzer {
  const [latinMin, latinMax] = options.latinCharRange ?? [2, 4];
  const [cjkMin, cjkMax] = options.cjkCharRange ?? [1, 3];
  const wordBigrams = options.wordBigrams ?? true;
  const wordTrigrams = options.wordTrigrams ?? false;
  const latinText = options.latinCharMode === 'text';
  const skipWindow = options.skipWindow ?? 0;
  const edges = options.edges ?? false;
  const strings = (text: string): string[] => {
    const normalized = options.normalize(text);
    const features: string[] = [];
    const tokens = options.tokenize(normalized).filter((t) => t.trim() !== '');
    const tag = options.contextTag?.(normalized);
    if (tag !== undefined) {
      features.push(`m:${tag}`);
      for (const token of tokens) features.push(`x:${tag} ${token}`);
    }
    for (let i = 0; i < tokens.length; i++) {
      features.push(`w:${tokens[i]}`);
      if (wordBigrams && i + 1 < tokens.length) features.push(`b:${tokens[i]} ${tokens[i + 1]}`);
      for (let j = i + 2; j <= i + skipWindow && j < tokens.length; j++) features.push(`s:${tokens[i]} ${tokens[j]}`);
      if (wordTrigrams && i + 2 < tokens.length) features.push(`t:${tokens[i]} ${tokens[i + 1]} ${tokens[i + 2]}`);
    }
    if (edges && tokens.length > 0) {
      const last = tokens.length - 1;
      features.push(`e:${BOS} ${tokens[0]}`, `e:${tokens[last]} ${EOS}`);
      for (let j = 1; j < skipWindow && j <= last; j++) features.push(`e:${BOS} _ ${tokens[j]}`, `e:${tokens[last - j]} _ ${EOS}`);
      if (tokens.length < skipWindow) features.push(`e:${BOS} _ ${EOS}`);
      features.push(`e:#${Math.min(tokens.length, EDGE_MAX_LENGTH)}`);
    }
    const digitless = normalized.replace(DIGITS, '0');
    for (const match of digitless.matchAll(CJK_RUN)) {
      // CJK_RUN only matches BMP characters, so UTF-16 offsets are character offsets.
      const run = match[0];
      for (let n = cjkMin; n <= cjkMax; n++) {
        for (let i = 0; i + n <= run.length; i++) features.push(`z:${run.slice(i, i + n)}`);
      }
    }
    if (latinText) {
      const latin = digitless.replace(CJK_RUN, ' ').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
      if (latin !== '') pushLatinGrams(features, latin, latinMin, latinMax);
      return features;
    }
    for (const match of digitless.matchAll(LATIN_WORD)) {
      if (CJK_CHAR.test(match[0])) {
        const latinParts = match[0].split(CJK_RUN).filter((p) => p !== '');
        for (const part of latinParts) pushLatinGrams(features, part, latinMin, latinMax);
      } else {
        pushLatinGrams(features, match[0], latinMin, latinMax);
      }
    }
    return features;
  };

  // The hashed twin of `strings`: the same features in the same order, hashed as they are generated (no strings).
  let ids = new Int32Array(512);
  let families = new Uint8Array(512);
  let length = 0;
  const emit = (h: number, family: number): void => {
    if (length === ids.length) {
      const grownIds = new Int32Array(ids.length * 2);
      grownIds.set(ids);
      ids = grownIds;
      const grownFamilies = new Uint8Array(families.length * 2);
      grownFamilies.set(families);
      families = grownFamilies;
    }
    ids[length] = h | 0;
    families[length++] = family;
  };
  const hashToken = (h: number, token: string): number => hashRange(h, token, 0, token.length);
  const tokens: string[] = [];
  const latinGrams = (s: string, from: number, to: number): void => {
    // Character n-grams of ` s[from, to) ` (padded with a space each side), as pushLatinGrams.
    const padded = to - from + 2;
    for (let n = latinMin; n <= latinMax; n++) {
      if (n > padded) break;
      for (let i = 0; i + n <= padded; i++) {
        let h = PREFIX_HASH[FAM_C] as number;
        for (let p = i; p < i + n; p++) h = Math.imul(h ^ (p === 0 || p === padded - 1 ? SPACE : s.charCodeAt(from + p - 1)), FNV_PRIME);
        emit(h, FAM_C);
      }
    }
  };
  const view = {
    get ids() {
      return ids;
    },
    get families() {
      return families;
    },
    get length() {
      return length;
    },
  };
  const hashed = (text: string): HashedFeatures => {
    length = 0;
    const normalized = options.normalize(text);
    const raw = options.tokenize(normalized);
    tokens.length = 0;
    for (let i = 0; i < raw.length; i++) if (!BLANK.test(raw[i] as string)) tokens.push(raw[i] as string);
    const tag = options.contextTag?.(normalized);
    if (tag !== undefined) {
      emit(hashToken(PREFIX_HASH[FAM_M] as number, tag), FAM_M);
      const tagged = Math.imul(hashToken(PREFIX_HASH[FAM_X] as number, tag) ^ SPACE, FNV_PRIME);
      for (const token of tokens) emit(hashToken(tagged, token), FAM_X);
    }
    const nTokens = tokens.length;
    for (let i = 0; i < nTokens; i++) {
      const token = tokens[i] as string;
      emit(hashToken(PREFIX_HASH[FAM_W] as number, token), FAM_W);
      if (wordBigrams && i + 1 < nTokens) {
        emit(hashToken(Math.imul(hashToken(PREFIX_HASH[FAM_B] as number, token) ^ SPACE, FNV_PRIME), tokens[i + 1] as string), FAM_B);
      }
      if (skipWindow >= 2 && i + 2 < nTokens) {
        const first = Math.imul(hashToken(PREFIX_HASH[FAM_S] as number, token) ^ SPACE, FNV_PRIME);
        for (let j = i + 2; j <= i + skipWindow && j < nTokens; j++) emit(hashToken(first, tokens[j] as string), FAM_S);
      }
      if (wordTrigrams && i + 2 < nTokens) {
        let h = Math.imul(hashToken(PREFIX_HASH[FAM_T] as number, token) ^ SPACE, FNV_PRIME);
        h = Math.imul(hashToken(h, tokens[i + 1] as string) ^ SPACE, FNV_PRIME);
        emit(hashToken(h, tokens[i + 2] as string), FAM_T);
      }
    }
    if (edges && nTokens > 0) {
      const last = nTokens - 1;
      emit(hashToken(EDGE_START_HASH, tokens[0] as string), FAM_E);
      emit(hashToken(hashToken(PREFIX_HASH[FAM_E] as number, tokens[last] as string), EDGE_END), FAM_E);
      for (let j = 1; j < skipWindow && j <= last; j++) {
        emit(hashToken(EDGE_START_SKIP_HASH, tokens[j] as string), FAM_E);
        emit(hashToken(hashToken(PREFIX_HASH[FAM_E] as number, tokens[last - j] as string), EDGE_SKIP_END), FAM_E);
      }
      if (nTokens < skipWindow) emit(hashToken(EDGE_START_SKIP_HASH, EOS), FAM_E);
      emit(EDGE_LENGTH_HASH[Math.min(nTokens, EDGE_MAX_LENGTH)] as number, FAM_E);
    }
    const digitless = normalized.replace(DIGITS, '0');
    const len = digitless.length;
    for (let start = 0; start < len; ) {
      if (!isCjk(digitless.charCodeAt(start))) {
        start++;
        continue;
      }
      let end = start + 1;
      while (end < len && isCjk(digitless.charCodeAt(end))) end++;
      for (let n = cjkMin; n <= cjkMax; n++) {
        for (let i = start; i + n <= end; i++) emit(hashRange(PREFIX_HASH[FAM_Z] as number, digitless, i, i + n), FAM_Z);
      }
      start = end;
    }
    if (latinText) {
      const latin = digitless.replace(CJK_RUN, ' ').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
      if (latin !== '') latinGrams(latin, 0, latin.length);
      return view;
    }
    LATIN_WORD.lastIndex = 0;
    for (let match = LATIN_WORD.exec(digitless); match !== null; match = LATIN_WORD.exec(digitless)) {
      const from = match.index;
      const to = from + match[0].length;
      // A letter run can hold CJK characters (they are letters too): its Latin parts are the runs between them.
      let partStart = -1;
      for (let i = from; i <= to; i++) {
        const cjk = i === to || isCjk(digitless.charCodeAt(i));
        if (cjk && partStart >= 0) {
          latinGrams(digitless, partStart, i);
          partStart = -1;
        } else if (!cjk && partStart < 0) partStart = i;
      }
    }
    return view;
  };
  return Object.assign(strings, { hashed });
}

function pushLatinGrams(features: string[], word: string, min: number, max: number): void {
  const padded = ` ${word} `;
  for (let n = min; n <= max; n++) {
    if (n > padded.length) break;
    for (let i = 0; i + n <= padded.length; i++) features.push(`c:${padded.slice(i, i + n)}`);
  }
}

/** A sparse vector: parallel arrays of feature indices and values. */
export interface SparseVector {
  readonly index: Int32Array;
  readonly value: Float32Array;
}

export interface VectorizerOptions {
  /** Drop features seen in fewer training documents than this, default 1 (keep all). */
  minDf?: number;
  /**
   * Per-family weights keyed by feature prefix (`w`, `b`, `t`, `c`, `z`). When set, each family's block is
   * L2-normalised to its weight before the whole vector is normalised; otherwise the vector is normalised at once.
   */
  familyWeights?: Record<string, number>;
  /** Keep only these families (a feature view, e.g. words only), default all. */
  families?: readonly string[];
  /** Leave out these families (applied after `families`), default none. */
  excludeFamilies?: readonly string[];
}

/** Everything a fitted vectorizer is, as plain typed arrays (structured-cloneable: storable with v8.serialize). */
export interface VectorizerState {
  hashes: Int32Array;
  idf: Float32Array;
  family?: Uint8Array;
  familyWeights?: Float64Array;
}

export interface Vectorizer {
  /** The fitted state, for `vectorizerFromState` elsewhere (shares the arrays: do not modify). */
  state(): VectorizerState;
  readonly size: number;
  /** The feature hash of each column. */
  readonly hashes: Int32Array;
  /** The columns in ascending order of their feature hash (independent of how the columns are ordered). */
  hashOrder(): Int32Array;
  /** The column of a feature hash, -1 when unseen in training. */
  column(hash: number): number;
  /** Sparse TF-IDF row of hashed features; unseen hashes are ignored. */
  transform(features: HashedFeatures): SparseVector;
}

/**
 * Learns the columns (one per distinct feature hash; colliding features share a column) and smoothed IDF
 * (`ln((1+n)/(1+df)) + 1`, as scikit-learn) from hashed documents.
 */
export function fitVectorizer(documents: readonly HashedFeatures[], options: VectorizerOptions = {}): Vectorizer {
  const minDf = options.minDf ?? 1;
  const allowed = new Uint8Array(FEATURE_FAMILIES.length).fill(options.families ? 0 : 1);
  for (const f of options.families ?? []) {
    const at = FEATURE_FAMILIES.indexOf(f as FeatureFamily);
    if (at >= 0) allowed[at] = 1;
  }
  for (const f of options.excludeFamilies ?? []) {
    const at = FEATURE_FAMILIES.indexOf(f as FeatureFamily);
    if (at >= 0) allowed[at] = 0;
  }
  const df = new Map<number, number>();
  const familyOf = new Map<number, number>();
  const seen = new Set<number>();
  for (const doc of documents) {
    seen.clear();
    for (let i = 0; i < doc.length; i++) {
      const h = doc.ids[i] as number;
      const fam = doc.families[i] as number;
      if (allowed[fam] !== 1 || seen.has(h)) continue;
      seen.add(h);
      df.set(h, (df.get(h) ?? 0) + 1);
      if (!familyOf.has(h)) familyOf.set(h, fam);
    }
  }
  // Columns by document frequency, most frequent first (ties by hash): the features most messages share sit together
  // at the start of every per-column array (IDF, each model's weight rows), where they stay in cache.
  const hashes = columnsByFrequency(df, minDf, documents.length);
  const idf = new Float32Array(hashes.length);
  const n = documents.length;
  hashes.forEach((h, i) => {
    idf[i] = Math.log((1 + n) / (1 + (df.get(h) ?? 0))) + 1;
  });
  let family: Uint8Array | undefined;
  let weights: Float64Array | undefined;
  if (options.familyWeights) {
    const prefixes = Object.keys(options.familyWeights).sort();
    weights = Float64Array.from([...prefixes.map((p) => options.familyWeights?.[p] ?? 1), 1]);
    const blockOf = FEATURE_FAMILIES.map((p) => {
      const at = prefixes.indexOf(p);
      return at < 0 ? prefixes.length : at;
    });
    family = Uint8Array.from(hashes, (h) => blockOf[familyOf.get(h) ?? 0] as number);
  }
  return createVectorizer(hashes, createHashTable(hashes), idf, family, weights);
}

/**
 * The hashes with at least `minDf` documents, most documents first, ties in ascending hash order: a native sort by
 * hash, then a stable counting sort by document frequency (≤ `documents`), without a comparator calling back into
 * the map (which took ≈ 25× longer on 200,000 features).
 */
function columnsByFrequency(df: ReadonlyMap<number, number>, minDf: number, documents: number): Int32Array {
  const byHash = Int32Array.from([...df.keys()].filter((h) => (df.get(h) ?? 0) >= minDf)).sort();
  const freq = Int32Array.from(byHash, (h) => df.get(h) ?? 0);
  // start[d] = where the hashes with document frequency d begin, the most frequent first.
  const start = new Int32Array(documents + 2);
  for (const d of freq) start[d] = (start[d] as number) + 1;
  let at = 0;
  for (let d = documents + 1; d >= 0; d--) {
    const count = start[d] as number;
    start[d] = at;
    at += count;
  }
  const out = new Int32Array(byHash.length);
  byHash.forEach((h, i) => {
    const d = freq[i] as number;
    out[start[d] as number] = h;
    start[d] = (start[d] as number) + 1;
  });
  return out;
}

/** Open-addressing hash → column table in typed arrays (lookups allocate nothing). */
interface HashTable {
  get(hash: number): number;
}

function createHashTable(hashes: Int32Array): HashTable {
  let capacity = 16;
  while (capacity < hashes.length * 2) capacity *= 2;
  const mask = capacity - 1;
  // Slot s holds its key at 2s and its column at 2s + 1 (-1 = empty): one cache line per probe, not two.
  const slots = new Int32Array(capacity * 2);
  for (let s = 0; s < capacity; s++) slots[2 * s + 1] = -1;
  const slot = (h: number): number => (h ^ (h >>> 15)) & mask;
  hashes.forEach((h, column) => {
    let at = slot(h);
    while (slots[2 * at + 1] !== -1) at = (at + 1) & mask;
    slots[2 * at] = h;
    slots[2 * at + 1] = column;
  });
  return {
    get(hash) {
      for (let at = slot(hash); ; at = (at + 1) & mask) {
        const column = slots[2 * at + 1] as number;
        if (column === -1 || slots[2 * at] === hash) return column;
      }
    },
  };
}

/** A vectorizer from a fitted state (`Vectorizer.state()`), transforming exactly as the one it came from. */
export function vectorizerFromState(state: VectorizerState): Vectorizer {
  if (!(state.hashes instanceof Int32Array) || !(state.idf instanceof Float32Array) || state.hashes.length !== state.idf.length) {
    throw new TypeError('vectorizer state needs hashes (Int32Array) and idf (Float32Array) of one length');
  }
  return createVectorizer(state.hashes, createHashTable(state.hashes), state.idf, state.family, state.familyWeights);
}

function createVectorizer(hashes: Int32Array, table: HashTable, idf: Float32Array, family?: Uint8Array, familyWeights?: Float64Array): Vectorizer {
  const blockNorms = familyWeights ? new Float64Array(familyWeights.length) : undefined;
  // Reused scratch: the columns a message's features map to, and the run length (count) of each distinct one.
  let found = new Int32Array(256);
  let runs = new Int32Array(256);
  let hashOrder: Int32Array | undefined;
  return {
    state: () => ({ hashes, idf, ...(family ? { family } : {}), ...(familyWeights ? { familyWeights } : {}) }),
    size: idf.length,
    hashes,
    column: (hash) => table.get(hash),
    hashOrder() {
      hashOrder ??= Int32Array.from(hashes.keys()).sort((a, b) => (hashes[a] as number) - (hashes[b] as number));
      return hashOrder;
    },
    transform(features) {
      // The columns found, duplicates included, sorted: equal columns are then runs whose length is the count. (No
      // dense per-column count array to read and reset: one random memory access less per feature.)
      const n = features.length;
      if (found.length < n) {
        found = new Int32Array(Math.max(n, found.length * 2));
        runs = new Int32Array(found.length);
      }
      const ids = features.ids;
      let total = 0;
      for (let f = 0; f < n; f++) {
        const id = table.get(ids[f] as number);
        if (id >= 0) found[total++] = id;
      }
      const sorted = found.subarray(0, total).sort();
      let nnz = 0;
      for (let i = 0; i < total; ) {
        const id = sorted[i] as number;
        let j = i + 1;
        while (j < total && sorted[j] === id) j++;
        sorted[nnz] = id;
        runs[nnz++] = j - i;
        i = j;
      }
      const index = sorted.slice(0, nnz);
      const value = new Float32Array(nnz);
      let norm = 0;
      for (let i = 0; i < nnz; i++) {
        const v = (1 + Math.log(runs[i] as number)) * (idf[index[i] as number] as number);
        value[i] = v;
        norm += v * v;
      }
      if (family && familyWeights && blockNorms) {
        blockNorms.fill(0);
        for (let i = 0; i < nnz; i++) {
          const f = family[index[i] as number] as number;
          blockNorms[f] = (blockNorms[f] as number) + (value[i] as number) ** 2;
        }
        norm = 0;
        for (let i = 0; i < nnz; i++) {
          const f = family[index[i] as number] as number;
          const v = ((value[i] as number) / Math.sqrt(blockNorms[f] as number)) * (familyWeights[f] as number);
          value[i] = v;
          norm += v * v;
        }
      }
      if (norm > 0) {
        const inv = 1 / Math.sqrt(norm);
        for (let i = 0; i < nnz; i++) value[i] = (value[i] as number) * inv;
      }
      return { index, value };
    },
  };
}
