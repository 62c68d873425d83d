import type { Reply } from '../../../bot/core/messages.ts';
import { linkShowsTarget, replyBlocks, type Inline } from './document.ts';
import { layoutBlocks, type TextTarget } from './layout.ts';

/** Telegram's HTML needs only these three escaped in text (and `"` in attribute values). */
export function escapeTelegramHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function inlines(nodes: readonly Inline[]): string {
  return nodes
    .map((node) => {
      switch (node.kind) {
        case 'text':
          return escapeTelegramHtml(node.text);
        case 'break':
          return '\n';
        case 'code':
          return `<code>${escapeTelegramHtml(node.text)}</code>`;
        case 'strong':
          return `<b>${inlines(node.children)}</b>`;
        case 'em':
          return `<i>${inlines(node.children)}</i>`;
        case 'link': {
          const label = inlines(node.children);
          // Telegram links bare URLs and e-mail addresses itself; it takes only web links as <a>.
          if (linkShowsTarget(node)) return label;
          if (/^https?:/i.test(node.href))
            return `<a href="${escapeTelegramHtml(node.href).replace(/"/g, '&quot;')}">${label}</a>`;
          return `${label} (${escapeTelegramHtml(node.href.replace(/^(?:mailto|tel):/i, ''))})`;
        }
      }
    })
    .join('');
}

const TELEGRAM: TextTarget = {
  inlines,
  heading: (text) => `<b>${text}</b>`,
  code: (text) => `<pre>${escapeTelegramHtml(text)}</pre>`,
  // <blockquote> is outside the tags we rely on every client to show: the quoted text as it is.
  quote: (text) => text,
  rule: '———',
  bullet: '• ',
};

/**
 * A reply as Telegram HTML (`parse_mode: 'HTML'`): <b>, <i>, <a href>, <code>, <pre>; lists as
 * "• " and "1. " lines. Split it with `splitTelegramHtml` (never inside a tag).
 */
export function renderTelegramHtml(reply: Reply): string {
  return layoutBlocks(replyBlocks(reply), TELEGRAM);
}

/** The visible text of Telegram HTML: for the plain-text retry when Telegram rejects an entity. */
export function telegramHtmlToPlain(html: string): string {
  return html
    .replace(/<a href="([^"]*)">([\s\S]*?)<\/a>/g, (_whole, href: string, label: string) => `${label} (${href})`)
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}
