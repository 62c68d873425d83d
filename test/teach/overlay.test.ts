import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge, type KnowledgeBase } from '../../bot/core/knowledge.ts';
import { overlayKnowledge } from '../../bot/teach/overlay.ts';
import { renderIntentFile } from '../../bot/teach/intent-file.ts';
import { TeachError } from '../../bot/teach/errors.ts';
import type { AssignChange, DismissChange, NewIntentChange, TeachChange } from '../../bot/teach/types.ts';
import { checkKnowledgeUtterances, parseKnowledgeEntry } from '../../intents/knowledge.ts';
import { KnowledgeError } from '../../intents/errors.ts';

const KNOWLEDGE = path.resolve('knowledge');
const AT = '2025-01-01T00:00:00.000Z';

let base: KnowledgeBase;
beforeAll(async () => {
  base = await loadKnowledge(KNOWLEDGE);
});

function assign(id: string, intent: string, texts: string[], locale: 'en' | 'zh-CN' = 'en'): AssignChange {
  return { id, kind: 'assign', intent, locale, groupId: 'g1', texts, by: 'ann', at: AT };
}
function dismiss(id: string, texts: string[]): DismissChange {
  return { id, kind: 'dismiss', locale: 'en', groupId: 'g2', texts, by: 'ann', at: AT };
}
const EN_GIFT = [
  'do you sell gift cards',
  'can i buy a upay gift card',
  'gift card for my friend',
  'where to buy gift cards',
  'upay gift voucher',
];
const ZH_GIFT = ['有礼品卡吗', '怎么买优付礼品卡', '送朋友礼品卡', '礼品卡在哪里买', '优付购物卡'];
function newIntent(
  id: string,
  intent = 'gift_cards',
  overrides: Partial<Record<'en' | 'zh-CN', object>> = {},
): NewIntentChange {
  return {
    id,
    kind: 'new_intent',
    intent,
    by: 'ann',
    at: AT,
    entries: [
      {
        locale: 'zh-CN',
        title: '礼品卡',
        answer: '我们暂不销售礼品卡。客服热线 {{contact.hotline}}。',
        examples: ZH_GIFT,
        ...overrides['zh-CN'],
      },
      {
        locale: 'en',
        title: 'Gift cards',
        answer: 'We do not sell gift cards yet. Call {{contact.hotline}}.',
        examples: EN_GIFT,
        ...overrides.en,
      },
    ],
  };
}

/** The loader's own duplicate check over every locale: an overlay must never fail it. */
function expectLoaderChecksPass(kb: KnowledgeBase): void {
  for (const locale of kb.locales)
    expect(() => checkKnowledgeUtterances(kb.entries(locale), (e) => e.file)).not.toThrow();
}

