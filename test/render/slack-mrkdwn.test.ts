import { describe, expect, it } from 'vitest';
import { quoteMrkdwn, renderSlackMrkdwn } from '../../adapters/shared/render/slack-mrkdwn.ts';
import { feesEnRendered, FIXTURES } from './fixtures.ts';

const ZWSP = '\u200b';

describe('Slack mrkdwn', () => {
  it('renders bold as *…* and lists as "• " and "1. " lines', () => {
    expect(renderSlackMrkdwn(FIXTURES.feesEn)).toBe(feesEnRendered((text) => `*${text}*`));
    expect(renderSlackMrkdwn(FIXTURES.securityEn)).toContain('\n1. *Encryption* — data is sent');
  });

  it('gives Chinese bold the word boundary Slack needs (a zero-width space), only where it touches text', () => {
    expect(renderSlackMrkdwn(FIXTURES.cjkPunctuation)).toBe(
      `*客服热线：*${ZWSP}400-000-0000（示例）。点击${ZWSP}*「两步验证」*${ZWSP}开关；*注意！*${ZWSP}别告诉任何人。`,
    );
    expect(renderSlackMrkdwn(FIXTURES.closeAccountZh)).toContain('1. *余额清零*：把余额');
  });

  it('writes links as <url|text> and e-mail as <mailto:…|…>; drops unsafe targets', () => {
    expect(renderSlackMrkdwn(FIXTURES.contactZh)).toContain(
      '📧 邮件：<mailto:support@upay.example|support@upay.example>，一般',
    );
    const links = renderSlackMrkdwn(FIXTURES.links);
    expect(links).toBe(
      '[点我领奖](javascript:alert(1)) 和 <https://upay.example/help?a=1&b=2|帮助中心> 相对 电话 (+864000000000)',
    );
    expect(renderSlackMrkdwn(FIXTURES.long)).toContain('<https://upay.example/help>');
  });

  it('escapes &, < and > so nothing becomes a mention, a link or a broken entity', () => {
    expect(renderSlackMrkdwn(FIXTURES.script)).toBe(
      '&lt;script&gt;alert("x")&lt;/script&gt; 请勿点击 &lt;img src=x onerror=alert(1)&gt;',
    );
    expect(renderSlackMrkdwn(FIXTURES.unbalanced)).toBe('**注意 余额 &amp; 手续费 &lt; 1% &gt; 0 _还有 *半个');
    expect(renderSlackMrkdwn('call <!channel> or <@U123>')).toBe('call &lt;!channel&gt; or &lt;@U123&gt;');
    expect(renderSlackMrkdwn(FIXTURES.masks)).toBe(FIXTURES.masks);
  });

  it('quotes every line', () => {
    expect(quoteMrkdwn(renderSlackMrkdwn('a\n\n- b'))).toBe('>a\n>\n>• b');
  });
});
