import { ownerOfPageKey, pageKey } from '../store/page-keys.ts';

/**
 * Where the in-app chat (adapters/webchat/) keeps its customer records in the store. Declared here,
 * not in the channel's folder, because the privacy catalogue (bot/privacy/records.ts) must find them
 * for `forget` and retention, and nothing in bot/ imports adapters/.
 */

/** Every session record (hashed and legacy) starts with this: retention and `forget` scan it. */
export const SESSION_KEY_PREFIX = 'webchat:session:';

/** A conversation's chat log: the newest entries. */
export const LOG_KEY_PREFIX = 'webchat:log:';
/** Older entries of a chat log, archived in numbered pages. */
export const LOG_PAGE_KEY_PREFIX = 'webchat:logpage:';

export function logKey(conversationId: string): string {
  return `${LOG_KEY_PREFIX}${conversationId}`;
}

export function logPageKey(conversationId: string, page: number): string {
  return pageKey(LOG_PAGE_KEY_PREFIX, conversationId, page);
}

/** The conversation id of an archive page key, or undefined when the key is not one. */
export function conversationOfLogPage(key: string): string | undefined {
  return ownerOfPageKey(LOG_PAGE_KEY_PREFIX, key);
}
