import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../adapters/shared/render/document.ts';
import { renderMarkdown } from '../../adapters/shared/render/markdown.ts';
import { FIXTURES } from './fixtures.ts';

const md = (text: string): string => renderMarkdown({ text });

describe('normalised Markdown (Bot Framework)', () => {
  it('writes a real answer back as the same Markdown structure', () => {
    expect(md(FIXTURES.feesEn)).toBe(FIXTURES.feesEn);
    expect(md(FIXTURES.securityEn)).toBe(FIXTURES.securityEn);
  });

  it('any fixture re-parses to the same document (nothing gained, nothing lost)', () => {
    for (const [name, text] of Object.entries(FIXTURES))
      expect(parseMarkdown(md(text)), name).toEqual(parseMarkdown(text));
  });

  it('escapes what would otherwise format: markup, masks, a broken link', () => {
    expect(md(FIXTURES.script)).toBe('\\<script\\>alert("x")\\</script\\> 请勿点击 \\<img src=x onerror=alert(1)\\>');
    expect(md(FIXTURES.masks)).toBe(
      '已向 138\\*\\*\\*\\*1001 和 139\\*\\*\\*\\*2002 发送验证码，卡 \\*\\*\\*\\*1234，邮箱 l\\*\\*\\*i@example.com。',
    );
    expect(md(FIXTURES.links)).toBe(
      '\\[点我领奖\\](javascript:alert(1)) 和 [帮助中心](https://upay.example/help?a=1&b=2) 相对 [电话](tel:+864000000000)',
    );
    expect(md('use intent:payment_failed _now_')).toBe('use intent:payment_failed *now*');
  });
});
