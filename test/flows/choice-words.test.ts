/**
 * Choice words are read as whole tokens: a word inside a longer word of the same table never counts
 * ('收到' in '没收到', 'lock' in "don't lock"), so no table depends on its order. Every table of the flows is
 * read in every order of its entries (and of their words) with the same results, negations included.
 */
import { describe, expect, it } from 'vitest';
import { NOT_FROZEN_CHOICES, OFFER_CHOICES, UNFROZEN_CHOICES } from '../../bot/flows/account-frozen.ts';
import { readTextChoice, type Choice } from '../../bot/flows/choice-words.ts';
import { RECEIPT_CHOICES, TROUBLE_CHOICES } from '../../bot/flows/forgot-password.ts';
import { FEEDBACK_CHOICES } from '../../bot/flows/payment-failed.ts';
import { MORE_CHOICES } from '../../bot/flows/transaction-history.ts';
import { DISPUTE_CHOICES, LOCK_CHOICES } from '../../bot/flows/unrecognized-transaction.ts';

type Table = readonly Choice<string>[];

/** Every order of the table's entries, each with its words as listed and reversed. */
function reorderings(table: Table): Table[] {
  const permutations = (items: Table): Table[] =>
    items.length <= 1
      ? [items]
      : items.flatMap((item, i) =>
          permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
        );
  return permutations(table).flatMap((order) => [order, order.map((c) => ({ ...c, words: [...c.words].reverse() }))]);
}

/** Answer → the value it must read as (null: none, or unclear). */
const CASES: [string, Table, [string, string | null][]][] = [
  [
    'forgot_password: did the link arrive?',
    RECEIPT_CHOICES,
    [
      ['没收到', 'pw:missing'],
      ['还没收到', 'pw:missing'],
      ['没有收到啊', 'pw:missing'],
      ['收不到', 'pw:missing'],
      ['收到了', 'pw:got'],
      ['收到啦，谢谢', 'pw:got'],
      ["I didn't get it", 'pw:missing'],
      ['not received', 'pw:missing'],
      ["I haven't received it", 'pw:missing'],
      ['received, thanks', 'pw:got'],
      ['Got it!', 'pw:got'],
      ['no', 'pw:missing'],
      ['yes', 'pw:got'],
      ['I know', null],
      ['明天再说', null],
    ],
  ],
  [
    'forgot_password: tips',
    TROUBLE_CHOICES,
    [
      ['重发一下', 'pw:resend'],
      ['还没收到，再发一次', 'pw:resend'],
      ['send again', 'pw:resend'],
      ['号码不对', 'pw:human'],
      ['转人工', 'pw:human'],
      ["that's not my number", 'pw:human'],
      ['收到了', 'pw:got'],
      ['found it', 'pw:got'],
    ],
  ],
  [
    'account_frozen: unfreeze now?',
    OFFER_CHOICES,
    [
      ['暂不解冻', 'af:keep'],
      ['先不解冻吧', 'af:keep'],
      ['还不解冻', 'af:keep'],
      ['不要解冻', 'af:keep'],
      ['不用解冻了', 'af:keep'],
      ['解冻', 'af:unfreeze'],
      ['好的，解冻吧', 'af:unfreeze'],
      ['不用了', 'af:keep'],
      ['好', 'af:unfreeze'],
      ["don't unfreeze it", 'af:keep'],
      ['not now', 'af:keep'],
      ['unfreeze it please', 'af:unfreeze'],
      ['no', 'af:keep'],
      ['yes', 'af:unfreeze'],
      // The verb outranks a bare no.
      ['不要，解冻吧', 'af:unfreeze'],
    ],
  ],
  [
    'account_frozen: what is wrong?',
    NOT_FROZEN_CHOICES,
    [
      ['登录不了', 'af:password'],
      ['密码忘了', 'af:password'],
      ["can't log in", 'af:password'],
      ['转人工', 'af:human'],
      ['没事了', 'af:ok'],
      ["it's fine now", 'af:ok'],
    ],
  ],
  [
    'account_frozen: reset the password after unfreezing?',
    UNFROZEN_CHOICES,
    [
      ['不用了', 'af:ok'],
      ['不是', 'af:ok'],
      ['我记得', 'af:ok'],
      ['不需要重置', 'af:ok'],
      ['重置密码', 'af:password'],
      ['好的', 'af:password'],
      ['对', 'af:password'],
      ['No, I remember it', 'af:ok'],
      ['reset it', 'af:password'],
    ],
  ],
  [
    'payment_failed: does that help?',
    FEEDBACK_CHOICES,
    [
      ['不明白', 'pay:disagree'],
      ['明白了', 'pay:ok'],
      ['不对', 'pay:disagree'],
      ['谢谢，但还是没退', 'pay:disagree'],
      ['没收到退款', 'pay:disagree'],
      ['知道了，谢谢', 'pay:ok'],
      ["doesn't help", 'pay:disagree'],
      ['not helpful', 'pay:disagree'],
      ['that helps, thanks', 'pay:ok'],
      ["this isn't right", 'pay:disagree'],
    ],
  ],
  [
    'unrecognized_transaction: lock now?',
    LOCK_CHOICES,
    [
      ['别锁', 'fraud:nolock'],
      ['不锁了', 'fraud:nolock'],
      ['先不锁', 'fraud:nolock'],
      ['不要锁定', 'fraud:nolock'],
      ['锁定吧', 'fraud:lock'],
      ['冻结', 'fraud:lock'],
      ["don't lock it", 'fraud:nolock'],
      ['do not lock', 'fraud:nolock'],
      ['lock it', 'fraud:lock'],
      ['unlock', null],
      ['不用了', 'fraud:nolock'],
      ['好的', 'fraud:lock'],
      // The verb outranks a bare no.
      ['no, lock it', 'fraud:lock'],
    ],
  ],
  [
    'unrecognized_transaction: open a dispute?',
    DISPUTE_CHOICES,
    [
      ['不要提交', 'fraud:human'],
      ['不用争议', 'fraud:human'],
      ['只找人工', 'fraud:human'],
      ['提交争议', 'fraud:dispute'],
      ['申诉', 'fraud:dispute'],
      ['no dispute', 'fraud:human'],
      ['open a dispute', 'fraud:dispute'],
      ['不用了', 'fraud:human'],
      ['好', 'fraud:dispute'],
    ],
  ],
  [
    'transaction_history: more?',
    MORE_CHOICES,
    [
      ['更多', 'history:more'],
      ['下一页', 'history:more'],
      ['next', 'history:more'],
      ['ok', null],
    ],
  ],
];