describe('overlayKnowledge', () => {
  it('returns the base itself when nothing applies', () => {
    expect(overlayKnowledge(base, []).knowledge).toBe(base);
    const undone: TeachChange = { ...assign('a', 'fees', ['what is a upay parrot']), undone: { by: 'bob', at: AT } };
    expect(overlayKnowledge(base, [undone]).knowledge).toBe(base);
  });

  it('assign adds new texts to the intent in that locale and skips ones already there or owned by another intent', () => {
    const feesTest = base.get('fees', 'en')?.tests[0] as string;
    const cardExample = base.get('bind_card', 'en')?.examples[0] as string;
    const feesExample = base.get('fees', 'en')?.examples[0] as string;
    const result = overlayKnowledge(base, [
      assign('a1', 'fees', [
        'how much does a parrot cost in upay',
        feesExample.toUpperCase(),
        cardExample,
        feesTest,
        '  ',
      ]),
    ]);
    const fees = result.knowledge.get('fees', 'en');
    expect(fees?.examples.slice(-1)).toEqual(['how much does a parrot cost in upay']);
    expect(fees?.examples.length).toBe((base.get('fees', 'en')?.examples.length ?? 0) + 1);
    expect(result.knowledge.get('fees', 'zh-CN')).toBe(base.get('fees', 'zh-CN'));
    expect(result.added.get('en/fees')).toEqual(['how much does a parrot cost in upay']);
    expect(base.get('fees', 'en')?.examples).not.toContain('how much does a parrot cost in upay');
    // Full-width and Traditional forms normalise to a text already taught: skipped too.
    const again = overlayKnowledge(base, [
      assign('a1', 'fees', ['how much does a parrot cost in upay']),
      assign('a2', 'check_balance', ['ＨＯＷ much does a parrot cost in upay!']),
    ]);
    expect(again.skipped.map((s) => s.id)).toEqual(['a2']);
    expect(again.skipped[0]?.reason).toMatch(/already is an utterance of fees \(en\/fees\.md examples\)/);
    expectLoaderChecksPass(result.knowledge);
  });

  it('dismiss adds out_of_scope examples', () => {
    const result = overlayKnowledge(base, [dismiss('d1', ['what is the capital of mongolia please'])]);
    expect(result.knowledge.get('out_of_scope', 'en')?.examples).toContain('what is the capital of mongolia please');
    expectLoaderChecksPass(result.knowledge);
  });

  it('new_intent adds an entry in every locale (values filled, source console) where the loader would list its file', () => {
    const result = overlayKnowledge(base, [newIntent('n1'), assign('a1', 'gift_cards', ['upay gift card balance'])]);
    const kb = result.knowledge;
    expect(kb.intents).toContain('gift_cards');
    expect(kb.intents).toEqual([...kb.intents].sort());
    const en = kb.get('gift_cards', 'en');
    expect(en).toMatchObject({
      id: 'gift_cards',
      title: 'Gift cards',
      source: 'console',
      tests: [],
      file: 'en/gift_cards.md',
    });
    expect(en?.answer).toContain(base.contact.hotline);
    expect(en?.examples).toEqual([...EN_GIFT, 'upay gift card balance']);
    expect(kb.get('gift_cards', 'zh-CN')?.examples).toEqual(ZH_GIFT);
    const ids = kb.entries('en').map((e) => e.id);
    expect(ids).toEqual([...ids].sort());
    expect(kb.articles).toBe(base.articles);
    expectLoaderChecksPass(kb);
  });

  it('undoing a new intent drops it and the texts assigned to it', () => {
    const undone = { ...newIntent('n1'), undone: { by: 'bob', at: AT } };
    const result = overlayKnowledge(base, [undone, assign('a1', 'gift_cards', ['upay gift card balance'])]);
    expect(result.knowledge).toBe(base);
    expect(result.skipped).toEqual([
      { id: 'a1', reason: expect.stringMatching(/intent: "gift_cards" does not exist/) },
    ]);
  });

  it('a new intent the files already have (exported) adds nothing', () => {
    const result = overlayKnowledge(base, [newIntent('n1', 'fees')]);
    expect(result.knowledge).toBe(base);
    expect(result.skipped[0]?.reason).toBe('intent: "fees" already exists');
  });
});

