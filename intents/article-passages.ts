/**
 * Splits an article into passages short enough for a chat reply: one passage per heading section, a long
 * section split into groups of whole paragraphs / list items, and a single over-long paragraph cut after a
 * sentence. Each passage keeps its article's title and its nearest heading.
 */
import type { Article } from './articles-load.ts';

/** Longest passage text (characters): about one phone screen in a chat bubble. */
export const MAX_PASSAGE_CHARS = 600;

export interface Passage {
  articleId: string;
  locale: Article['locale'];
  title: string;
  /** The nearest heading above the passage ('' for text before the first heading). */
  heading: string;
  /** Markdown. */
  text: string;
}

interface Block {
  text: string;
  /** List items are joined to a neighbouring list item with one newline, so the list stays a list. */
  listItem: boolean;
}

const HEADING = /^(#{1,6})[ \t]+(.+?)[ \t#]*$/;
const LIST_ITEM = /^[ \t]{0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+/;
/** A sentence end: Chinese/full-width or Latin punctuation (the Latin one followed by a space or the end). */
const SENTENCE_END = /[。！？；]|[.!?;](?=\s|$)/g;

/** Heading text without emphasis markers. */
function plainHeading(text: string): string {
  return text.replace(/[*_`]+/g, '').trim();
}

/** Blocks of one section: paragraphs (blank-line separated) and single list items (with continuation lines). */
function blocksOf(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  const flush = (): void => {
    if (current && current.text.trim()) blocks.push({ text: current.text.trim(), listItem: current.listItem });
    current = undefined;
  };
  for (const line of lines) {
    if (line.trim() === '') {
      flush();
    } else if (LIST_ITEM.test(line)) {
      flush();
      current = { text: line.trim(), listItem: true };
    } else if (current) {
      current.text += `\n${line.trim()}`;
    } else {
      current = { text: line.trim(), listItem: false };
    }
  }
  flush();
  return blocks;
}

/** Cuts text into pieces of at most `max` characters, after a sentence end where there is one (never inside a surrogate pair). */
export function cutAtSentences(text: string, max: number = MAX_PASSAGE_CHARS): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = 0;
    SENTENCE_END.lastIndex = 0;
    for (let m = SENTENCE_END.exec(rest); m && m.index < max; m = SENTENCE_END.exec(rest)) cut = m.index + 1;
    if (cut === 0) {
      cut = max;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    }
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) pieces.push(rest);
  return pieces.filter((p) => p.length > 0);
}

/** Groups blocks into passages of at most `max` characters, keeping whole blocks together where they fit. */
function groupBlocks(blocks: Block[], max: number): string[] {
  const out: string[] = [];
  let current = '';
  let lastWasList = false;
  for (const block of blocks) {
    const pieces = block.text.length > max ? cutAtSentences(block.text, max) : [block.text];
    for (const piece of pieces) {
      const separator = lastWasList && block.listItem ? '\n' : '\n\n';
      if (current && current.length + separator.length + piece.length > max) {
        out.push(current);
        current = '';
      }
      current = current ? `${current}${separator}${piece}` : piece;
      lastWasList = block.listItem;
    }
  }
  if (current) out.push(current);
  return out;
}

/** The passages of one article, in reading order. */
export function splitArticle(article: Article, max: number = MAX_PASSAGE_CHARS): Passage[] {
  const passages: Passage[] = [];
  let heading = '';
  let lines: string[] = [];
  const flush = (): void => {
    for (const text of groupBlocks(blocksOf(lines), max)) {
      passages.push({ articleId: article.id, locale: article.locale, title: article.title, heading, text });
    }
    lines = [];
  };
  for (const line of article.body.split('\n')) {
    const match = HEADING.exec(line);
    if (match) {
      flush();
      heading = plainHeading(match[2] ?? '');
    } else {
      lines.push(line);
    }
  }
  flush();
  return passages;
}
