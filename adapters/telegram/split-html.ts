/** Telegram's limit on one message's text, in characters (UTF-16 code units, as the Bot API counts). */
export const TELEGRAM_MAX_MESSAGE_CHARS = 4096;

/** One piece of Telegram HTML: a tag, or one visible character (a code point or an entity). */
type Piece =
  | { kind: 'open'; name: string; raw: string }
  | { kind: 'close'; raw: string }
  | { kind: 'char'; raw: string; text: string };

const PIECE = /<(\/?)([a-z]+)[^>]*>|&(?:amp|lt|gt|quot);|[\s\S]/gu;
const ENTITY: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' };

function piecesOf(html: string): Piece[] {
  const pieces: Piece[] = [];
  for (const m of html.matchAll(PIECE)) {
    const raw = m[0];
    if (m[2]) pieces.push(m[1] ? { kind: 'close', raw } : { kind: 'open', name: m[2], raw });
    else pieces.push({ kind: 'char', raw, text: ENTITY[raw] ?? raw });
  }
  return pieces;
}

const visible = (p: Piece): number => (p.kind === 'char' ? p.text.length : 0);
const isSpace = (p: Piece | undefined): boolean => p?.kind === 'char' && /^\s$/u.test(p.text);
const CJK_STOP = /^[。！？；…]$/u;
const LATIN_STOP = /^[.!?;]$/u;

/**
 * How good a cut after piece `i` is: a line break 3, a sentence end 2 (。！？ at once, .!? before a
 * space), a space 1, elsewhere 0. Closing tags right after the character belong to it.
 */
function cutQuality(pieces: Piece[], i: number): number {
  const p = pieces[i];
  if (p?.kind !== 'char') return -1;
  let next = i + 1;
  while (pieces[next]?.kind === 'close') next++;
  if (p.text === '\n') return 3;
  if (CJK_STOP.test(p.text)) return 2;
  if (LATIN_STOP.test(p.text) && (next >= pieces.length || isSpace(pieces[next]))) return 2;
  return isSpace(p) ? 1 : 0;
}

/**
 * Splits Telegram HTML into messages of at most `maxChars` visible characters (what Telegram
 * counts, after entities are parsed). Cuts fall between characters, never inside a tag or an
 * entity or a surrogate pair; tags open at a cut are closed at the end of one message and opened
 * again at the start of the next, so every message is well-formed on its own. Preferred cuts: a
 * line break in the second half of the window, else the last sentence end, else the last space.
 */
export function splitTelegramHtml(html: string, maxChars = TELEGRAM_MAX_MESSAGE_CHARS): string[] {
  if (!Number.isInteger(maxChars) || maxChars < 1)
    throw new RangeError(`maxChars must be a positive integer, got ${maxChars}`);
  const pieces = piecesOf(html);
  const messages: string[] = [];
  const open: Extract<Piece, { kind: 'open' }>[] = [];
  let start = 0;
  while (start < pieces.length) {
    // The window: as many pieces as fit, with the quality of a cut after each character.
    let count = 0;
    let end = start;
    const last = { lineBreak: -1, lineBreakOffset: 0, sentence: -1, space: -1 };
    while (end < pieces.length && count + visible(pieces[end]!) <= maxChars) {
      count += visible(pieces[end]!);
      const quality = cutQuality(pieces, end);
      if (quality === 3) Object.assign(last, { lineBreak: end, lineBreakOffset: count });
      if (quality >= 2) last.sentence = end;
      if (quality >= 1) last.space = end;
      end++;
    }
    let cut: number;
    if (end >= pieces.length) cut = pieces.length - 1;
    else if (last.lineBreak >= 0 && last.lineBreakOffset >= maxChars / 2) cut = last.lineBreak;
    else if (last.sentence >= 0) cut = last.sentence;
    else if (last.space >= 0) cut = last.space;
    else cut = Math.max(start, end - 1); // one long word: a hard cut (a code point is one piece)
    // Closing tags right after the cut stay with this message.
    while (pieces[cut + 1]?.kind === 'close') cut++;

    const reopen = open.map((t) => t.raw).join('');
    let body = '';
    for (let i = start; i <= cut; i++) {
      const p = pieces[i]!;
      body += p.raw;
      if (p.kind === 'open') open.push(p);
      else if (p.kind === 'close') open.pop();
    }
    const close = [...open]
      .reverse()
      .map((t) => `</${t.name}>`)
      .join('');
    const message = trimVisible(reopen + body + close);
    if (message) messages.push(message);
    start = cut + 1;
    // The next message starts at its first visible non-space character (tags before it are kept).
    while (isSpace(pieces[start])) start++;
  }
  return messages.length ? messages : [html];
}

/** Trims whitespace at both ends of the visible text, leaving tags alone; '' when nothing shows. */
function trimVisible(html: string): string {
  const trimmed = html.replace(/^((?:<[^>]*>)*)\s+/u, '$1').replace(/\s+((?:<\/[a-z]+>)*)$/u, '$1');
  return trimmed.replace(/<[^>]*>/g, '').trim() ? trimmed : '';
}