describe('validating a change (strict)', () => {
  const strict =
    (change: TeachChange, before: TeachChange[] = []) =>
    () =>
      overlayKnowledge(base, [...before, change], { strictId: change.id });
  const fails = (change: TeachChange, message: RegExp, before: TeachChange[] = []) => {
    let error: unknown;
    try {
      strict(change, before)();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TeachError);
    expect((error as TeachError).code).toBe('invalid_change');
    expect((error as TeachError).message).toMatch(message);
  };

  it('accepts a valid new intent and assign', () => {
    expect(strict(newIntent('n1'))).not.toThrow();
    expect(strict(assign('a1', 'fees', ['is upay cheaper than a parrot']))).not.toThrow();
  });

  it('names the locale and field of what is wrong with a new intent', () => {
    fails(
      newIntent('n1', 'gift_cards', { en: { examples: EN_GIFT.slice(0, 3) } }),
      /^en: examples: needs at least 5 utterances, found 3$/,
    );
    const feesExample = base.get('fees', 'en')?.examples[0] as string;
    fails(
      newIntent('n1', 'gift_cards', { en: { examples: [...EN_GIFT.slice(0, 2), feesExample, ...EN_GIFT.slice(2)] } }),
      new RegExp(`^en: examples\\[2\\]: duplicate utterance "${feesExample}" also in en/fees\\.md \\(examples: `),
    );
    fails(
      newIntent('n1', 'gift_cards', { 'zh-CN': { answer: '电话 {{contact.fax}}' } }),
      /^zh-CN: answer: unknown value \{\{contact\.fax\}\}/,
    );
    fails(newIntent('n1', 'gift_cards', { en: { title: '  ' } }), /^en: title: empty title$/);
    fails(
      newIntent('n1', 'gift_cards', { en: { examples: [...EN_GIFT, ' '] } }),
      /^en: examples\[5\]: empty utterance$/,
    );
    fails(newIntent('n1', 'Gift-Cards'), /^zh-CN: id: "Gift-Cards" is not an intent id/);
    fails(newIntent('n1', 'fees'), /^intent: "fees" already exists$/);
    fails(newIntent('n2'), /^intent: "gift_cards" already exists$/, [newIntent('n1')]);
    fails({ ...newIntent('n1'), entries: newIntent('n1').entries.slice(0, 1) }, /^entries: en: missing/);
  });

  it('refuses an assign to an unknown intent or one that teaches nothing new', () => {
    fails(assign('a1', 'parrots', ['hello parrot']), /^intent: "parrots" does not exist/);
    const feesExample = base.get('fees', 'en')?.examples[1] as string;
    fails(assign('a1', 'check_balance', [feesExample]), /^texts\[0\]: ".*" already is an utterance of fees/);
  });
});

describe('parseKnowledgeEntry (one file, the loader rules)', () => {
  const values = () => base.values.en;
  it('console-taught files need 5 examples and no tests; other files keep the minimums', () => {
    const text = renderIntentFile('gift_cards', { title: 'Gift cards', answer: 'No.', examples: EN_GIFT });
    const entry = parseKnowledgeEntry(text, { locale: 'en', fileName: 'gift_cards.md', values: values() });
    expect(entry).toMatchObject({ id: 'gift_cards', source: 'console', tests: [], examples: EN_GIFT, answer: 'No.' });
    const handWritten = text.replace('source: console\n', '');
    expect(() =>
      parseKnowledgeEntry(handWritten, { locale: 'en', fileName: 'gift_cards.md', values: values() }),
    ).toThrow(new KnowledgeError('en/gift_cards.md', 'examples', 'needs at least 40 utterances, found 5'));
    const four = renderIntentFile('gift_cards', { title: 'Gift cards', answer: 'No.', examples: EN_GIFT.slice(0, 4) });
    expect(() => parseKnowledgeEntry(four, { locale: 'en', fileName: 'gift_cards.md', values: values() })).toThrow(
      /examples: needs at least 5 utterances, found 4/,
    );
  });

  it('checks the id against the file name, the flow and unknown keys like the loader', () => {
    const text = renderIntentFile('gift_cards', { title: 'Gift cards', answer: 'No.', examples: EN_GIFT });
    expect(() => parseKnowledgeEntry(text, { locale: 'en', fileName: 'gifts.md', values: values() })).toThrow(
      /en\/gifts\.md: id: "gift_cards" does not match the file name/,
    );
    const withFlow = text.replace('source: console', 'source: console\nflow: teleport');
    expect(() =>
      parseKnowledgeEntry(withFlow, {
        locale: 'en',
        fileName: 'gift_cards.md',
        values: values(),
        flowIds: ['transfer'],
      }),
    ).toThrow(/flow: unknown flow "teleport"/);
    expect(() =>
      parseKnowledgeEntry(text.replace('source: console', 'source: web'), {
        locale: 'en',
        fileName: 'gift_cards.md',
        values: values(),
      }),
    ).toThrow(/source/);
  });
});
