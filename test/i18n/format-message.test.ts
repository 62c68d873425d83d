import { describe, expect, it } from 'vitest';
import { formatMessage, MessageSyntaxError, placeholdersOf } from '../../bot/i18n/format-message.ts';

describe('formatMessage (the ICU MessageFormat subset of the catalogues)', () => {
  it('fills placeholders with strings and numbers; a missing one renders as nothing', () => {
    expect(
      formatMessage('如果 {sentTo} 已注册，{minutes} 分钟内有效', { sentTo: '138****1001', minutes: 5 }, 'zh-CN'),
    ).toBe('如果 138****1001 已注册，5 分钟内有效');
    expect(formatMessage('Hello {name}!', {}, 'en')).toBe('Hello !');
  });

  it('keeps apostrophes, quotes and other punctuation as they are (no ICU quoting)', () => {
    const text = "Don't worry — it's “fine” (really): #1 & 100%";
    expect(formatMessage(text, {}, 'en')).toBe(text);
  });

  it('plural: exact matches first, then the locale plural rules; # is the number', () => {
    const t = 'I can resend it {n, plural, =0 {no more} one {# more time} other {# more times}}.';
    expect(formatMessage(t, { n: 0 }, 'en')).toBe('I can resend it no more.');
    expect(formatMessage(t, { n: 1 }, 'en')).toBe('I can resend it 1 more time.');
    expect(formatMessage(t, { n: 3 }, 'en')).toBe('I can resend it 3 more times.');
    // Chinese has no plural forms: always "other".
    expect(formatMessage('{n, plural, one {# 个} other {# 个们}}', { n: 1 }, 'zh-CN')).toBe('1 个们');
    // Not a number: the "other" branch without a number.
    expect(formatMessage('{n, plural, one {one} other {[#]}}', {}, 'en')).toBe('[]');
  });

  it('select picks the branch named by the value, else "other"; branches may hold placeholders', () => {
    const t = 'sent by {channel, select, sms {SMS to {to}} other {email to {to}}}';
    expect(formatMessage(t, { channel: 'sms', to: '138' }, 'en')).toBe('sent by SMS to 138');
    expect(formatMessage(t, { channel: 'email', to: 'a@b' }, 'en')).toBe('sent by email to a@b');
    expect(formatMessage(t, { to: 'x' }, 'en')).toBe('sent by email to x');
  });

  it('a broken template throws a typed error naming the template', () => {
    for (const bad of [
      '{',
      '{name',
      'a}b',
      '{n, plural, one {x}}',
      '{n, choice, other {x}}',
      '{n, select, other x}',
      '{ }',
    ]) {
      expect(() => formatMessage(bad, {}, 'en'), bad).toThrow(MessageSyntaxError);
    }
    try {
      formatMessage('{n, plural, one {x}}', {}, 'en');
    } catch (error) {
      expect(error).toMatchObject({ code: 'message_syntax' });
      expect(String(error)).toContain('{n, plural, one {x}}');
    }
  });

  it('placeholdersOf lists every argument, inside branches too', () => {
    expect([...placeholdersOf('{a} {b, plural, one {#} other {{c}}} {d, select, x {{e}} other {}}')].sort()).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
    ]);
    expect(placeholdersOf('no placeholders').size).toBe(0);
  });
});
