import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../adapters/shared/render/plain-text.ts';
import { FIXTURES } from './fixtures.ts';

const plain = (text: string): string => renderPlainText({ text });

describe('plain text (WeChat)', () => {
  it('drops emphasis and keeps list markers', () => {
    expect(plain(FIXTURES.feesEn)).toBe(
      'Fees depend on the service and amount, and the app always shows any fee before you confirm:\n\n' +
        '• Payments and transfers: the fee (if any) appears on the confirmation screen.\n' +
        '• Top-ups and withdrawals: check the amount shown before you confirm.\n' +
        "• Failed payments: if a debit fails, you normally aren't charged a fee.\n\n" +
        "For the full fee list or a fee you don't understand, contact support (400-000-0000 (sample) or in-app chat).",
    );
    expect(plain(FIXTURES.closeAccountZh)).toContain('注销前请先完成这几件事：\n\n1. 余额清零：把余额全部提现');
    expect(plain(FIXTURES.closeAccountZh)).toContain('注销步骤： 打开 我的 → 设置 → 账户与安全 → 注销账户，阅读说明');
    expect(plain(FIXTURES.cjkPunctuation)).toBe(
      '客服热线：400-000-0000（示例）。点击「两步验证」开关；注意！别告诉任何人。',
    );
    for (const text of [
      FIXTURES.contactZh,
      FIXTURES.feesEn,
      FIXTURES.securityEn,
      FIXTURES.closeAccountZh,
      FIXTURES.cardBindingZh,
      FIXTURES.long,
    ]) {
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
