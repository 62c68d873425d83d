import MarkdownIt, { type StateCore, type Token } from 'markdown-it';

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

/**
 * linkify finds an e-mail address only after a space or the start of a line, but Chinese writes
 * "邮件：support@upay.example" with no space. This rule, run after linkify, links an address that
 * follows Chinese text or punctuation, outside existing links and code.
 */
const EMAIL_AFTER_CJK =
  /(?<=[\p{Script=Han}\u3000-\u303f\uff00-\uffef])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/gu;

markdown.core.ruler.after('linkify', 'cjk_email', (state) => {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const children: typeof block.children = [];
    let linkDepth = 0;
    for (const token of block.children) {
      if (token.type === 'link_open') linkDepth++;
      if (token.type === 'link_close') linkDepth--;
      if (token.type !== 'text' || linkDepth > 0) {
        children.push(token);
        continue;
      }
      let last = 0;
      for (const match of token.content.matchAll(EMAIL_AFTER_CJK)) {
        const href = state.md.normalizeLink(`mailto:${match[0]}`);
        if (!state.md.validateLink(href)) continue;
        const start = match.index;
        if (start > last) children.push(textToken(state, token.content.slice(last, start), token.level));
        const open = new state.Token('link_open', 'a', 1);
        open.attrs = [['href', href]];
        open.markup = 'linkify';
        open.info = 'auto';
        open.level = token.level;
        children.push(open, textToken(state, match[0], token.level + 1));
        const close = new state.Token('link_close', 'a', -1);
        close.markup = 'linkify';
        close.info = 'auto';
        close.level = token.level;
        children.push(close);
        last = start + match[0].length;
      }
      if (last === 0) children.push(token);
      else if (last < token.content.length) children.push(textToken(state, token.content.slice(last), token.level));
    }
    block.children = children;
  }
});

function textToken(state: StateCore, content: string, level: number): Token {
  const token = new state.Token('text', '', 0);
  token.content = content;
  token.level = level;
  return token;
}
