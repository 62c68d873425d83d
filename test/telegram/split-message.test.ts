import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitMessage } from '../../adapters/shared/split-message.ts';

describe('splitMessage', () => {
  it('keeps short text whole', () => {
    expect(splitMessage('hello.', 4096)).toEqual(['hello.']);
  });

  it('splits at sentence ends, Chinese and English', () => {
    const zh = '第一句话。'.repeat(3);
    expect(splitMessage(zh, 12)).toEqual(['第一句话。第一句话。', '第一句话。']);
    expect(splitMessage('One two. Three four. Five.', 12)).toEqual(['One two.', 'Three four.', 'Five.']);
  });

  it('falls back to spaces, then a hard cut', () => {
    expect(splitMessage('aaaa bbbb cccc', 10)).toEqual(['aaaa bbbb', 'cccc']);
    expect(splitMessage('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('every piece fits and no non-space text is lost (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.integer({ min: 2, max: 50 }), (text, max) => {
        const pieces = splitMessage(text, max);
        for (const p of pieces) expect(p.length).toBeLessThanOrEqual(max);
        expect(pieces.join('').replace(/\s/gu, '')).toBe(text.replace(/\s/gu, ''));
      }),
    );
  });
});
