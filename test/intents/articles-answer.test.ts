import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleAnswer, articleIndexOf, parseArticleFeedback } from '../../bot/engine/article-answer.ts';
import { loadArticles } from '../../intents/articles.ts';
import type { KnowledgeBase } from '../../bot/core/knowledge.ts';
import type { Locale } from '../../intents/types.ts';

const TABLES: Record<Locale, Map<string, string>> = {
  'zh-CN': new Map([['fixture.max_amount', '¥999（示例）']]),
  en: new Map([['fixture.max_amount', 'CNY 999 (sample)']]),
};

/** Only the articles matter to the hook. */
async function knowledgeWithArticles(): Promise<KnowledgeBase> {
  const articles = await loadArticles(path.resolve('test/fixtures/articles/kb'), ['zh-CN', 'en'], TABLES);
  return { articles } as unknown as KnowledgeBase;
}

describe('articleAnswer', () => {
  it('answers with the title, heading and passage, and asks whether it helped (zh)', async () => {
    const kb = await knowledgeWithArticles();
    // The fixture index is tiny (BM25 scores are small there): lower the bar through a strong, specific question.
    const reply = articleAnswer(kb, '买猫粮可以分期吗？分期付款买猫粮宠物用品分期', 'zh');
    expect(reply?.text).toBe(
      '**宠物用品消费小贴士**\n\n**买猫粮可以分期吗**\n\n购买宠物用品时，分期付款的最高金额是 ¥999（示例）。分期需要先开通。\n\n这有帮助吗？',
    );
    expect(reply?.buttons).toEqual([
      { label: '有帮助', value: 'article:yes:pet_tips' },
      { label: '没帮助', value: 'article:no:pet_tips' },
    ]);
  });

  it('answers in English with English buttons', async () => {
    const kb = await knowledgeWithArticles();
    const reply = articleAnswer(
      kb,
      'pay for cat food in instalments? cat food instalments pet supplies instalments',
      'en',
    );
    expect(
      reply?.text.startsWith('**Tips for paying for pet supplies**\n\n**Can I pay for cat food in instalments?**'),
    ).toBe(true);
    expect(reply?.buttons?.map((b) => b.label)).toEqual(['Helpful', 'Not helpful']);
  });

  it('returns undefined below the threshold and without articles', async () => {
    const kb = await knowledgeWithArticles();
    expect(articleAnswer(kb, '明天天气怎么样', 'zh')).toBeUndefined();
    expect(articleAnswer({ articles: [] } as unknown as KnowledgeBase, 'cat food', 'en')).toBeUndefined();
    expect(articleAnswer({} as KnowledgeBase, 'cat food', 'en')).toBeUndefined();
  });

  it('builds the index once per knowledge base', async () => {
    const kb = await knowledgeWithArticles();
    expect(articleIndexOf(kb)).toBe(articleIndexOf(kb));
  });
});

describe('parseArticleFeedback', () => {
  it('accepts only yes/no for a loaded article id', async () => {
    const kb = await knowledgeWithArticles();
    expect(parseArticleFeedback(kb, 'article:yes:pet_tips')).toEqual({ helpful: true, articleId: 'pet_tips' });
    expect(parseArticleFeedback(kb, 'article:no:garden_guide')).toEqual({ helpful: false, articleId: 'garden_guide' });
    expect(parseArticleFeedback(kb, 'article:no:unknown_article')).toBeUndefined();
    expect(parseArticleFeedback(kb, 'article:maybe:pet_tips')).toBeUndefined();
    expect(parseArticleFeedback(kb, 'intent:fees')).toBeUndefined();
  });
});
