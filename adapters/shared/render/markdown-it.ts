import MarkdownIt from 'markdown-it';

/**
 * The one markdown-it instance every channel renderer parses replies with, so all channels see the
 * same structure. `html: false`: raw HTML in a knowledge file or an agent's message stays text.
 * `breaks: true`: a single newline in a reply is a line break, as the customer saw it before
 * replies were rendered (flow texts put one item per line). Tables, strikethrough and images are
 * off: no channel needs them and `~`, `|`, `!` are ordinary characters in customers' wallets.
 */
export const markdown = new MarkdownIt('default', { html: false, linkify: true, breaks: true, typographer: false });
markdown.disable(['table', 'strikethrough', 'image']);

/** Han, kana, Hangul, CJK punctuation and full-width forms. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
const WHITESPACE = /\s/u;

function charBefore(src: string, pos: number): string {
  if (pos <= 0) return ' ';
  const low = src.charCodeAt(pos - 1);
  return low >= 0xdc00 && low <= 0xdfff && pos >= 2 ? src.slice(pos - 2, pos) : src.charAt(pos - 1);
}

function charAfter(src: string, pos: number): string {
  return pos < src.length ? String.fromCodePoint(src.codePointAt(pos) ?? 32) : ' ';
}

/**
 * CommonMark's flanking rules fail in Chinese: in `**客服热线：**400` the closing `**` follows a
 * full-width colon and precedes a digit, so it cannot close and the customer sees the asterisks.
 * Chinese has no spaces to fix it with, so for `*` runs next to CJK text we relax the rule (as
 * the CJK-friendly extension does): a run right after CJK text may close, right before it may open.
 */
const BaseState = markdown.inline.State;
markdown.inline.State = class CjkFriendlyState extends BaseState {
  override scanDelims(start: number, canSplitWord: boolean): ReturnType<InstanceType<typeof BaseState>['scanDelims']> {
    const scanned = super.scanDelims(start, canSplitWord);
    if (this.src.charCodeAt(start) !== 0x2a /* * */) return scanned;
    const before = charBefore(this.src, start);
    const after = charAfter(this.src, start + scanned.length);
    const canOpen = scanned.can_open || (!WHITESPACE.test(after) && CJK.test(after));
    const canClose = scanned.can_close || (!WHITESPACE.test(before) && CJK.test(before));
    return { ...scanned, can_open: canOpen, can_close: canClose };
  }
};

/**
 * Masked identifiers are not emphasis: `138****1001`, `+447*****0002`, `l***i@example.com`,
 * `****1234`. Two of them in one message would otherwise pair up into bold text. Runs of three
 * or more `*`, and any run between digits, are escaped (`**` for bold never needs either).
 */
export function protectMasks(text: string): string {
  return text.replace(/\*{3,}|(?<=[0-9+])\*+(?=[0-9])/g, (run) => run.replace(/\*/g, '\\*'));
}
