/**
 * A help-article reply names its article (`article:<articleId>`), and its "did this help?" sentence and buttons are
 * the catalogue's (article.ask, article.button_yes, article.button_no) in the customer's language.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleAnswer } from '../../bot/engine/article-answer.ts';
import type { KnowledgeBase } from '../../bot/core/knowledge.ts';
import { text } from '../../bot/i18n/messages.ts';
import { loadArticles } from '../../intents/articles.ts';

async function knowledgeWithArticles(): Promise<KnowledgeBase> {
  const tables = {
    'zh-CN': new Map([['fixture.max_amount', '¥999']]),
    en: new Map([['fixture.max_amount', 'CNY 999']]),
  };
  const articles = await loadArticles(path.resolve('test/fixtures/articles/kb'), ['zh-CN', 'en'], tables);
  return { articles } as unknown as KnowledgeBase;
}

describe('article answers', () => {
  it.each([
    ['zh', '买猫粮可以分期吗？分期付款买猫粮宠物用品分期'],
    ['en', 'pay for cat food in instalments? cat food instalments pet supplies instalments'],
  ] as const)(
    '%s: the reply carries article:<id> and the catalogue’s question and buttons',
    async (language, question) => {
      const reply = articleAnswer(await knowledgeWithArticles(), question, language);
      expect(reply?.id).toBe('article:pet_tips');
      expect(reply?.text.endsWith(`\n\n${text(language, 'article.ask')}`)).toBe(true);
      expect(reply?.buttons).toEqual([
        { label: text(language, 'article.button_yes'), value: 'article:yes:pet_tips' },
        { label: text(language, 'article.button_no'), value: 'article:no:pet_tips' },
      ]);
    },
  );
});
