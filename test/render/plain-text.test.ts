import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../adapters/shared/render/plain-text.ts';
import { feesEnRendered, FIXTURES, KNOWLEDGE_ANSWERS } from './fixtures.ts';

const plain = (text: string): string => renderPlainText({ text });

describe('plain text (WeChat)', () => {
  it('drops emphasis and keeps list markers', () => {
    expect(plain(FIXTURES.feesEn)).toBe(feesEnRendered((text) => text));
    expect(plain(FIXTURES.closeAccountZh)).toContain('注销前请先完成这几件事：\n\n1. 余额清零：把余额全部提现');
    expect(plain(FIXTURES.closeAccountZh)).toContain('注销步骤： 打开 我的 → 设置 → 账户与安全 → 注销账户，阅读说明');
    expect(plain(FIXTURES.cjkPunctuation)).toBe(
      '客服热线：400-000-0000（示例）。点击「两步验证」开关；注意！别告诉任何人。',
    );
    for (const text of [...KNOWLEDGE_ANSWERS, FIXTURES.long]) {
      expect(plain(text)).not.toMatch(/\*\*|^\s*- /m);
    }
  });

  it('writes links as "text (url)", a bare address as itself', () => {
    expect(plain(FIXTURES.links)).toBe(
      '[点我领奖](javascript:alert(1)) 和 帮助中心 (https://upay.example/help?a=1&b=2) 相对 电话 (+864000000000)',
    );
    expect(plain(FIXTURES.contactZh)).toContain('• 📧 邮件：support@upay.example，一般 24 小时内回复');
  });

  it('shows what was typed: markup, &, < and > as they are, masks untouched', () => {
    expect(plain(FIXTURES.script)).toBe(FIXTURES.script);
    expect(plain(FIXTURES.unbalanced)).toBe(FIXTURES.unbalanced);
    expect(plain(FIXTURES.masks)).toBe(FIXTURES.masks);
  });

  it('keeps the agent name in front', () => {
    expect(renderPlainText({ text: '**您好**', from: 'agent', agentName: '小林' })).toBe('小林: 您好');
    expect(renderPlainText({ text: '- 一\n- 二', from: 'agent', agentName: '小林' })).toBe('小林:\n\n• 一\n• 二');
  });
});
