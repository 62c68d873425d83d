import type { Reply } from '../../../bot/core/messages.ts';
import { inlineText, linkShowsTarget, replyBlocks, type Inline } from './document.ts';
import { layoutBlocks, type TextTarget } from './layout.ts';

function inlines(nodes: readonly Inline[]): string {
  return nodes
    .map((node) => {
      switch (node.kind) {
        case 'text':
        case 'code':
          return node.text;
        case 'break':
          return '\n';
        case 'strong':
        case 'em':
          return inlines(node.children);
        case 'link': {
          const label = inlineText(node.children);
          return linkShowsTarget(node) ? label : `${label} (${node.href.replace(/^(?:mailto|tel):/i, '')})`;
        }
      }
    })
    .join('');
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
