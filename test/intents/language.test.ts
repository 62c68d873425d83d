import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../intents/language.ts';

describe('detectLanguage', () => {
  it.each([
    ['我忘记密码了', 'zh'],
    ['I forgot my password', 'en'],
    ['upay密码忘了', 'zh'],
    ['my upay 账户 is frozen', 'en'],
    ['我的account被freeze了', 'zh'],
    ['我的upay账户被冻结了，help', 'zh'],
    ['please help 我', 'en'],
    ['帳戶被凍結', 'zh'],
    ['ＨＥＬＬＯ', 'en'],
    ['hi', 'en'],
    ['好', 'zh'],
  ] as const)('%j → %s', (text, expected) => {
    expect(detectLanguage(text)).toBe(expected);
  });

  it.each(['', '   ', '123456', '😡😡', 'upay', '+86 138 0000 1001', 'Привет'])(
    '%j has no zh/en content → fallback',
    (text) => {
      expect(detectLanguage(text)).toBe('zh');
      expect(detectLanguage(text, 'en')).toBe('en');
    },
  );

  it('ignores the fallback when there is content', () => {
    expect(detectLanguage('冻结了', 'en')).toBe('zh');
    expect(detectLanguage('frozen', 'zh')).toBe('en');
  });
});
