/**
 * Keys of records kept in numbered pages — `<prefix><owner>:<page>` — such as a chat log's archive
 * and a conversation's older transcript lines. No imports: modules on both sides of an import
 * cycle (the engine's conversation record, the privacy catalogue) can use it.
 */
export function pageKey(prefix: string, owner: string, page: number): string {
  return `${prefix}${owner}:${page}`;
}

/** The owner of a page key under `prefix`, or undefined when the key is not one. */
export function ownerOfPageKey(prefix: string, key: string): string | undefined {
  if (!key.startsWith(prefix)) return undefined;
  const cut = key.lastIndexOf(':');
  return cut > prefix.length ? key.slice(prefix.length, cut) : undefined;
}
