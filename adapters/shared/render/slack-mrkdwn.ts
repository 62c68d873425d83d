import { inlineText, linkShowsTarget, parseMarkdown, type Inline } from './document.ts';
import { layoutBlocks, type TextTarget } from './layout.ts';

/** Slack mrkdwn control characters: text must not become mentions, links or broken entities. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
/**
 * Slack applies `*bold*` and `_italic_` only at word boundaries, and Chinese has no spaces
 * ("请*务必*注意" stays literal). A zero-width space next to a marker gives it the boundary.
 */
const ZWSP = '\u200b';

function joinMarked(pieces: { text: string; marked: boolean }[]): string {
  let out = '';
  let lastMarked = false;
  for (const piece of pieces) {
    if (!piece.text) continue;
    const needsGap =
      (piece.marked && WORD_CHAR.test(out.slice(-1))) || (lastMarked && WORD_CHAR.test(piece.text.charAt(0)));
    out += (needsGap ? ZWSP : '') + piece.text;
    lastMarked = piece.marked;
  }
  return out;
}

function slackHref(href: string): string {
  return href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E');
}

function inlines(nodes: readonly Inline[]): string {
  return joinMarked(
    nodes.map((node) => {
      switch (node.kind) {
        case 'text':
          return { text: escapeMrkdwn(node.text), marked: false };
        case 'break':
          return { text: '\n', marked: false };
        case 'code':
          return { text: `\`${escapeMrkdwn(node.text)}\``, marked: true };
        case 'strong':
          return { text: `*${inlines(node.children)}*`, marked: true };
        case 'em':
          return { text: `_${inlines(node.children)}_`, marked: true };
        case 'link': {
          if (/^tel:/i.test(node.href)) {
            const label = escapeMrkdwn(inlineText(node.children));
            return {
              text: linkShowsTarget(node) ? label : `${label} (${escapeMrkdwn(node.href.slice(4))})`,
              marked: false,
            };
          }
          // A link's label is plain text in Slack: no formatting inside <url|label>.
          const shown = linkShowsTarget(node) && !/^mailto:/i.test(node.href) ? undefined : inlineText(node.children);
          const label = shown === undefined ? '' : `|${escapeMrkdwn(shown)}`;
          return { text: `<${slackHref(node.href)}${label}>`, marked: false };
        }
      }
    }),
  );
}

const SLACK: TextTarget = {
  inlines,
  heading: (text) => `*${text}*`,
  code: (text) => `\`\`\`\n${escapeMrkdwn(text)}\n\`\`\``,
  quote: (text) => quoteMrkdwn(text),
  rule: '———',
  bullet: '• ',
};

/** Markdown (a knowledge answer, a bot or agent line of a transcript) as Slack mrkdwn. */
export function renderSlackMrkdwn(markdownText: string): string {
  return layoutBlocks(parseMarkdown(markdownText), SLACK);
}

/** Every line as a Slack quote. */
export function quoteMrkdwn(text: string): string {
  return text
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
}
