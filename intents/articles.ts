/**
 * Answers from help-center articles for questions no intent covers: articles (articles-load.ts) are split into
 * passages (article-passages.ts) and indexed per locale with MiniSearch (BM25+, its default scoring) using OUR
 * tokenizer: normalize() (Traditional → Simplified, full-width → half-width, lower case) then segment.ts
 * (jieba for Chinese, Porter stems for English), minus stop words. A hit is only answered above a calibrated
 * threshold (ARTICLE_THRESHOLD, figures in docs/articles.md); below it the assistant falls back as before.
 */
import MiniSearch from 'minisearch';
import { splitArticle, type Passage } from './article-passages.ts';
import type { Article } from './articles-load.ts';
import { namesOtherProvider } from './article-scope.ts';
import { STOP_EN, STOP_ZH } from './article-stopwords.ts';
import { normalize } from './normalize.ts';
import { createSegmenter, ID_TOKEN, NUM_TOKEN, type Segmenter } from './segment.ts';
import type { Locale } from './types.ts';

export { loadArticles, parseArticle, type Article } from './articles-load.ts';
export { splitArticle, MAX_PASSAGE_CHARS, type Passage } from './article-passages.ts';

/**
 * When a hit is good enough to answer (chosen on test/fixtures/articles/*.json; the table is in docs/articles.md):
 * - minScore: BM25 score of the best passage,
 * - minCoverage: share of the query's information (IDF-weighted terms, unseen terms weighing the most) that the
 *   best passage contains,
 * - minMargin: the best article's score over the next article's, as a ratio (1 = no margin required),
 * - minWords: distinct query words the best passage contains.
 */
export interface ArticleThreshold {
  minScore: number;
  minCoverage: number;
  minMargin: number;
  minWords: number;
}
export const ARTICLE_THRESHOLD: Readonly<ArticleThreshold> = {
  minScore: 25,
  minCoverage: 0.2,
  minMargin: 1.5,
  minWords: 1,
}; // wrong ≤ 5 % on both sets: docs/articles.md

/** Query terms beyond this are ignored: a message is a question, and the search stays linear and small. */
const MAX_QUERY_TERMS = 64;

/** One ranked article (its best passage). */
export interface ArticleHit {
  articleId: string;
  title: string;
  heading: string;
  /** Markdown, at most MAX_PASSAGE_CHARS. */
  passage: string;
  /** BM25 score of the passage. */
  score: number;
  /** IDF-weighted share of the query words found in the passage, 0–1. */
  coverage: number;
  /** Distinct query words (wholly or in part) found in the passage. */
  matchedWords: number;
}

interface IndexedPassage extends Passage {
  id: number;
  tags: string;
}

interface LocaleIndex {
  search: MiniSearch<IndexedPassage>;
  passages: IndexedPassage[];
  /** Passages containing each term (for the coverage's IDF). */
  docFreq: Map<string, number>;
}

export interface ArticleIndex {
  readonly locales: readonly Locale[];
  /** Article ids per locale (button values are checked against them). */
  has(articleId: string, locale?: Locale): boolean;
  /** Query words after normalisation, segmentation and stop words (the first MAX_QUERY_TERMS distinct ones). */
  units(text: string): QueryUnit[];
  /** @internal */
  readonly byLocale: ReadonlyMap<Locale, LocaleIndex>;
}

const HAN_WORD = /^\p{Script=Han}{3,}$/u;

/** A query word and the character pairs it also searches with (long Chinese words only). */
export interface QueryUnit {
  token: string;
  pairs: string[];
}

/** The NLU's normalisation and segmentation, without stop words, each long Chinese word with its character pairs. */
function createArticleTokenizer(segmenter: Segmenter): {
  units(text: string): QueryUnit[];
  tokenize(text: string): string[];
} {
  const stop = new Set<string>([
    ...STOP_ZH,
    ...STOP_EN.flatMap((w) => segmenter.tokens(w)),
    ...STOP_EN,
    NUM_TOKEN,
    ID_TOKEN,
  ]);
  const units = (text: string): QueryUnit[] => {
    const out: QueryUnit[] = [];
    for (const token of segmenter.tokens(normalize(text))) {
      if (stop.has(token)) continue;
      const pairs: string[] = [];
      // A long Chinese word also yields its character pairs, so 收支分析 in an article meets 收支 in a question.
      if (HAN_WORD.test(token)) {
        const chars = [...token];
        for (let i = 0; i + 2 <= chars.length; i++) {
          const pair = `${chars[i]}${chars[i + 1]}`;
          if (!stop.has(pair)) pairs.push(pair);
        }
      }
      out.push({ token, pairs });
    }
    return out;
  };
  return { units, tokenize: (text) => units(text).flatMap((u) => [u.token, ...u.pairs]) };
}

/** Han words of 2–4 characters among the tags: jieba keeps them whole. */
function tagWords(articles: readonly Article[]): string[] {
  return [...new Set(articles.flatMap((a) => a.tags).filter((t) => /^\p{Script=Han}{2,4}$/u.test(t)))];
}

