import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderWebchatHtml } from '../../adapters/shared/render/webchat-html.ts';
import { FIXTURES, KNOWLEDGE_ANSWERS } from './fixtures.ts';

/** Every tag in `html` with its attributes, in order. */
function tagsOf(html: string): { name: string; attrs: Record<string, string> }[] {
  return [...html.matchAll(/<\/?([a-zA-Z][\w-]*)([^>]*)>/g)].map((m) => ({
    name: m[1]!.toLowerCase(),
    attrs: Object.fromEntries([...(m[2] ?? '').matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
  }));
}

const ALLOWED = new Set(['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'a', 'code']);

/** The page's promise: only allow-listed tags, only a link's safe href (+ rel, target) and a list's start. */
function expectOnlyAllowedMarkup(html: string): void {
  for (const tag of tagsOf(html)) {
    expect(ALLOWED.has(tag.name), `tag <${tag.name}> in ${html}`).toBe(true);
    if (tag.name === 'a' && Object.keys(tag.attrs).length) {
      expect(tag.attrs.href).toMatch(/^(?:https?:\/\/|mailto:|tel:)/);
      expect(tag.attrs).toEqual({ href: tag.attrs.href, rel: 'noopener noreferrer', target: '_blank' });
    } else if (tag.name === 'ol') expect(Object.keys(tag.attrs).filter((k) => k !== 'start')).toEqual([]);
    else expect(tag.attrs, `attributes of <${tag.name}>`).toEqual({});
  }
}

const count = (html: string, tag: string): number => (html.match(new RegExp(`<${tag}[ >]`, 'g')) ?? []).length;

describe('web chat HTML', () => {
  it('renders bold and lists of real answers as elements, with no Markdown left', () => {
    const fees = renderWebchatHtml(FIXTURES.feesEn);
    expect(fees).toContain('any fee <strong>before</strong> you confirm');
    expect(count(fees, 'ul')).toBe(1);
    expect(count(fees, 'li')).toBe(3);
    expect(fees).toContain(
      '<li><strong>Payments and transfers:</strong> the fee (if any) appears on the confirmation screen.</li>',
    );

    const security = renderWebchatHtml(FIXTURES.securityEn);
    expect(count(security, 'ol')).toBe(1);
    expect(count(security, 'li')).toBe(4);
    expect(security).toContain('<strong>upay will never ask for your password or verification codes.</strong>');

    const close = renderWebchatHtml(FIXTURES.closeAccountZh);
    expect(close).toContain('<li><strong>余额清零</strong>：把余额');
    expect(close).toContain('<strong>注销步骤：</strong> 打开 <strong>我的 → 设置 → 账户与安全 → 注销账户</strong>');
    expect(close).toContain('<p><strong>注销后：</strong></p>');

    for (const text of KNOWLEDGE_ANSWERS) {
      const html = renderWebchatHtml(text);
      expect(html.replace(/<[^>]*>/g, '')).not.toMatch(/\*\*|^\s*[-*] /m);
      expectOnlyAllowedMarkup(html);
    }
  });

  it('links e-mail addresses and URLs, opening outside the page', () => {
    expect(renderWebchatHtml(FIXTURES.contactZh)).toContain(
      '📧 邮件：<a href="mailto:support@upay.example" rel="noopener noreferrer" target="_blank">support@upay.example</a>，一般 24 小时内回复',
    );
    const links = renderWebchatHtml(FIXTURES.links);
    expect(links).toContain(
      '<a href="https://upay.example/help?a=1&amp;b=2" rel="noopener noreferrer" target="_blank">帮助中心</a>',
    );
    expect(links).toContain('<a href="tel:+864000000000" rel="noopener noreferrer" target="_blank">电话</a>');
  });

  it('never lets markup, script or a javascript:/relative link through', () => {
    const script = renderWebchatHtml(FIXTURES.script);
    expect(script).toBe('<p>&lt;script&gt;alert("x")&lt;/script&gt; 请勿点击 &lt;img src=x onerror=alert(1)&gt;</p>');
    const links = renderWebchatHtml(FIXTURES.links);
    expect(links).not.toContain('href="javascript');
    expect(links).not.toContain('href="/admin"');
    expect(links).toContain(' 相对 '); // the relative link keeps its text only
    expectOnlyAllowedMarkup(links);
  });

  it('leaves broken Markdown, &, < and > as text, escaped', () => {
    expect(renderWebchatHtml(FIXTURES.unbalanced)).toBe('<p>**注意 余额 &amp; 手续费 &lt; 1% &gt; 0 _还有 *半个</p>');
  });

  it('makes bold next to Chinese punctuation (where CommonMark alone would show the asterisks)', () => {
    expect(renderWebchatHtml(FIXTURES.cjkPunctuation)).toBe(
      '<p><strong>客服热线：</strong>400-000-0000（示例）。点击<strong>「两步验证」</strong>开关；<strong>注意！</strong>别告诉任何人。</p>',
    );
  });

  it('shows masked numbers as they are, never as emphasis', () => {
    expect(renderWebchatHtml(FIXTURES.masks)).toBe(
      '<p>已向 138****1001 和 139****2002 发送验证码，卡 ****1234，邮箱 l***i@example.com。</p>',
    );
  });

  it('renders a 3,000-character answer whole', () => {
    const html = renderWebchatHtml(FIXTURES.long);
    expect(count(html, 'li')).toBe(60);
    expect(count(html, 'strong')).toBe(120);
    expect(html).toContain(
      '<a href="https://upay.example/help" rel="noopener noreferrer" target="_blank">https://upay.example/help</a>',
    );
  });

  it('whatever the input, only allow-listed markup comes out (property)', () => {
    const pieces = [
      '**',
      '*',
      '_',
      '[',
      ']',
      '(',
      ')',
      '<',
      '>',
      '&',
      '"',
      "'",
      '\n',
      '- ',
      '1. ',
      '`',
      'javascript:',
      'https://x.example',
      '<script>',
      '<a href="javascript:alert(1)">',
      'onerror=',
      '中文',
      '：',
      'a',
      ' ',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => {
        expectOnlyAllowedMarkup(renderWebchatHtml(parts.join('')));
      }),
      { numRuns: 300 },
    );
  });
});
