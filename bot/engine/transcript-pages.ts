/**
 * Where a conversation's older transcript lines live: pages of TRANSCRIPT_PAGE_LINES lines at
 * `conv-transcript:<conversationId>:<n>` (written by saveConversation in conversation.ts, read when a
 * case opens, found by `forget` and retention through privacy/records.ts). No imports, so both sides
 * can use it without an import cycle.
 */
/** Lines per archived transcript page. */
export const TRANSCRIPT_PAGE_LINES = 10;
export const TRANSCRIPT_PAGE_KEY_PREFIX = 'conv-transcript:';

export function transcriptPageKey(conversationId: string, page: number): string {
  return `${TRANSCRIPT_PAGE_KEY_PREFIX}${conversationId}:${page}`;
}

/** The conversation id of a transcript page key, or undefined when the key is not one. */
export function conversationOfTranscriptPage(key: string): string | undefined {
  if (!key.startsWith(TRANSCRIPT_PAGE_KEY_PREFIX)) return undefined;
  const cut = key.lastIndexOf(':');
  return cut > TRANSCRIPT_PAGE_KEY_PREFIX.length ? key.slice(TRANSCRIPT_PAGE_KEY_PREFIX.length, cut) : undefined;
}
