import { describe, expect, it } from 'vitest';
import { redactFallback } from '../../bot/engine/transcript.ts';
import { COMMAND_TEXT } from '../../bot/engine/turn.ts';

describe('redactFallback (the safety net after the NLU redactor)', () => {
  it('catches 15-digit legacy ID numbers, and leaves other 15-digit numbers alone', () => {
    expect(redactFallback('身份证 110105491231002 谢谢')).toBe('身份证 [redacted] 谢谢');
    expect(redactFallback('订单 123456789012345')).toBe('订单 123456789012345'); // no valid area code and birth date
  });
});

describe('COMMAND_TEXT', () => {
  it('reads commands and their arguments as before', () => {
    expect(COMMAND_TEXT.exec('/lang en')?.slice(1, 3)).toEqual(['lang', 'en']);
    expect(COMMAND_TEXT.exec('/start')?.slice(1, 3)).toEqual(['start', undefined]);
    expect(COMMAND_TEXT.exec('/lang   ')?.slice(1, 3)).toEqual(['lang', '']);
    expect(COMMAND_TEXT.exec('/help@upay_bot  now please')?.slice(1, 3)).toEqual(['help', 'now please']);
    expect(COMMAND_TEXT.exec('/lang x\ny')).toBeNull();
  });
});
