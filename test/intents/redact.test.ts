import { describe, expect, it } from 'vitest';
import { maskEmail, maskPhone, redact } from '../../intents/redact.ts';

describe('redact', () => {
  it.each([
    ['卡号 4111 1111 1111 1111 被扣款', '卡号 [card ****1111] 被扣款', ['card_number']],
    ['我的密码是Abc12345，帮我看看', '我的密码是[password]，帮我看看', ['password']],
    ['my password is hunter22.', 'my password is [password].', ['password']],
    ['验证码是654321', '验证码是[code]', ['code']],
    ['654321', '[code]', ['code']],
    ['身份证11010519491231002X', '身份证[id]', ['id_card']],
    ['老身份证 110105491231002 还能用吗', '老身份证 [id] 还能用吗', ['id_card']],
    ['手机13800001001', '手机138****1001', ['phone']],
    ['+86 138-0000-1001 call me', '138****1001 call me', ['phone']],
    ['uk +447700900002', 'uk +447*****0002', ['phone']],
    ['邮箱Li.Si@Example.com', '邮箱l***i@example.com', ['email']],
    [
      '手机13800001001 卡6217000012345670 验证码 1234 密码：qwer!234',
      '手机138****1001 卡[card ****5670] 验证码 [code] 密码：[password]',
      ['phone', 'card_number', 'code', 'password'],
    ],
  ])('%j → %j', (text, expected, found) => {
    expect(redact(text)).toEqual({ text: expected, found });
  });

  it.each(['订单T1001B昨天扣了¥299', '我忘记密码了', 'my password is wrong', '1380000100', '4111111111111112', ''])(
    'leaves %j unchanged',
    (text) => {
      expect(redact(text)).toEqual({ text, found: [] });
    },
  );

  it('redacts what a first pass uncovers in run-together text', () => {
    expect(redact('密码是li@example.com+86 138 0000 1001')).toEqual({
      text: '密码是[password] 138****1001',
      found: ['password', 'phone'],
    });
    expect(redact('13800001001@163.com').text).toBe('1***1@163.com');
  });

  it.each([
    ['password is 4111 1111 1111 1111', 'password is [password]'],
    ['my password is 4111-1111-1111-1111.', 'my password is [password].'],
    ['pwd: 3782 822463 10005 thanks', 'pwd: [password] thanks'],
    ['密码是4111 1111 1111 1111', '密码是[password]'],
    ['我的密码是 6217 0000 1234 5670，帮我看看', '我的密码是 [password]，帮我看看'],
    ['支付密码：１２３４ ５６７８ ９０１２ ３４５６', '支付密码：[password]'],
  ])('a card number typed as the password is redacted whole: %j', (text, expected) => {
    const out = redact(text);
    expect(out).toEqual({ text: expected, found: ['password'] });
  });

  it('a password followed by a phone number keeps them apart', () => {
    expect(redact('密码是123456 13800001001').text).toBe('密码是[password] 138****1001');
    expect(redact('password is 1234 call me').text).toBe('password is [password] call me');
  });

  it('replaces phones by a tag when keepMaskedPhone is false', () => {
    expect(redact('手机13800001001', { keepMaskedPhone: false }).text).toBe('手机[phone]');
    expect(redact('手机13800001001', { keepMaskedPhone: true }).text).toBe('手机138****1001');
  });

  it('never lets the digits of a card, code, ID or password through', () => {
    const secrets = ['4111111111111111', '654321', '11010519491231002X', '440306900307123', 'Abc12345'];
    const { text } = redact(
      `card 4111111111111111 code 654321 id 11010519491231002X old id 440306900307123 密码是Abc12345`,
    );
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});

describe('maskPhone', () => {
  it.each([
    ['+8613800001001', '138****1001'],
    ['+447700900002', '+447*****0002'],
    ['+14155550105', '+141****0105'],
    ['+1234567', '+*******'],
  ])('%s → %s', (e164, masked) => {
    expect(maskPhone(e164)).toBe(masked);
  });
});

describe('maskEmail', () => {
  it.each([
    ['li.si@example.com', 'l***i@example.com'],
    ['ab@example.com', 'a***@example.com'],
    ['a@example.com', 'a***@example.com'],
    ['not-an-email', '***'],
  ])('%s → %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });
});
