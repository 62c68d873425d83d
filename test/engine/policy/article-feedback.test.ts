import { describe, expect, it } from 'vitest';
import { text } from '../../../bot/engine/context.ts';
import { articleFeedback } from '../../../bot/engine/policy/article-feedback.ts';
import { button, makeTurn, texts } from './fixture.ts';

function withArticle() {
  const turn = makeTurn();
  const article = {
    id: 'refunds',
    locale: 'en' as const,
    title: 'Refunds',
    tags: [],
    sample: true,
    body: 'How refunds work.',
    file: 'articles/en/refunds.md',
  };
  turn.deps.knowledge = { ...turn.deps.knowledge, articles: [article] };
  return turn;
}

describe('article-feedback link', () => {
  it('thanks for "helpful"; offers a person for "not helpful"', async () => {
    const yes = withArticle();
    expect(await articleFeedback.handle(yes, button('article:yes:refunds'))).toBe('handled');
    expect(texts(yes)).toEqual([text(yes, 'article.helpful')]);
    const no = withArticle();
    expect(await articleFeedback.handle(no, button('article:no:refunds'))).toBe('handled');
    expect(texts(no)).toEqual([text(no, 'clarify.none_answer')]);
    expect(no.replies[0]?.buttons?.map((b) => b.value)).toEqual(['cmd:human']);
  });

  it('calls an unknown article stale; other values pass on', async () => {
    const turn = withArticle();
    expect(await articleFeedback.handle(turn, button('article:yes:unknown'))).toBe('handled');
    expect(texts(turn)).toEqual([text(turn, 'stale_button')]);
    expect(await articleFeedback.handle(withArticle(), button('clarify:none'))).toBe('pass');
  });
});
