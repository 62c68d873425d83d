import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../bot/core/knowledge.ts';
import { renderMarkdown } from '../../adapters/shared/render/markdown.ts';
import { renderPlainText } from '../../adapters/shared/render/plain-text.ts';
import { renderSlackMrkdwn } from '../../adapters/shared/render/slack-mrkdwn.ts';
import { renderTelegramHtml } from '../../adapters/shared/render/telegram-html.ts';
import { renderWebchatHtml } from '../../adapters/shared/render/webchat-html.ts';
import { parseMarkdown } from '../../adapters/shared/render/document.ts';

const visible = (html: string): string => html.replace(/<[^>]*>/g, '');

/**
 * Every answer in knowledge/ as customers get it, on every channel: no Markdown syntax is left
 * for a customer to see (an answer whose bold does not parse fails here, naming its file).
 */
describe('every knowledge answer renders cleanly on every channel', async () => {
  const kb = await loadKnowledge(new URL('../../knowledge', import.meta.url).pathname);
  const entries = kb.entries().filter((e) => e.answer.trim());

  it('has answers to check', () => {
    expect(entries.length).toBeGreaterThanOrEqual(32);
  });

  it.each(entries.map((e) => [e.file, e.answer] as const))('%s', (_file, answer) => {
    const left = /\*\*|__|^\s*[-*+] |\]\(/m;
    expect(visible(renderWebchatHtml(answer))).not.toMatch(left);
    expect(visible(renderTelegramHtml({ text: answer }))).not.toMatch(left);
    expect(renderPlainText({ text: answer })).not.toMatch(left);
    expect(renderSlackMrkdwn(answer)).not.toMatch(/\*\*|^\s*[-*+] /m);
    expect(parseMarkdown(renderMarkdown({ text: answer }))).toEqual(parseMarkdown(answer));
  });
});
