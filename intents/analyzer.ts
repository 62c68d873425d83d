/**
 * Text → hashed features for the intent classifier.
 *
 * An analyzer turns one normalised message into feature strings from three main families:
 * word unigrams + bigrams (from the segmenter's tokens: jieba words for Chinese, stems for English),
 * character n-grams inside Latin words (2–4, with word boundaries) and inside CJK runs (1–3).
 * Training and parsing use the features' hashes (feature-hash.ts); vectorizer.ts turns them into TF-IDF rows.
 */
import {
  FEATURE_FAMILIES,
  FNV_OFFSET,
  FNV_PRIME,
  hashFeature,
  hashRange,
  type FeatureFamily,
  type HashedFeatures,
} from './feature-hash.ts';

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

/**
 * An analyzer: called as a function it returns the feature strings (for inspection and tests); `hashed` returns the
 * same features as 32-bit FNV-1a hashes of those strings without building them (views into reused buffers, valid
 * until the next call), which is what training and parsing use.
 */
export type Analyzer = ((text: string) => string[]) & { hashed(text: string): HashedFeatures };

const familyCode = (family: FeatureFamily): number => FEATURE_FAMILIES.indexOf(family);
const FAM_W = familyCode('w');
const FAM_B = familyCode('b');
const FAM_S = familyCode('s');
const FAM_T = familyCode('t');
const FAM_C = familyCode('c');
const FAM_Z = familyCode('z');
const FAM_M = familyCode('m');
const FAM_X = familyCode('x');
const FAM_E = familyCode('e');

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
      for (let j = 1; j < skipWindow && j <= last; j++)
        features.push(`e:${BOS} _ ${tokens[j]}`, `e:${tokens[last - j]} _ ${EOS}`);
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
      const latin = digitless
        .replace(CJK_RUN, ' ')
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
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
        for (let p = i; p < i + n; p++)
          h = Math.imul(h ^ (p === 0 || p === padded - 1 ? SPACE : s.charCodeAt(from + p - 1)), FNV_PRIME);
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
        emit(
          hashToken(
            Math.imul(hashToken(PREFIX_HASH[FAM_B] as number, token) ^ SPACE, FNV_PRIME),
            tokens[i + 1] as string,
          ),
          FAM_B,
        );
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
    for (let start = 0; start < len;) {
      if (!isCjk(digitless.charCodeAt(start))) {
        start++;
        continue;
      }
      let end = start + 1;
      while (end < len && isCjk(digitless.charCodeAt(end))) end++;
      for (let n = cjkMin; n <= cjkMax; n++) {
        for (let i = start; i + n <= end; i++)
          emit(hashRange(PREFIX_HASH[FAM_Z] as number, digitless, i, i + n), FAM_Z);
      }
      start = end;
    }
    if (latinText) {
      const latin = digitless
        .replace(CJK_RUN, ' ')
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
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
