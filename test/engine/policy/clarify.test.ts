import { describe, expect, it } from 'vitest';
import { clarify } from '../../../bot/engine/policy/clarify.ts';
import { makeTurn, typed } from './fixture.ts';

const ranked = (pairs: Array<[string, number]>, ambiguous = true) => ({
  intent: { name: pairs[0]![0], confidence: pairs[0]![1] },
  intent_ranking: pairs.map(([name, confidence]) => ({ name, confidence })),
  ambiguous,
});

describe('clarify link', () => {
  it('asks which topic was meant, with "neither", and keeps the message for the answer', async () => {
    const turn = makeTurn();
    const message = typed(
      'fees or safety?',
      ranked([
        ['fees', 0.45],
        ['security', 0.44],
      ]),
      { storedText: 'fees or safety?' },
    );
    expect(await clarify.handle(turn, message)).toBe('handled');
    expect(turn.replies[0]?.buttons?.map((b) => b.value)).toEqual(['intent:fees', 'intent:security', 'clarify:none']);
    expect(turn.conv.clarifying).toBe('fees or safety?');
  });

  it('hands off when a person is among the candidates', async () => {
    const turn = makeTurn();
    expect(
      await clarify.handle(
        turn,
        typed(
          '人工客服在吗',
          ranked([
            ['greeting', 0.45],
            ['human_agent', 0.44],
          ]),
        ),
      ),
    ).toBe('handled');
    expect(turn.metrics.handoffs).toEqual(['customer_request']);
    expect(turn.conv.clarifying).toBeUndefined();
  });

  it('passes on a clear reading, or one topic far ahead', async () => {
    const clear = makeTurn();
    expect(await clarify.handle(clear, typed('fees', ranked([['fees', 0.95]], false)))).toBe('pass');
    const ahead = makeTurn();
    expect(
      await clarify.handle(
        ahead,
        typed(
          'fees',
          ranked([
            ['fees', 0.8],
            ['security', 0.15],
          ]),
        ),
      ),
    ).toBe('pass');
    expect([clear, ahead].flatMap((t) => t.replies)).toEqual([]);
  });
});
