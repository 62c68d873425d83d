/**
 * Text → sparse TF-IDF vectors for the intent classifier.
 *
 * An analyzer turns one normalised message into feature strings from three families:
 * word unigrams + bigrams (from the segmenter's tokens: jieba words for Chinese, stems for English),
 * character n-grams inside Latin words (2–4, with word boundaries) and inside CJK runs (1–3).
 * A vectorizer learns the vocabulary and IDF from the training texts and maps feature lists to
 * L2-normalised sparse vectors (sublinear TF × IDF) stored in typed arrays.
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

export type Analyzer = (text: string) => string[];

const CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;
const LATIN_WORD = /[\p{L}\p{N}]+/gu;
const CJK_CHAR = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
const DIGITS = /\d+/gu;

/** Builds the analyzer used both at training time and at parse time (they must be identical). */
export function createAnalyzer(options: AnalyzerOptions): Analyzer {
  const [latinMin, latinMax] = options.latinCharRange ?? [2, 4];
  const [cjkMin, cjkMax] = options.cjkCharRange ?? [1, 3];
  const wordBigrams = options.wordBigrams ?? true;
  const wordTrigrams = options.wordTrigrams ?? false;
  const latinText = options.latinCharMode === 'text';
  const skipWindow = options.skipWindow ?? 0;
  return (text: string): string[] => {
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
}

export interface Vectorizer {
  readonly size: number;
  transform(features: readonly string[]): SparseVector;
  toJSON(): { vocabulary: [string, number][]; idf: number[] };
}

/** Learns vocabulary and smoothed IDF (`ln((1+n)/(1+df)) + 1`, as scikit-learn) from analysed documents. */
export function fitVectorizer(documents: readonly (readonly string[])[], options: VectorizerOptions = {}): Vectorizer {
  const minDf = options.minDf ?? 1;
  const df = new Map<string, number>();
  for (const doc of documents) {
    for (const f of new Set(doc)) df.set(f, (df.get(f) ?? 0) + 1);
  }
  const names = [...df.keys()].filter((f) => (df.get(f) ?? 0) >= minDf).sort();
  const vocabulary = new Map<string, number>();
  const idf = new Float32Array(names.length);
  const n = documents.length;
  names.forEach((name, i) => {
    vocabulary.set(name, i);
    idf[i] = Math.log((1 + n) / (1 + (df.get(name) ?? 0))) + 1;
  });
  let family: Uint8Array | undefined;
  let weights: Float64Array | undefined;
  if (options.familyWeights) {
    const prefixes = Object.keys(options.familyWeights).sort();
    weights = Float64Array.from(prefixes, (p) => options.familyWeights?.[p] ?? 1);
    weights = Float64Array.from([...weights, 1]);
    family = new Uint8Array(names.length);
    names.forEach((name, i) => {
      const at = prefixes.indexOf(name.slice(0, name.indexOf(':')));
      (family as Uint8Array)[i] = at < 0 ? prefixes.length : at;
    });
  }
  return createVectorizer(vocabulary, idf, family, weights);
}

function createVectorizer(vocabulary: Map<string, number>, idf: Float32Array, family?: Uint8Array, familyWeights?: Float64Array): Vectorizer {
  const blockNorms = familyWeights ? new Float64Array(familyWeights.length) : undefined;
  // Reused scratch: per-feature counts (dense, reset after each call) and the list of features touched.
  const counts = new Float64Array(idf.length);
  let touched = new Int32Array(256);
  return {
    size: idf.length,
    transform(features) {
      let nnz = 0;
      for (let f = 0; f < features.length; f++) {
        const id = vocabulary.get(features[f] as string);
        if (id === undefined) continue;
        if (counts[id] === 0) {
          if (nnz === touched.length) {
            const grown = new Int32Array(touched.length * 2);
            grown.set(touched);
            touched = grown;
          }
          touched[nnz++] = id;
        }
        counts[id] = (counts[id] as number) + 1;
      }
      const index = touched.slice(0, nnz).sort();
      const value = new Float32Array(nnz);
      let norm = 0;
      for (let i = 0; i < nnz; i++) {
        const id = index[i] as number;
        const v = (1 + Math.log(counts[id] as number)) * (idf[id] as number);
        counts[id] = 0;
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
    toJSON() {
      return { vocabulary: [...vocabulary.entries()], idf: [...idf] };
    },
  };
}
