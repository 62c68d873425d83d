import { ownerOfPageKey, pageKey } from '../store/page-keys.ts';

/**
 * Where a conversation's older transcript lines live: pages of TRANSCRIPT_PAGE_LINES lines at
 * `conv-transcript:<conversationId>:<n>` (written by saveConversation in conversation.ts, read when a
 * case opens, found by `forget` and retention through privacy/records.ts). Apart from the leaf
 * page-keys module it imports nothing, so both sides can use it without an import cycle.
 */

/** Lines per archived transcript page. */
export const TRANSCRIPT_PAGE_LINES = 10;
export const TRANSCRIPT_PAGE_KEY_PREFIX = 'conv-transcript:';

export function transcriptPageKey(conversationId: string, page: number): string {
  return pageKey(TRANSCRIPT_PAGE_KEY_PREFIX, conversationId, page);
}

/** The conversation id of a transcript page key, or undefined when the key is not one. */
export function conversationOfTranscriptPage(key: string): string | undefined {
  return ownerOfPageKey(TRANSCRIPT_PAGE_KEY_PREFIX, key);
}
