import sanitizeHtml from 'sanitize-html';
import { markdown } from './markdown-it.ts';
import { markdownTokens, safeHref } from './document.ts';

/**
 * What the in-app page may show. Nothing else survives: no attributes but a link's target (and a
 * list's start number), no styles, no images, no script. markdown-it already escapes raw HTML
 * (`html: false`); this is the second wall, for whatever a renderer change might let through.
 */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'a', 'code'],
  allowedAttributes: { a: ['href', 'rel', 'target'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // A relative or odd-scheme link (its href gone above) keeps its text, not the tag.
  exclusiveFilter: (frame) => (frame.tag === 'a' && !frame.attribs.href ? 'excludeTag' : false),
  transformTags: {
    // Every kept link opens outside the app's page and tells the target nothing.
    a: (_tag, attribs) => {
      const href = safeHref(attribs.href);
      const kept: sanitizeHtml.Attributes = href ? { href, rel: 'noopener noreferrer', target: '_blank' } : {};
      return { tagName: 'a', attribs: kept };
    },
    // A heading in an answer is a bold line in a chat bubble.
    h1: 'strong',
    h2: 'strong',
    h3: 'strong',
    h4: 'strong',
    h5: 'strong',
    h6: 'strong',
  },
};

/** A reply's Markdown as sanitized HTML for the in-app chat page (the `html` field of replies and entries). */
export function renderWebchatHtml(text: string): string {
  const html = markdown.renderer.render(markdownTokens(text), markdown.options, {});
  return sanitizeHtml(html, SANITIZE).trim();
}
