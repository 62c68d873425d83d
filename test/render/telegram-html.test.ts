import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderTelegramHtml, telegramHtmlToPlain } from '../../adapters/shared/render/telegram-html.ts';
import { splitTelegramHtml } from '../../adapters/telegram/split-html.ts';
import { feesEnRendered, FIXTURES } from './fixtures.ts';

const tg = (text: string): string => renderTelegramHtml({ text });
const TELEGRAM_TAGS = new Set(['b', 'i', 'a', 'code', 'pre']);

/** Telegram's rules: known tags only, properly nested and closed; &, <, > only as entities in text. */
function expectValidTelegramHtml(html: string): void {
  const stack: string[] = [];
  for (const m of html.matchAll(/<(\/?)([a-z]+)([^>]*)>/g)) {
    const [, closing, name = '', attrs = ''] = m;
    expect(TELEGRAM_TAGS.has(name), `tag <${name}>`).toBe(true);
    if (closing) expect(stack.pop(), `closing </${name}> in ${html}`).toBe(name);
    else {
      expect(attrs, `attributes of <${name}>`).toMatch(name === 'a' ? /^ href="https?:\/\/[^"<>]*"$/ : /^$/);
      stack.push(name);
    }
  }
  expect(stack, 'unclosed tags').toEqual([]);
  const text = html.replace(/<[^>]*>/g, '');
  expect(text).not.toMatch(/[<>]|&(?!amp;|lt;|gt;|quot;)/);
}

/** What Telegram shows: tags removed, entities decoded. */
const visibleText = (html: string): string =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe('Telegram HTML', () => {
  it('renders bold as <b> and lists as "• " and "1. " lines', () => {
    expect(tg(FIXTURES.feesEn)).toBe(feesEnRendered((text) => `<b>${text}</b>`));
    expect(tg(FIXTURES.securityEn)).toContain(
      "\n1. <b>Encryption</b> — data is sent over SSL so it can't be intercepted.\n2. <b>Two-factor verification</b>",
    );
    expect(tg(FIXTURES.closeAccountZh)).toContain('<b>注销后：</b>\n\n• 账户无法恢复');
  });

  it('leaves e-mail addresses and bare URLs to Telegram, links labelled ones with <a>', () => {
    expect(tg(FIXTURES.contactZh)).toContain('• 📧 邮件：support@upay.example，一般 24 小时内回复');
    const links = tg(FIXTURES.links);
    expect(links).toContain('<a href="https://upay.example/help?a=1&amp;b=2">帮助中心</a>');
    expect(links).toContain('电话 (+864000000000)'); // tel: is not a link Telegram accepts in HTML
    expect(links).not.toContain('href="javascript');
    expect(links).not.toContain('/admin');
  });

  it('escapes markup, &, < and > so Telegram shows them as typed', () => {
    expect(tg(FIXTURES.script)).toBe(
      '&lt;script&gt;alert("x")&lt;/script&gt; 请勿点击 &lt;img src=x onerror=alert(1)&gt;',
    );
    expect(tg(FIXTURES.unbalanced)).toBe('**注意 余额 &amp; 手续费 &lt; 1% &gt; 0 _还有 *半个');
    expect(tg(FIXTURES.cjkPunctuation)).toBe(
      '<b>客服热线：</b>400-000-0000（示例）。点击<b>「两步验证」</b>开关；<b>注意！</b>别告诉任何人。',
    );
    expect(tg(FIXTURES.masks)).toBe(FIXTURES.masks);
  });

  it('names the agent before an agent message, as literal text', () => {
    expect(renderTelegramHtml({ text: '您好，**马上**处理', from: 'agent', agentName: '小林 <b>' })).toBe(
      '小林 &lt;b&gt;: 您好，<b>马上</b>处理',
    );
  });

  it('every fixture is valid Telegram HTML', () => {
    for (const text of Object.values(FIXTURES)) expectValidTelegramHtml(tg(text));
  });

  it('splits a long answer into well-formed messages within the limit, losing nothing', () => {
    const html = tg(FIXTURES.long);
    for (const max of [4096, 1000, 300, 57]) {
      const parts = splitTelegramHtml(html, max);
      if (max < visibleText(html).length) expect(parts.length).toBeGreaterThan(1);
      for (const part of parts) {
        expectValidTelegramHtml(part);
        expect(visibleText(part).length).toBeLessThanOrEqual(max);
      }
      expect(parts.map(visibleText).join('').replace(/\s/g, '')).toBe(visibleText(html).replace(/\s/g, ''));
    }
    // At 1,000 characters the cuts fall at line ends: every message starts with a whole step or paragraph.
    for (const part of splitTelegramHtml(html, 1000).slice(1)) expect(part).toMatch(/^(?:\d+\. <b>第|如果|仍有)/);
  });

  it('a cut inside bold closes <b> and opens it again in the next message', () => {
    const parts = splitTelegramHtml(`<b>${'很长的加粗句子'.repeat(10)}</b>`, 30);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part).toMatch(/^<b>[^<]+<\/b>$/);
  });

  it('never cuts inside a tag, an entity or a surrogate pair (property)', () => {
    const pieces = [
      '**',
      '好',
      '😀',
      '&',
      '<',
      '>',
      ' ',
      '\n',
      '\n\n',
      '- ',
      '1. ',
      '[a](https://x.example/?q=1&r=2)',
      'word',
      '。',
      '. ',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 80 }),
        fc.integer({ min: 4, max: 60 }),
        (parts, max) => {
          const html = tg(parts.join(''));
          const out = splitTelegramHtml(html, max);
          for (const part of out) {
            expectValidTelegramHtml(part);
            expect(visibleText(part).length).toBeLessThanOrEqual(max);
            expect(part).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
          }
          expect(out.map(visibleText).join('').replace(/\s/g, '')).toBe(visibleText(html).replace(/\s/g, ''));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the plain-text retry shows the same words, links as "text (url)"', () => {
    expect(telegramHtmlToPlain(tg(FIXTURES.links))).toBe(
      '[点我领奖](javascript:alert(1)) 和 帮助中心 (https://upay.example/help?a=1&b=2) 相对 电话 (+864000000000)',
    );
    expect(telegramHtmlToPlain(tg(FIXTURES.unbalanced))).toBe(FIXTURES.unbalanced);
  });
});
