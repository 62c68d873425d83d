import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { KnowledgeBase, KnowledgeEntry } from '../../bot/core/knowledge.ts';
import { normalize } from '../../intents/normalize.ts';
import {
  BUILTIN_DOMAIN_WORDS,
  ID_TOKEN,
  NUM_TOKEN,
  createSegmenter,
  domainWordsFromKnowledge,
  type Segmenter,
} from '../../intents/segment.ts';

let segmenter: Segmenter;
beforeAll(() => {
  segmenter = createSegmenter();
});

const tokens = (text: string): string[] => segmenter.tokens(normalize(text));

describe('createSegmenter', () => {
  it.each([
    '冻结',
    '解冻',
    '验证码',
    '人工客服',
    '扣款',
    '退款',
    '转人工',
    '交易记录',
    '余额',
    '手续费',
    '绑卡',
    '银行卡',
  ])('keeps domain word %s whole', (word) => {
    expect(tokens(`我想问一下${word}的问题`)).toContain(word);
  });

  it.each([
    ['我的账户被冻结了', ['我', '的', '账户', '被', '冻结', '了']],
    ['帳戶被凍結了', ['账户', '被', '冻结', '了']],
    ['我要转人工', ['我', '要', '转人工']],
    ['upay密码忘了', ['upai', '密码', '忘', '了']],
    ['I was charged twice for payments', ['i', 'wa', 'charg', 'twice', 'for', 'payment']],
    ['我的account被freeze了', ['我', '的', 'account', '被', 'freez', '了']],
    ['扣了299.00元', ['扣', '了', NUM_TOKEN, '元']],
    ['2,000 dollars', [NUM_TOKEN, 'dollar']],
    ['订单T1001B', ['订单', ID_TOKEN]],
    ['什么？！😡', ['什么']],
    ['', []],
  ])('%j → %j', (text, expected) => {
    expect(tokens(text)).toEqual(expected);
  });

  it('adds caller domain words', () => {
    expect(tokens('我想开通花呗支付')).not.toContain('花呗支付');
    const custom = createSegmenter(['花呗支付']);
    expect(custom.tokens(normalize('我想开通花呗支付'))).toContain('花呗支付');
  });

  it('ignores domain words that are not Han words', () => {
    const custom = createSegmenter(['x', '好', 'upay wallet', '好的 9 n']);
    expect(custom.tokens('好的 upay wallet')).toEqual(tokens('好的 upay wallet'));
  });
});

function entry(id: KnowledgeEntry['id'], title: string, examples: string[]): KnowledgeEntry {
  return { id, locale: 'zh-CN', title, examples, tests: [], answer: 'a', file: `zh-CN/${id}.md` };
}

describe('domainWordsFromKnowledge', () => {
  it('mines frequent content n-grams with varied neighbours and keeps the built-in list', () => {
    const before = ['', '我想问', '请问', '帮我看看', '怎么开通', '关于', '能不能用', '为啥'];
    const after = ['', '要多少钱', '怎么弄', '失败了', '还款', '额度', '利息', '好用吗'];
    const entries = [
      entry(
        'fees',
        '花呗分期手续费',
        before.map((b, i) => `${b}花呗分期${after[i]}`),
      ),
      entry(
        'forgot_password',
        '忘记密码',
        Array.from({ length: 10 }, (_, i) => `${'诶'.repeat(i)}密码忘了`),
      ),
      entry('greeting', '你好', ['你好', '您好']),
    ];
    const kb: KnowledgeBase = {
      dir: '/x',
      locales: ['zh-CN'],
      contact: {
        sample: true,
        hotline: '',
        email: '',
        hours: { 'zh-CN': '', en: '' },
        social: { 'zh-CN': '', en: '' },
        emailReplyHours: 24,
      },
      values: { 'zh-CN': new Map(), en: new Map() },
      intents: ['fees', 'forgot_password', 'greeting'],
      entries: (locale) => entries.filter((e) => !locale || e.locale === locale),
      get: (intent, locale) => entries.find((e) => e.id === intent && e.locale === locale),
    };
    const words = domainWordsFromKnowledge(kb, { minCount: 8 });
    expect(words).toContain('花呗分期');
    expect(words).not.toContain('花呗'); // covered by the longer word
    expect(words).not.toContain('你好'); // too rare
    expect(words).not.toContain('密码忘'); // always followed by 了: a fragment, not a word
    expect(words.some((w) => w.endsWith('啊') || w.startsWith('要'))).toBe(false);
    for (const w of BUILTIN_DOMAIN_WORDS) expect(words).toContain(w);
  });
});

describe('segmenter properties', () => {
  it('never yields empty tokens, whitespace or punctuation', () => {
    const sample = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc
        .array(
          fc.constantFrom(
            '账户',
            '冻结',
            'upay',
            'Frozen',
            '299.00',
            '2,000',
            'T1001B',
            ' ',
            '，',
            '!',
            '😡',
            'ß',
            '①',
            '转人工',
          ),
          { maxLength: 10 },
        )
        .map((p) => p.join('')),
    );
    fc.assert(
      fc.property(sample, (text) => {
        for (const token of tokens(text)) {
          expect(token.length).toBeGreaterThan(0);
          expect(token).not.toMatch(/\s/);
          if (token !== NUM_TOKEN && token !== ID_TOKEN) expect(token).toMatch(/^[\p{L}\p{M}\p{N}]+$/u);
        }
      }),
      { numRuns: 500 },
    );
  });
});
