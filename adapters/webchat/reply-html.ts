import { renderWebchatHtml } from '../shared/render/webchat-html.ts';
import type { ChatEntry } from './conversation-log.ts';

/** An entry as the page receives it: bot and agent entries carry their sanitized HTML. */
export type ShownEntry = ChatEntry & { html?: string };

/**
 * The page asks for the history (up to 200 entries) after every turn, so the same texts are
 * rendered again and again: a small cache (most recently used kept) saves the Markdown and
 * sanitizer passes. It is keyed by the text itself, so it answers only someone who has the text.
 */
const CACHE_MAX = 500;
const cache = new Map<string, string>();

/** A bot or agent text (Markdown, untrusted when an agent wrote it) as HTML the page may insert. */
export function replyHtml(text: string): string {
  const hit = cache.get(text);
  if (hit !== undefined) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const html = renderWebchatHtml(text);
  cache.set(text, html);
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value as string);
  return html;
}

/** The customer's own words stay text only: they are shown as typed, never as Markdown. */
export function shownEntry(entry: ChatEntry): ShownEntry {
  return entry.from === 'customer' ? entry : { ...entry, html: replyHtml(entry.text) };
}