/** Builds the per-locale indexes (about 0.3 s, most of it jieba's dictionary: build once at start). */
export function buildArticleIndex(articles: readonly Article[], options: { segmenter?: Segmenter } = {}): ArticleIndex {
  const segmenter = options.segmenter ?? createSegmenter(tagWords(articles));
  const { units, tokenize } = createArticleTokenizer(segmenter);
  const locales = [...new Set(articles.map((a) => a.locale))];
  const byLocale = new Map<Locale, LocaleIndex>();
  const ids = new Map<Locale, Set<string>>();
  for (const locale of locales) {
    const mine = articles.filter((a) => a.locale === locale);
    ids.set(locale, new Set(mine.map((a) => a.id)));
    const passages: IndexedPassage[] = [];
    for (const article of mine) {
      for (const p of splitArticle(article)) passages.push({ ...p, id: passages.length, tags: article.tags.join(' ') });
    }
    const search = new MiniSearch<IndexedPassage>({
      fields: ['title', 'heading', 'text', 'tags'],
      storeFields: [],
      tokenize,
      processTerm: (term) => term,
      searchOptions: {
        tokenize,
        processTerm: (term) => term,
        boost: { title: 1.5, heading: 1.5, tags: 1.2 },
        combineWith: 'OR',
      },
    });
    search.addAll(passages);
    const docFreq = new Map<string, number>();
    for (const p of passages) {
      for (const term of new Set(tokenize(`${p.title} ${p.heading} ${p.text} ${p.tags}`)))
        docFreq.set(term, (docFreq.get(term) ?? 0) + 1);
    }
    byLocale.set(locale, { search, passages, docFreq });
  }
  return {
    locales,
    byLocale,
    has: (articleId, locale) =>
      locale ? (ids.get(locale)?.has(articleId) ?? false) : [...ids.values()].some((s) => s.has(articleId)),
    units: (text) => {
      const seen = new Set<string>();
      return units(text)
        .filter((u) => !seen.has(u.token) && seen.add(u.token))
        .slice(0, MAX_QUERY_TERMS);
    },
  };
}

/** Ranked articles for a question (each with its best passage), best first; no threshold applied. */
export function searchArticles(index: ArticleIndex, text: string, locale: Locale, limit = 3): ArticleHit[] {
  const local = index.byLocale.get(locale);
  if (!local) return [];
  if (namesOtherProvider(normalize(text))) return [];
  const units = index.units(text);
  const terms = [...new Set(units.flatMap((u) => [u.token, ...u.pairs]))];
  if (terms.length === 0) return [];
  const n = local.passages.length;
  // BM25's IDF; a word no passage contains weighs as much as the rarest possible one.
  const idf = (term: string): number => {
    const df = local.docFreq.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };
  const totalWeight = units.reduce((sum, u) => sum + idf(u.token), 0);
  const hits: ArticleHit[] = [];
  const seen = new Set<string>();
  // The query is passed as its terms, split on the spaces that join them: tokenised once, by units().
  for (const result of local.search.search(terms.join(' '), { tokenize: (query) => query.split(' ') })) {
    const passage = local.passages[result.id as number];
    if (!passage || seen.has(passage.articleId)) continue;
    seen.add(passage.articleId);
    const matched = new Set(result.queryTerms);
    // A word counts whole when the passage has it, in part when it has some of its character pairs.
    let covered = 0;
    let matchedWords = 0;
    for (const u of units) {
      const share = matched.has(u.token)
        ? 1
        : u.pairs.length > 0
          ? u.pairs.filter((p) => matched.has(p)).length / u.pairs.length
          : 0;
      covered += share * idf(u.token);
      if (share > 0) matchedWords++;
    }
    hits.push({
      articleId: passage.articleId,
      title: passage.title,
      heading: passage.heading,
      passage: passage.text,
      score: result.score,
      coverage: totalWeight > 0 ? covered / totalWeight : 0,
      matchedWords,
    });
    if (hits.length >= limit) break;
  }
  return hits;
}

/** Whether the best hit is good enough to answer with (see ARTICLE_THRESHOLD). */
export function confident(
  hits: readonly ArticleHit[],
  threshold: Readonly<ArticleThreshold> = ARTICLE_THRESHOLD,
): boolean {
  const [best, next] = hits;
  if (!best) return false;
  if (
    best.score < threshold.minScore ||
    best.coverage < threshold.minCoverage ||
    best.matchedWords < threshold.minWords
  )
    return false;
  return !next || best.score >= threshold.minMargin * next.score;
}

/** The passage to answer with, or undefined below the threshold. */
export function bestArticleAnswer(
  index: ArticleIndex,
  text: string,
  locale: Locale,
  threshold: Readonly<ArticleThreshold> = ARTICLE_THRESHOLD,
): ArticleHit | undefined {
  const hits = searchArticles(index, text, locale, 2);
  return confident(hits, threshold) ? hits[0] : undefined;
}
