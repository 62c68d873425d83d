import { describe, expect, it } from 'vitest';
import { isGeneralQuestion } from '../../bot/engine/answer-first.ts';
import { clarifyCandidates } from '../../bot/engine/routing.ts';
import type { Nlu, NluResult } from '../../intents/types.ts';
import type { KnowledgeBase } from '../../bot/core/knowledge.ts';
import { allText, createFakeKnowledge, createHarness, createKeywordNlu, type Harness } from './fakes.ts';

/** An NLU that answers each text with a fixed ranking (the rest from the keyword NLU). */
function scriptedNlu(rankings: Record<string, Array<[string, number]>>, ambiguous = true): Nlu {
  const keywords = createKeywordNlu();
  return {
    ...keywords,
    parse(text, opts) {
      const ranking = rankings[text];
      if (!ranking) return keywords.parse(text, opts);
      const intent_ranking = ranking.map(([name, confidence]) => ({ name, confidence }));
      return {
        ...keywords.parse(text, opts),
        intent: intent_ranking[0]!,
        intent_ranking,
        ambiguous,
      } satisfies NluResult;
    },
  };
}

/** A harness whose customer has just said `text`, which the NLU finds ambiguous between `ranking`. */
async function saidAmbiguously(text: string, ranking: Array<[string, number]>): Promise<Harness> {
  const h = createHarness({ overrides: { nlu: scriptedNlu({ [text]: ranking }) } });
  await h.say(text);
  return h;
}

const ranked = (pairs: Array<[string, number]>, ambiguous = true): NluResult => ({
  text: 'x',
  language: 'zh',
  intent: { name: pairs[0]![0], confidence: pairs[0]![1] },
  intent_ranking: pairs.map(([name, confidence]) => ({ name, confidence })),
  entities: [],
  ambiguous,
});

describe('answer first', () => {
  it.each([
    ['付款老是失败是什么原因', true],
    ['忘记密码怎么办', true],
    ['how long does a refund take', true],
    ['how do I reset my password?', true],
    ['账户为什么会被冻结', true],
    ['我的付款失败了', false],
    ['账户被冻结了，怎么办', false],
    ['为什么我的付款失败了', false],
    ['my payment failed', false],
    ['why did my payment fail', false],
    ['T1001B 为什么失败', false],
  ])('%s → general question: %s', (text, general) => {
    const keywords = createKeywordNlu();
    expect(isGeneralQuestion(text, keywords.parse(text).entities)).toBe(general);
  });

  it('a how/why question on a flow topic gets the answer and a button; identity only after the button', async () => {
    const h = createHarness({ conversationId: 'telegram:answer-first' });
    const answer = await h.say('why does a payment failed happen so often?');
    expect(allText(answer)).toContain('EN answer payment_failed');
    expect(answer.flow).toBeNull();
    expect(answer.replies.at(-1)?.buttons?.map((b) => b.value)).toEqual(['flow:payment_failed']);
    expect(allText(answer)).not.toMatch(/phone|email/i);
    const own = await h.press('flow:payment_failed');
    expect(own.flow ?? own.replies.map((r) => r.text).join()).toBeTruthy();
    expect(allText(own)).not.toContain('EN answer payment_failed');
  });

  it('a report of the customer’s own case still starts the flow', async () => {
    const h = createHarness();
    const r = await h.say('my payment failed');
    expect(allText(r)).not.toContain('EN answer payment_failed');
  });

  it('an unknown flow in a button is refused as stale', async () => {
    const h = createHarness();
    const r = await h.press('flow:drop_tables');
    expect(r.replies[0]?.buttons?.length).toBeGreaterThan(0);
    expect(r.flow).toBeNull();
  });
});

