/**
 * Reads which choice a typed answer names ("没收到", "don't lock", "2"), matching the choices' words as
 * whole tokens rather than substrings, so that no table depends on its order:
 *
 * - Latin words match between word boundaries ("no" is not in "know", "lock" not in "unlock").
 * - Every word of every choice of the table is looked for at once, and a word found inside a longer word
 *   also found there does not count: in "没收到" only 没收到 counts, never 收到; in "不要解冻" only 不要解冻,
 *   never 不要 or 解冻; in "don't lock" never "lock". (Jieba is no help here: it cuts 没收到 as 没收/到 and
 *   还不解冻 as 还/不/解冻.)
 * - When words of different choices remain ("no, lock it"), the choice entry with the higher `rank` wins;
 *   equal ranks leave the answer unclear (the flow asks again).
 * - A bare number picks the button of that number among the buttons the customer was shown.
 */

/** A choice the customer can make by pressing its button or typing one of its words. */
export interface Choice<V extends string> {
  value: V;
  /** Lower-case words or phrases in either language, matched as whole tokens. */
  words: readonly string[];
  /**
   * Which choice an answer means when it holds words of several: the highest rank (default 0). A table lists
   * one value in several entries to rank its words apart (a "不解冻" above a 解冻 above a bare 不用).
   */
  rank?: number;
}

interface Found<V extends string> {
  start: number;
  end: number;
  value: V;
  rank: number;
}

/** Lower case, one space for any run of spaces or punctuation. */
export function normaliseAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\s\u3000]+/g, ' ')
    .replace(/[。！!？?，,.、~～]+/g, ' ')
    .trim();
}

const LATIN = /^[\x20-\x7e]+$/;
const WORD_CHAR = /[a-z0-9]/;

/** Where `word` occurs in `text`; Latin words only between word boundaries. */
function positions(text: string, word: string): number[] {
  const latin = LATIN.test(word);
  const found: number[] = [];
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const before = text[at - 1] ?? ' ';
    const after = text[at + word.length] ?? ' ';
    if (!latin || (!WORD_CHAR.test(before) && !WORD_CHAR.test(after))) found.push(at);
  }
  return found;
}

/** Every word of the table found in the text, without those inside a longer one found there. */
function wholeWords<V extends string>(text: string, choices: readonly Choice<V>[]): Found<V>[] {
  const all: Found<V>[] = [];
  for (const choice of choices) {
    for (const word of choice.words) {
      if (!word) continue;
      for (const start of positions(text, word))
        all.push({ start, end: start + word.length, value: choice.value, rank: choice.rank ?? 0 });
    }
  }
  // Drop every match inside a longer one, in one sweep (not each against each: a long message can hold thousands
  // of one-character matches). Sorted by start, longer first, a match lies inside a longer one exactly when an
  // earlier match with another span reaches as far; matches with the same span are kept together.
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Found<V>[] = [];
  let reach = -1;
  for (let i = 0; i < all.length;) {
    const { start, end } = all[i]!;
    let j = i;
    while (j < all.length && all[j]!.start === start && all[j]!.end === end) j++;
    if (reach < end) kept.push(...all.slice(i, j));
    reach = Math.max(reach, end);
    i = j;
  }
  return kept;
}

/**
 * The choice a typed answer names, or null when it names none or is unclear. `shown` are the buttons the
 * customer was shown, in order: "2" means the second of them (channels without buttons number them).
 */
export function readTextChoice<V extends string>(
  typed: string,
  choices: readonly Choice<V>[],
  shown: readonly { value: V }[] = [],
): V | null {
  const text = normaliseAnswer(typed);
  if (!text) return null;
  const numbered = /^(\d{1,2})$/.exec(text);
  if (numbered) return shown[Number(numbered[1]) - 1]?.value ?? null;
  const found = wholeWords(text, choices);
  const top = Math.max(...found.map((f) => f.rank));
  const values = new Set(found.filter((f) => f.rank === top).map((f) => f.value));
  const [value] = values;
  return values.size === 1 && value !== undefined ? value : null;
}
