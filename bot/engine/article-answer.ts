/**
 * The routing fallback's last try before "I didn't understand": a help-center passage (intents/articles.ts)
 * when one answers the question above the calibrated threshold, with "did this help?" buttons. Kept apart from
 * the dialogue policy: its links decide WHEN to call it (policy/not-understood.ts, article-over-intent.ts,
 * clarify-none.ts; feedback in article-feedback.ts), this module only WHAT to answer.
 */
import type { Reply } from '../core/messages.ts';
import type { ArticleAnswerOptions } from './types.ts';
import {
  ARTICLE_THRESHOLD,
  bestArticleAnswer,
  buildArticleIndex,
  type ArticleIndex,
  type ArticleThreshold,
} from '../../intents/articles.ts';
import type { KnowledgeBase } from '../core/knowledge.ts';
import type { Language } from '../../intents/types.ts';
import { articleReplyId, localeOf, text as catalogueText } from '../i18n/messages.ts';

/**
 * A strict answer (against an unsure FAQ intent or a confident out-of-scope) needs an article that covers the
 * question well: on the containment set
 * (bench/results/containment.md) long-tail questions that share words with an intent ("app界面怎么切换成英文" is not
 * an app crash) had coverage 0.39–1.0, while intent questions that an article also matched stayed below 0.35, but one.
 */
const STRICT_ARTICLE_THRESHOLD: Readonly<ArticleThreshold> = { ...ARTICLE_THRESHOLD, minCoverage: 0.35 };

/** Button values: `article:yes:<id>` / `article:no:<id>`. */
export const ARTICLE_ACTION = 'article:';

// One index per loaded set of articles (building it takes about 0.3 s): keyed by the articles, not the knowledge
// base, so a base with taught changes laid over it (bot/teach/overlay.ts, same articles) reuses the index.
const indexes = new WeakMap<NonNullable<KnowledgeBase['articles']>, ArticleIndex>();

/** The article index of a knowledge base, built on first use; call at start-up to keep that cost off a turn. */
export function articleIndexOf(knowledge: KnowledgeBase): ArticleIndex | undefined {
  const articles = knowledge.articles;
  if (!articles?.length) return undefined;
  let index = indexes.get(articles);
  if (!index) {
    index = buildArticleIndex(articles);
    indexes.set(articles, index);
  }
  return index;
}

/**
 * A reply from the best article passage for `text` in `language`, or undefined when none is above the threshold
 * (then fall back as before). The passage is Markdown from the knowledge files: channels render it like answers.
 * The reply's id is `article:<articleId>`; "did this help?" and its buttons come from the catalogue (article.*).
 */
export function articleAnswer(
  knowledge: KnowledgeBase,
  text: string,
  language: Language,
  opts: ArticleAnswerOptions = {},
): Reply | undefined {
  const index = articleIndexOf(knowledge);
  if (!index) return undefined;
  const hit = bestArticleAnswer(
    index,
    text,
    localeOf(language),
    opts.strict ? STRICT_ARTICLE_THRESHOLD : ARTICLE_THRESHOLD,
  );
  if (!hit) return undefined;
  const heading = hit.heading && hit.heading !== hit.title ? `**${hit.heading}**\n\n` : '';
  return {
    text: `**${hit.title}**\n\n${heading}${hit.passage}\n\n${catalogueText(language, 'article.ask')}`,
    buttons: [
      { label: catalogueText(language, 'article.button_yes'), value: `${ARTICLE_ACTION}yes:${hit.articleId}` },
      { label: catalogueText(language, 'article.button_no'), value: `${ARTICLE_ACTION}no:${hit.articleId}` },
    ],
    id: articleReplyId(hit.articleId),
  };
}

/**
 * Reads an `article:yes|no:<id>` button value. Values come back from the client: only ids of loaded articles
 * are accepted, anything else is undefined.
 */
export function parseArticleFeedback(
  knowledge: KnowledgeBase,
  value: string,
): { helpful: boolean; articleId: string } | undefined {
  const match = /^article:(yes|no):([a-z][a-z0-9_]{1,59})$/.exec(value);
  if (!match?.[1] || !match[2]) return undefined;
  const articleId = match[2];
  if (!knowledge.articles?.some((a) => a.id === articleId)) return undefined;
  return { helpful: match[1] === 'yes', articleId };
}
