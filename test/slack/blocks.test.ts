import { describe, expect, it } from 'vitest';
import { threadMessage } from '../../adapters/slack/blocks.ts';
import type { DeskCase } from '../../bot/handoff/case-record.ts';
import { FIXTURES } from '../render/fixtures.ts';

const record = { caseId: 'case-1' } as DeskCase;

describe('Slack thread message', () => {
  it('quotes the suggested answer as the customer will see it: bold and bullets, no Markdown syntax', () => {
    const { blocks } = threadMessage(record, {
      kind: 'customer',
      text: 'what are the **fees**? <!here>',
      suggestion: { intent: 'fees', confidence: 0.91, locale: 'en', answer: FIXTURES.feesEn },
    });
    const texts = blocks.map((b) => (b as { text?: { text?: string } }).text?.text ?? '');
    expect(texts[0]).toBe(':bust_in_silhouette: *Customer:* what are the **fees**? &lt;!here&gt;');
    const quoted = texts.find((t) => t.startsWith('>')) ?? '';
    expect(quoted).toContain(
      '>Fees depend on the service and amount, and the app always shows any fee *before* you confirm:',
    );
    expect(quoted).toContain('>• *Payments and transfers:* the fee (if any) appears on the confirmation screen.');
    expect(quoted).not.toContain('**');
    expect(quoted.split('\n').every((line) => line.startsWith('>'))).toBe(true);
  });

  it('a suggested answer with markup cannot mention or link anyone', () => {
    const { blocks } = threadMessage(record, {
      kind: 'customer',
      text: 'hi',
      suggestion: { intent: 'x', confidence: 0.5, locale: 'zh-CN', answer: `${FIXTURES.script} <!channel> <@U1>` },
    });
    const quoted = JSON.stringify(blocks);
    expect(quoted).not.toMatch(/<!channel>|<@U1>|<script/);
    expect(quoted).toContain('&lt;!channel&gt;');
  });
});