describe('choice words: whole tokens, any table order', () => {
  describe.each(CASES)('%s', (_name, table, cases) => {
    it.each(cases)('"%s" → %s, in every order of the table', (answer, expected) => {
      const orders = reorderings(table);
      expect(orders.length).toBeGreaterThanOrEqual(2);
      for (const order of orders)
        expect(readTextChoice(answer, order), JSON.stringify(order.map((c) => c.value))).toBe(expected);
    });
  });

  it('no word names two choices at the same rank (that answer would always be unclear)', () => {
    for (const [name, table] of CASES) {
      const seen = new Map<string, string>();
      for (const choice of table) {
        for (const word of choice.words) {
          const key = `${choice.rank ?? 0}:${word}`;
          const other = seen.get(key);
          expect(other === undefined || other === choice.value, `${name}: "${word}"`).toBe(true);
          seen.set(key, choice.value);
        }
      }
    }
  });
});

describe('readTextChoice', () => {
  const table: Choice<'a:no' | 'a:yes'>[] = [
    { value: 'a:yes', words: ['收到', 'received', 'yes'] },
    { value: 'a:no', words: ['没收到', 'not received', 'no'] },
  ];

  it('a word inside a longer word found there does not count, whichever is listed first', () => {
    expect(readTextChoice('没收到', table)).toBe('a:no');
    expect(readTextChoice('还是没收到呢', table)).toBe('a:no');
    expect(readTextChoice('not received yet', table)).toBe('a:no');
    expect(readTextChoice('收到', table)).toBe('a:yes');
  });

  it('Latin words only between word boundaries', () => {
    expect(readTextChoice('I know', table)).toBeNull();
    expect(readTextChoice('yesterday', table)).toBeNull();
    expect(readTextChoice('NO!', table)).toBe('a:no');
  });

  it('words of two choices at the same rank leave the answer unclear; a higher rank settles it', () => {
    expect(readTextChoice('yes no', table)).toBeNull();
    const ranked = [
      { ...table[0]!, rank: 0 },
      { ...table[1]!, rank: 1 },
    ];
    expect(readTextChoice('yes no', ranked)).toBe('a:no');
    expect(readTextChoice('yes no', [...ranked].reverse())).toBe('a:no');
  });

  it('a bare number picks that button among those shown, in their order', () => {
    const shown = [{ value: 'a:yes' as const }, { value: 'a:no' as const }];
    expect(readTextChoice('1', table, shown)).toBe('a:yes');
    expect(readTextChoice(' 2。', table, shown)).toBe('a:no');
    expect(readTextChoice('3', table, shown)).toBeNull();
    expect(readTextChoice('1', table)).toBeNull();
  });

  it('nothing typed is no choice', () => {
    expect(readTextChoice('  ，。 ', table)).toBeNull();
  });
});
