import type { Reply } from '../../../bot/core/messages.ts';
import { inlineText, linkShowsTarget, replyBlocks, type Inline } from './document.ts';
import { layoutBlocks, type TextTarget } from './layout.ts';

/** Emphasis dropped; a link as its text, followed by its target unless the text already shows it. */
function inlines(nodes: readonly Inline[]): string {
  return inlineText(nodes, (link, text) =>
    linkShowsTarget(link) ? text : `${text} (${link.href.replace(/^(?:mailto|tel):/i, '')})`,
  );
}

const PLAIN: TextTarget = {
  inlines,
  heading: (text) => text,
  code: (text) => text,
  quote: (text) => text,
  rule: '———',
  bullet: '• ',
};

/**
 * A reply as clean plain text (WeChat Official Account messages show no formatting): emphasis
 * dropped, list markers kept as "• " and "1. ", links as "text (url)".
 */
export function renderPlainText(reply: Reply): string {
  return layoutBlocks(replyBlocks(reply), PLAIN);
}
