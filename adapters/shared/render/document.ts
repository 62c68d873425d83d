import type { Token } from 'markdown-it';
import type { Reply } from '../../../bot/core/messages.ts';
import { markdown, protectMasks } from './markdown-it.ts';

/**
 * A reply's structure, taken from markdown-it's token stream: the few things a chat answer uses.
 * Every channel renderer (Telegram HTML, Slack mrkdwn, plain text, Markdown) walks this same tree.
 */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'em'; children: Inline[] }
  | { kind: 'code'; text: string }
  /** Only http(s), mailto and tel targets survive parsing; other links become their text. */
  | { kind: 'link'; href: string; children: Inline[] }
  | { kind: 'break' };

export type Block =
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'heading'; inlines: Inline[] }
  | { kind: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { kind: 'code'; text: string }
  | { kind: 'quote'; blocks: Block[] }
  | { kind: 'rule' };

const SAFE_HREF = /^(?:https?:\/\/|mailto:|tel:)/i;

/** The link target when it is one a customer may follow (http, https, mailto, tel), else undefined. */
export function safeHref(href: string | null | undefined): string | undefined {
  return href && SAFE_HREF.test(href) ? href : undefined;
}

/** markdown-it's tokens for a reply text (masked identifiers protected first). */
export function markdownTokens(text: string): Token[] {
  return markdown.parse(protectMasks(text), {});
}

/** Parses Markdown into blocks. */
export function parseMarkdown(text: string): Block[] {
  return readBlocks(markdownTokens(text), 0, undefined).blocks;
}

/**
 * A neutral reply as blocks. An agent's name (a Slack display name: not Markdown) leads the first
 * paragraph as literal text, "Lin: …", as the channels showed it before.
 */
export function replyBlocks(reply: Reply): Block[] {
  const blocks = parseMarkdown(reply.text);
  if (reply.from !== 'agent' || !reply.agentName) return blocks;
  const speaker: Inline = { kind: 'text', text: `${reply.agentName}: ` };
  const [first, ...rest] = blocks;
  if (first?.kind === 'paragraph')
    return [{ kind: 'paragraph', inlines: mergeText([speaker, ...first.inlines]) }, ...rest];
  return [{ kind: 'paragraph', inlines: [{ kind: 'text', text: `${reply.agentName}:` }] }, ...blocks];
}

/** The visible text of inlines: links as their text, or as `linkText` writes a link given its text. */
export function inlineText(
  inlines: readonly Inline[],
  linkText: (link: Extract<Inline, { kind: 'link' }>, text: string) => string = (_link, text) => text,
): string {
  return inlines
    .map((node) => {
      switch (node.kind) {
        case 'text':
        case 'code':
          return node.text;
        case 'break':
          return '\n';
        case 'link':
          return linkText(node, inlineText(node.children));
        default:
          return inlineText(node.children, linkText);
      }
    })
    .join('');
}

/**
 * Whether a link shows its own target ("https://…", "support@upay.example" for mailto:…): the
 * channels that link bare URLs themselves then print only the text.
 */
export function linkShowsTarget(node: { href: string; children: Inline[] }): boolean {
  const text = inlineText(node.children);
  const target = node.href.replace(/^(?:mailto|tel):/i, '');
  return (
    text === node.href ||
    text === target ||
    safeDecode(text) === safeDecode(node.href) ||
    safeDecode(text) === safeDecode(target)
  );
}

function safeDecode(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

const CLOSING: Record<string, string> = {
  paragraph_open: 'paragraph_close',
  heading_open: 'heading_close',
  bullet_list_open: 'bullet_list_close',
  ordered_list_open: 'ordered_list_close',
  list_item_open: 'list_item_close',
  blockquote_open: 'blockquote_close',
};

/** Reads blocks from `start` until the token of type `until` (consumed) or the end. */
function readBlocks(tokens: Token[], start: number, until: string | undefined): { blocks: Block[]; next: number } {
  const blocks: Block[] = [];
  let i = start;
  while (i < tokens.length) {
    const token = tokens[i]!;
    if (until && token.type === until) return { blocks, next: i + 1 };
    switch (token.type) {
      case 'paragraph_open':
      case 'heading_open': {
        const inline = tokens[i + 1];
        const inlines = inline?.type === 'inline' ? readInlines(inline.children ?? []) : [];
        if (inlines.length) blocks.push({ kind: token.type === 'heading_open' ? 'heading' : 'paragraph', inlines });
        i = skipPast(tokens, i, CLOSING[token.type]!);
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const items: Block[][] = [];
        const close = CLOSING[token.type]!;
        i++;
        while (i < tokens.length && tokens[i]!.type !== close) {
          if (tokens[i]!.type === 'list_item_open') {
            const item = readBlocks(tokens, i + 1, 'list_item_close');
            items.push(item.blocks);
            i = item.next;
          } else i++;
        }
        i++;
        const start = Number(token.attrGet('start') ?? 1);
        blocks.push({
          kind: 'list',
          ordered: token.type === 'ordered_list_open',
          start: Number.isSafeInteger(start) ? start : 1,
          items,
        });
        break;
      }
      case 'blockquote_open': {
        const quote = readBlocks(tokens, i + 1, 'blockquote_close');
        blocks.push({ kind: 'quote', blocks: quote.blocks });
        i = quote.next;
        break;
      }
      case 'fence':
      case 'code_block':
        blocks.push({ kind: 'code', text: token.content.replace(/\n$/, '') });
        i++;
        break;
      case 'hr':
        blocks.push({ kind: 'rule' });
        i++;
        break;
      default:
        // Nothing else is enabled; anything new keeps its text rather than vanishing.
        if (token.content) blocks.push({ kind: 'paragraph', inlines: [{ kind: 'text', text: token.content }] });
        i++;
    }
  }
  return { blocks, next: i };
}

function skipPast(tokens: Token[], from: number, type: string): number {
  let i = from + 1;
  while (i < tokens.length && tokens[i]!.type !== type) i++;
  return i + 1;
}

type Frame =
  { kind: 'strong' | 'em'; children: Inline[] } | { kind: 'link'; href: string | undefined; children: Inline[] };

/** Inline tokens → nodes. Opening and closing tokens from markdown-it always pair up. */
function readInlines(tokens: Token[]): Inline[] {
  const root: Inline[] = [];
  const stack: Frame[] = [];
  const out = (): Inline[] => stack.at(-1)?.children ?? root;
  const close = (): void => {
    const frame = stack.pop();
    if (!frame) return;
    const children = mergeText(frame.children);
    if (frame.kind === 'link') {
      if (frame.href) out().push({ kind: 'link', href: frame.href, children });
      else out().push(...children);
    } else if (children.length) out().push({ kind: frame.kind, children });
  };
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        out().push({ kind: 'text', text: token.content });
        break;
      case 'code_inline':
        out().push({ kind: 'code', text: token.content });
        break;
      case 'softbreak':
      case 'hardbreak':
        out().push({ kind: 'break' });
        break;
      case 'strong_open':
        stack.push({ kind: 'strong', children: [] });
        break;
      case 'em_open':
        stack.push({ kind: 'em', children: [] });
        break;
      case 'link_open':
        stack.push({ kind: 'link', href: safeHref(String(token.attrGet('href') ?? '')), children: [] });
        break;
      case 'strong_close':
      case 'em_close':
      case 'link_close':
        close();
        break;
      default:
        if (token.content) out().push({ kind: 'text', text: token.content });
    }
  }
  while (stack.length) close();
  return mergeText(root);
}

function mergeText(nodes: Inline[]): Inline[] {
  const merged: Inline[] = [];
  for (const node of nodes) {
    const last = merged.at(-1);
    if (node.kind === 'text' && last?.kind === 'text')
      merged[merged.length - 1] = { kind: 'text', text: last.text + node.text };
    else if (node.kind !== 'text' || node.text) merged.push(node);
  }
  return merged;
}
