import { describe, expect, it } from 'vitest';
import { findCode, findIdentifier, normalizePhone } from '../../bot/engine/identifiers.ts';

describe('findIdentifier without NLU entities (plain patterns)', () => {
  it.each([
    ['my email is Li.Wei@Example.com please', { kind: 'email', value: 'li.wei@example.com' }],
    ['邮箱li_wei+tag@mail.example.cn谢谢', { kind: 'email', value: 'li_wei+tag@mail.example.cn' }],
    // The match starts where the run of address characters starts, and runs to the last ".tld".
    ['x%y.z@a-b.example.com1', { kind: 'email', value: 'x%y.z@a-b.example.com' }],
    ['ab@cd@ef.com', { kind: 'email', value: 'cd@ef.com' }],
    ['call 138 0000 1001', { kind: 'phone', value: '+8613800001001' }],
    ['+44 7700 900002', { kind: 'phone', value: '+447700900002' }],
  ])('%j → %j', (text, expected) => {
    expect(findIdentifier(text, [])).toEqual(expected);
  });

  it.each(['li@example', 'li@.com', '@example.com', 'no identifier here', `${'a'.repeat(500)} and more`, '12345'])(
    '%j has none',
    (text) => {
      expect(findIdentifier(text, [])).toBeUndefined();
    },
  );

  it('NLU entities come first', () => {
    const entities = [{ entity: 'phone' as const, value: '+8613800001001', start: 0, end: 11 }];
    expect(findIdentifier('13800001001 li@example.com', entities)).toEqual({ kind: 'phone', value: '+8613800001001' });
  });

  it('normalizePhone and findCode keep their behaviour', () => {
    expect(normalizePhone('8613800001001')).toBe('+8613800001001');
    expect(normalizePhone('12345')).toBeUndefined();
    expect(findCode('验证码: 123 456')).toBe('123456');
    expect(findCode('1234567890')).toBeUndefined();
  });
});
