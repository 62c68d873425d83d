/**
 * Tokenisation of normalised text (see normalize.ts): Han runs are segmented with jieba (default dictionary
 * plus upay domain words), Latin runs are split into words and Porter-stemmed, numbers become `<num>`,
 * letter+digit tokens (T1001B, 4g) become `<id>`, everything else (punctuation, symbols) is dropped.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import porterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import type { KnowledgeBase } from './knowledge-types.ts';
import { normalize } from './normalize.ts';

export interface Segmenter {
  tokens(normalizedText: string): string[];
}

export const NUM_TOKEN = '<num>';
export const ID_TOKEN = '<id>';

/** Words jieba must keep whole in upay support messages. */
export const BUILTIN_DOMAIN_WORDS: readonly string[] = [
  '冻结',
  '解冻',
  '验证码',
  '短信验证码',
  '动态码',
  '人工客服',
  '在线客服',
  '客服电话',
  '转人工',
  '扣款',
  '扣费',
  '退款',
  '退钱',
  '交易记录',
  '账单',
  '明细',
  '余额',
  '手续费',
  '服务费',
  '绑卡',
  '解绑',
  '银行卡',
  '信用卡',
  '储蓄卡',
  '支付密码',
  '登录密码',
  '忘记密码',
  '重置密码',
  '找回密码',
  '改密码',
  '修改密码',
  '账户',
  '账号',
  '盗刷',
  '被盗',
  '陌生交易',
  '不明交易',
  '异常交易',
  '转账',
  '充值',
  '提现',
  '付款失败',
  '支付失败',
  '付不了款',
  '注册',
  '开户',
  '实名认证',
  '身份证',
  '手机号',
  '收不到',
  '人脸识别',
  '二维码',
  '扫码',
  '限额',
  '到账',
  '钱包',
  '安全吗',
  '诈骗',
  '投诉',
  '热线',
  '邮箱',
  '公众号',
];

/** Jieba dictionary line frequency: high enough to win over default-dictionary splits. */
const DOMAIN_WORD_FREQ = 200000;

/** A run of Han characters, a run of letters/digits (any non-Han script), or anything else (dropped). */
const RUNS = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{M}\p{N}])+(?:[.,]\d+)*)/gu;
const HAS_DIGIT = /\p{N}/u;
const HAS_LETTER = /\p{L}/u;
const LATIN_ONLY = /^[a-z]+$/;
const VALID_WORD = /^\p{Script=Han}{2,}$/u;

/** Creates a segmenter with its own jieba instance (~250 ms: build once, reuse for every message). */
export function createSegmenter(domainWords: readonly string[] = BUILTIN_DOMAIN_WORDS): Segmenter {
  const jieba = Jieba.withDict(dict);
  const words = [...new Set([...BUILTIN_DOMAIN_WORDS, ...domainWords])].filter((w) => VALID_WORD.test(w));
  if (words.length > 0) {
    jieba.loadDict(Buffer.from(words.map((w) => `${w} ${DOMAIN_WORD_FREQ} n`).join('\n') + '\n'));
  }
  const stemCache = new Map<string, string>();
  const stem = (word: string): string => {
    let stemmed = stemCache.get(word);
    if (stemmed === undefined) {
      stemmed = porterStemmer.stem(word);
      if (stemCache.size < 50_000) stemCache.set(word, stemmed);
    }
    return stemmed;
  };

  return {
    tokens(normalizedText: string): string[] {
      const out: string[] = [];
      for (const match of normalizedText.matchAll(RUNS)) {
        const [run, han] = match;
        if (han) {
          // HMM off: unknown words stay as single characters, so typos tokenise the same in every context.
          for (const word of jieba.cut(han, false)) out.push(word);
        } else if (HAS_DIGIT.test(run)) {
          out.push(HAS_LETTER.test(run) ? ID_TOKEN : NUM_TOKEN);
        } else {
          out.push(LATIN_ONLY.test(run) ? stem(run) : run);
        }
      }
      return out;
    },
  };
}

/** Chinese characters that rarely start or end a content word (particles, pronouns, auxiliaries). */
const FUNCTION_CHARS = new Set([
  ...'我你他她它的了吗呢吧啊呀是在被把给么怎什和与就都也还又很太这那哪有没不要会能可以个一',
]);
const NGRAM_MIN = 2;
const NGRAM_MAX = 4;
/** Minimum branching entropy (bits) on each side: a word is followed/preceded by varied characters. */
const MIN_BRANCHING_BITS = 1;

interface GramStats {
  count: number;
  left: Map<string, number>;
  right: Map<string, number>;
}

function entropyBits(neighbours: Map<string, number>): number {
  let total = 0;
  for (const n of neighbours.values()) total += n;
  let bits = 0;
  for (const n of neighbours.values()) bits -= (n / total) * Math.log2(n / total);
  return bits;
}

/**
 * Domain words mined from a knowledge base: Han 2–4-grams from zh examples and titles that
 * - appear in at least `minCount` utterances,
 * - do not start or end with a function character,
 * - have varied neighbours on both sides (branching entropy ≥ 1 bit, the start/end of a Han run counting as a
 *   fresh neighbour each time), which rejects fragments such as 密码忘 (always followed by 了/记) or 户被冻结,
 * - and are not just a piece of a longer mined word (substring reduction).
 * Returned together with the built-in list.
 */
export function domainWordsFromKnowledge(
  kb: KnowledgeBase,
  opts: { minCount?: number; limit?: number } = {},
): string[] {
  const minCount = opts.minCount ?? 8;
  const limit = opts.limit ?? 300;
  const stats = new Map<string, GramStats>();
  let boundary = 0;
  for (const entry of kb.entries('zh-CN')) {
    for (const utterance of [entry.title, ...entry.examples]) {
      for (const run of normalize(utterance).match(/\p{Script=Han}+/gu) ?? []) {
        const chars = [...run];
        for (let n = NGRAM_MIN; n <= NGRAM_MAX; n++) {
          for (let i = 0; i + n <= chars.length; i++) {
            const first = chars[i] ?? '';
            const last = chars[i + n - 1] ?? '';
            if (FUNCTION_CHARS.has(first) || FUNCTION_CHARS.has(last)) continue;
            const gram = chars.slice(i, i + n).join('');
            let s = stats.get(gram);
            if (!s) {
              s = { count: 0, left: new Map(), right: new Map() };
              stats.set(gram, s);
            }
            s.count++;
            const left = chars[i - 1] ?? `^${boundary++}`;
            const right = chars[i + n] ?? `$${boundary++}`;
            s.left.set(left, (s.left.get(left) ?? 0) + 1);
            s.right.set(right, (s.right.get(right) ?? 0) + 1);
          }
        }
      }
    }
  }
  const frequent = [...stats]
    .filter(
      ([, s]) =>
        s.count >= minCount && entropyBits(s.left) >= MIN_BRANCHING_BITS && entropyBits(s.right) >= MIN_BRANCHING_BITS,
    )
    .map(([gram, s]) => [gram, s.count] as const);
  // Drop an n-gram when a longer frequent n-gram containing it covers at least 80% of its occurrences.
  const kept = frequent.filter(
    ([gram, count]) =>
      !frequent.some(
        ([other, otherCount]) => other.length > gram.length && other.includes(gram) && otherCount >= 0.8 * count,
      ),
  );
  kept.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const mined = kept.slice(0, limit).map(([gram]) => gram);
  return [...new Set([...BUILTIN_DOMAIN_WORDS, ...mined])];
}
