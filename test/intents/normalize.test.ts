import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalize, toHalfWidth } from '../../intents/normalize.ts';

describe('normalize', () => {
  it.each([
    // full-width
    ['ＵＰＡＹ密码忘了', 'upay密码忘了'],
    ['ｍｙ　ａｃｃｏｕｎｔ', 'my account'],
    ['１２３４５６', '123456'],
    // traditional → simplified, mainland forms
    ['帳戶被凍結了', '账户被冻结了'],
    ['賬戶', '账户'],
    ['帳號', '账号'],
    ['轉帳失敗', '转账失败'],
    ['驗證碼收不到', '验证码收不到'],
    ['餘額查詢', '余额查询'],
    ['簡訊驗證碼', '短信验证码'],
    ['我想查著交易記錄', '我想查着交易记录'],
    ['資訊 網路 登入', '信息 网络 登录'],
    ['帐户', '账户'],
    ['蚊帐 帐篷', '蚊帐 帐篷'],
    // emoji and symbols
    ['冻结了😡😡', '冻结了'],
    ['help 🙏🏽 please!!!', 'help please'],
    ['👨‍👩‍👧 hi', 'hi'],
    ['什么？！怎么回事……', '什么 怎么回事'],
    ['e-mail: li@x.com', 'e mail li x com'],
    // case and apostrophes
    ["I CAN'T Log In", 'i cant log in'],
    ['I’m locked OUT', 'im locked out'],
    // numbers keep decimal/thousand separators
    ['扣了￥299.00', '扣了 299.00'],
    ['2,000元', '2,000元'],
    ['end.', 'end'],
    // whitespace
    ['  a\tb\n\nc  ', 'a b c'],
    ['', ''],
    ['   ', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalize(input)).toBe(expected);
  });

  it('is idempotent', () => {
    for (const text of ['ＵＰＡＹ帳戶被凍結了😡', "I CAN'T pay ¥299.00!!", '我的account被freeze了']) {
      expect(normalize(normalize(text))).toBe(normalize(text));
    }
  });
});

describe('toHalfWidth', () => {
  it('maps full-width ASCII and the ideographic space only', () => {
    expect(toHalfWidth('ＡＢＣ　１２３！＠')).toBe('ABC 123!@');
    expect(toHalfWidth('中文，。')).toBe('中文,。'); // U+FF0C is full-width ASCII, U+3002 is not
  });
});

describe('normalize properties', () => {
  const sample = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc
      .array(
        fc.constantFrom(
          '帳戶',
          '凍結',
          'ＵＰＡＹ',
          '😡',
          ' ',
          '\t',
          'İ',
          'ß',
          'Ω',
          '①',
          '２,０００',
          '.',
          "'",
          'don’t',
          '蚊帳',
          '登入',
        ),
        { maxLength: 10 },
      )
      .map((p) => p.join('')),
  );

  it('is idempotent, trimmed, single-spaced and free of emoji', () => {
    fc.assert(
      fc.property(sample, (text) => {
        const once = normalize(text);
        expect(normalize(once)).toBe(once);
        expect(once).toBe(once.trim());
        expect(once).not.toMatch(/\s{2}|[\t\n]/);
        expect(once).not.toMatch(/\p{Extended_Pictographic}/u);
      }),
      { numRuns: 1000 },
    );
  });
});
