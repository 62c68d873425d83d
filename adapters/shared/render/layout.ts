import type { Block, Inline } from './document.ts';

/**
 * How one text channel writes the parts of a reply. The block layout itself (blank line between
 * paragraphs, one list item a line, "• " or "1. " markers, continuation lines indented under the
 * item's text) is shared, so a list looks the same on Telegram, Slack, WeChat and Bot Framework.
 */
export interface TextTarget {
  inlines(nodes: readonly Inline[]): string;
  /** `text` is already rendered by `inlines`. */
  heading(text: string): string;
  code(text: string): string;
  /** `text` is the quote's blocks, already laid out. */
  quote(text: string): string;
  rule: string;
  bullet: string;
}

/** Lays out blocks as the target's text: paragraphs separated by a blank line. */
export function layoutBlocks(blocks: readonly Block[], target: TextTarget): string {
  return blocks
    .map((block) => layoutBlock(block, target))
    .filter((text) => text.trim() !== '')
    .join('\n\n');
}

function layoutBlock(block: Block, target: TextTarget): string {
  switch (block.kind) {
    case 'paragraph':
      return target.inlines(block.inlines);
    case 'heading':
      return target.heading(target.inlines(block.inlines));
    case 'code':
      return target.code(block.text);
    case 'quote':
      return target.quote(layoutBlocks(block.blocks, target));
    case 'rule':
      return target.rule;
    case 'list':
      return block.items
        .map((item, n) => {
          const marker = block.ordered ? `${block.start + n}. ` : target.bullet;
          // Tight: an item's paragraphs and nested lists on the following lines, under its text.
          const body = item
            .map((child) => layoutBlock(child, target))
            .filter((text) => text.trim() !== '')
            .join('\n');
          return marker + body.replace(/\n/g, `\n${' '.repeat(marker.length)}`);
        })
        .join('\n');
  }
}
