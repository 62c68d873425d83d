import { describe, expect, it } from 'vitest';
import { capText } from '../../bot/engine.ts';
import type { Nlu } from '../../intents/types.ts';
import { allText, createHarness, createKeywordNlu, eventIn } from './fakes.ts';

const event = (text: string) => eventIn('wechat:o42', 'o42', `e-${text.length}`, text);

describe('engine: the per-turn message cap (MAX_MESSAGE_CHARS)', () => {
  it('a 60,000-character message reaches NLU cut to the cap, and the customer is told', async () => {
    const parsedLengths: number[] = [];
    const keywords = createKeywordNlu();
    const nlu: Nlu = {
      ...keywords,
      parse: (text, opts) => (parsedLengths.push(text.length), keywords.parse(text, opts)),
    };
    const h = createHarness({ overrides: { nlu, options: { maxMessageChars: 2000 } } });
    const result = await h.engine.handle(event(`my account is frozen ${'x@'.repeat(30_000)}`));
    expect(allText(result)).toContain('first 2000 characters');
    expect(result.replies[0]?.id).toBe('message_too_long');
    expect(parsedLengths.length).toBeGreaterThan(0);
    expect(Math.max(...parsedLengths)).toBeLessThanOrEqual(2000);
    const stored = await h.store.get<{ transcript: { from: string; text: string }[] }>('conv:wechat:o42');
    const customerLine = stored?.transcript.find((l) => l.from === 'customer');
    expect(customerLine?.text.length).toBeLessThanOrEqual(2000);
  });

  it('a message within the cap is untouched and gets no notice', async () => {
    const h = createHarness({ overrides: { options: { maxMessageChars: 2000 } } });
    const result = await h.engine.handle(event('hello'));
    expect(allText(result)).not.toContain('characters');
  });

  it('cuts by UTF-16 units without splitting a surrogate pair', () => {
    const text = `${'a'.repeat(9)}😀tail`;
    const { event: capped, cut } = capText(event(text), 10);
    expect(cut).toBe(true);
    expect(capped.input).toEqual({ kind: 'text', text: 'a'.repeat(9) });
    expect(capText(event('short'), 10).cut).toBe(false);
  });
});
