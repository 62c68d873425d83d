import type { Reply } from '../../../bot/core/messages.ts';
import { inlineText, linkShowsTarget, replyBlocks, type Inline } from './document.ts';
import { layoutBlocks, type TextTarget } from './layout.ts';

/**
 * Text as literal Markdown: characters that would format are backslash-escaped, so a masked
 * number (138****1001), an agent's `<tag>` or `[x](y)` shows as typed. `_` inside a word cannot
 * format (payment_failed) and stays as it is.
 */
export function escapeMarkdownText(text: string): string {
  return text
    .replace(/[\\`*[\]<>]|&(?=#?\w+;)/g, (c) => `\\${c}`)
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_');
}

/** What would start a heading, list or quote at the start of a line is escaped too. */
function escapeLineStarts(text: string): string {
  return text.replace(
    /^([ \t]*)(?:([#+\-=])|(\d+)([.)]))(?=[ \t]|$)/gm,
    (_m, indent: string, mark?: string, digits?: string, dot?: string) =>
      mark ? `${indent}\\${mark}` : `${indent}${digits ?? ''}\\${dot ?? ''}`,
  );
}

function urlForMarkdown(href: string): string {
  return href.replace(/[ ()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function inlines(nodes: readonly Inline[]): string {
  return escapeLineStarts(
    nodes
      .map((node) => {
        switch (node.kind) {
          case 'text':
            return escapeMarkdownText(node.text);
          case 'break':
            // Two spaces: a hard line break in every CommonMark renderer.
            return '  \n';
          case 'code':
            return node.text.includes('`') ? `\`\` ${node.text} \`\`` : `\`${node.text}\``;
          case 'strong':
            return `**${inlines(node.children)}**`;
          case 'em':
            return `*${inlines(node.children)}*`;
          case 'link':
            if (linkShowsTarget(node) && !/^tel:/i.test(node.href))
              return `<${urlForMarkdown(node.href.replace(/^mailto:/i, ''))}>`;
            return `[${escapeMarkdownText(inlineText(node.children))}](${urlForMarkdown(node.href)})`;
        }
      })
      .join(''),
  );
}

const MARKDOWN: TextTarget = {
  inlines,
  heading: (text) => `**${text}**`,
  code: (text) => `\`\`\`\n${text}\n\`\`\``,
  quote: (text) =>
    text
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n'),
  rule: '---',
  bullet: '- ',
};

/**
 * A reply as normalised Markdown for Bot Framework (`textFormat: 'markdown'`): the structure the
 * other channels get, written back with every literal character escaped.
 */
export function renderMarkdown(reply: Reply): string {
  return layoutBlocks(replyBlocks(reply), MARKDOWN);
}