describe('clarification', () => {
  it('never clarifies when one topic is far ahead of the next', () => {
    expect(
      clarifyCandidates(
        ranked([
          ['fees', 0.8],
          ['security', 0.15],
        ]),
      ),
    ).toBeUndefined();
    // The far-ahead margin is 0.35 confidence points (calibrated on the knowledge files' held-out tests).
    expect(
      clarifyCandidates(
        ranked([
          ['fees', 0.72],
          ['security', 0.28],
        ]),
      ),
    ).toBeUndefined();
    expect(
      clarifyCandidates(
        ranked([
          ['fees', 0.66],
          ['security', 0.32],
        ]),
      ),
    ).toEqual(['fees', 'security']);
    expect(
      clarifyCandidates(
        ranked([
          ['fees', 0.4],
          ['security', 0.3],
        ]),
      ),
    ).toEqual(['fees', 'security']);
  });

  it('offers a third topic only when it is close to the first', () => {
    expect(
      clarifyCandidates(
        ranked([
          ['fees', 0.35],
          ['security', 0.3],
          ['register', 0.25],
        ]),
      ),
    ).toEqual(['fees', 'security', 'register']);
    expect(
      clarifyCandidates(
        ranked([
          ['fees', 0.35],
          ['security', 0.3],
          ['register', 0.1],
        ]),
      ),
    ).toEqual(['fees', 'security']);
    expect(
      clarifyCandidates(
        ranked([
          ['out_of_scope', 0.4],
          ['fees', 0.3],
          ['security', 0.25],
        ]),
      ),
    ).toEqual(['fees', 'security']);
  });

  it('"neither" searches the help articles with the message the clarification was about', async () => {
    const seen: string[] = [];
    const h = createHarness({
      overrides: {
        nlu: scriptedNlu({
          'can I use it abroad': [
            ['fees', 0.4],
            ['security', 0.35],
          ],
        }),
        articleAnswer: (text) => {
          seen.push(text);
          return {
            text: '**Travelling with upay**\n\nUse it abroad like this.',
            buttons: [{ label: 'Helpful', value: 'article:yes:travel' }],
          };
        },
      },
    });
    const asked = await h.say('can I use it abroad');
    expect(asked.replies[0]?.buttons?.map((b) => b.value)).toEqual(['intent:fees', 'intent:security', 'clarify:none']);
    const none = await h.press('clarify:none');
    expect(seen).toEqual(['can I use it abroad']);
    expect(allText(none)).toContain('Travelling with upay');
  });

  it('"neither" without an article offers a person and the topics', async () => {
    const h = await saidAmbiguously('something odd', [
      ['fees', 0.4],
      ['security', 0.35],
    ]);
    const none = await h.press('clarify:none');
    expect(allText(none)).toMatch(/other words/);
    expect(none.replies[0]?.buttons?.[0]?.value).toBe('cmd:human');
  });

  it('a topic pressed after a clarification answers the question asked (answer first for a general one)', async () => {
    const h = await saidAmbiguously('why do payments fail or get frozen?', [
      ['payment_failed', 0.4],
      ['account_frozen', 0.38],
    ]);
    const chosen = await h.press('intent:payment_failed');
    expect(allText(chosen)).toContain('EN answer payment_failed');
    expect(chosen.replies.at(-1)?.buttons?.[0]?.value).toBe('flow:payment_failed');
  });
});

describe('complaints', () => {
  it('a complaint is answered and handed to a person with the complaint reason', async () => {
    const base = createFakeKnowledge();
    const complaint = (locale: 'zh-CN' | 'en') => ({
      id: 'complaint',
      locale,
      title: 'Complaint',
      examples: [],
      tests: [],
      answer: `${locale} sorry, a colleague takes your complaint`,
      file: `${locale}/complaint.md`,
      handoff: { mode: 'immediate' as const },
    });
    const knowledge: KnowledgeBase = {
      ...base,
      intents: [...base.intents, 'complaint'],
      get: (intent, locale) => (intent === 'complaint' ? complaint(locale) : base.get(intent, locale)),
    };
    const h = createHarness({
      withDesk: true,
      overrides: { knowledge, nlu: scriptedNlu({ 'I want to file a complaint': [['complaint', 0.9]] }, false) },
    });
    const r = await h.say('I want to file a complaint');
    expect(allText(r)).toContain('a colleague takes your complaint');
    expect(r.handoff).not.toBe('none');
    expect(h.desk.opened[0]?.reason).toBe('complaint');
  });
});

describe('explicit requests for a person', () => {
  it('are handed off even when the NLU half reads something else in them', async () => {
    const h = createHarness({
      withDesk: true,
      overrides: {
        nlu: scriptedNlu({
          '人工客服在吗？有急事': [
            ['human_agent', 0.58],
            ['greeting', 0.4],
          ],
        }),
      },
    });
    const r = await h.say('人工客服在吗？有急事');
    expect(r.handoff).not.toBe('none');
    expect(r.replies.flatMap((x) => x.buttons ?? []).some((b) => b.value === 'clarify:none')).toBe(false);
  });
});

describe('help article over an unsure FAQ intent', () => {
  const article = {
    text: '**App language**\n\nMe → Settings → Language.',
    buttons: [{ label: 'Helpful', value: 'article:yes:app_language' }],
  };
  const harness = (ranking: Array<[string, number]>) => {
    const calls: Array<{ strict?: boolean }> = [];
    const h = createHarness({
      overrides: {
        nlu: scriptedNlu({ 'switch the app to English': ranking }, false),
        articleAnswer: (_text, _language, opts) => (calls.push(opts ?? {}), opts?.strict ? article : undefined),
      },
    });
    return { h, calls };
  };

  it('an article that covers the question answers instead of a plain FAQ intent below 0.9', async () => {
    const { h, calls } = harness([['fees', 0.6]]);
    const r = await h.say('switch the app to English');
    expect(allText(r)).toContain('App language');
    expect(calls).toEqual([{ strict: true }]);
  });

  it('a confident intent, a flow intent or a handoff intent is never replaced', async () => {
    for (const ranking of [[['fees', 0.95]], [['payment_failed', 0.6]], [['security', 0.6]]] as Array<
      Array<[string, number]>
    >) {
      const { h } = harness(ranking);
      const r = await h.say('switch the app to English');
      expect(allText(r)).not.toContain('App language');
    }
  });
});
