/**
 * Hashed features → sparse TF-IDF vectors for the intent classifier. A vectorizer learns one column per distinct
 * feature hash (a collision merges two features into one column) and the IDF from the training texts, and maps
 * hashed features to L2-normalised sparse vectors (sublinear TF × IDF).
 */
import { FEATURE_FAMILIES, type FeatureFamily, type HashedFeatures } from './feature-hash.ts';

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
  if (
    !(state.hashes instanceof Int32Array) ||
    !(state.idf instanceof Float32Array) ||
    state.hashes.length !== state.idf.length
  ) {
    throw new TypeError('vectorizer state needs hashes (Int32Array) and idf (Float32Array) of one length');
  }
  return createVectorizer(state.hashes, createHashTable(state.hashes), state.idf, state.family, state.familyWeights);
}

function createVectorizer(
  hashes: Int32Array,
  table: HashTable,
  idf: Float32Array,
  family?: Uint8Array,
  familyWeights?: Float64Array,
): Vectorizer {
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
      for (let i = 0; i < total;) {
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
