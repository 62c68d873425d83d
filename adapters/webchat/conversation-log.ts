import type { Button, Reply } from '../../bot/core/messages.ts';
import type { Store } from '../../bot/store/types.ts';
import { logKey, logPageKey } from '../../bot/core/inapp-keys.ts';

/**
 * The in-app conversation as the customer sees it: their messages, the bot's replies and anything
 * pushed later (agent messages, notices). Ids increase by one per entry, so a reconnecting client
 * asks for everything after the last id it saw (`Last-Event-ID`) and loses or repeats nothing.
 * Texts are stored redacted.
 *
 * Storage: a turn rewrites only the recent entries. The record at `webchat:log:<conversationId>`
 * (the tail) holds the newest entries, at most `2 × pageSize`; when it grows past that, its oldest
 * `pageSize` entries move to an archive page at `webchat:logpage:<conversationId>:<n>` and pages
 * beyond `maxEntries` are deleted. A record written before pages existed (every entry in the tail)
 * is paged on its next append.
 */
export interface ChatEntry {
  id: number;
  from: 'customer' | 'bot' | 'agent';
  text: string;
  buttons?: Button[];
  /** Pushed after the request that caused it (agent messages, notices): delivered over the event stream. */
  pushed?: boolean;
  at: string;
}

/** The tail record. `pages` lists the archive pages still kept, oldest first (absent: none). */
interface LogTail {
  nextId: number;
  entries: ChatEntry[];
  pages?: number[];
}

// The log's key layout is declared in the core so the privacy catalogue can find the logs.
export {
  conversationOfLogPage,
  logKey,
  logPageKey,
  LOG_KEY_PREFIX,
  LOG_PAGE_KEY_PREFIX,
} from '../../bot/core/inapp-keys.ts';

interface LogPage {
  entries: ChatEntry[];
}

type NewEntries = Omit<ChatEntry, 'id' | 'at'>[];

/** A reply as the log keeps it: who spoke (the bot unless an agent), the text, its buttons. */
export function entryOfReply(reply: Reply, opts: { pushed?: boolean } = {}): Omit<ChatEntry, 'id' | 'at'> {
  return {
    from: reply.from === 'agent' ? 'agent' : 'bot',
    text: reply.text,
    ...(reply.buttons?.length ? { buttons: reply.buttons } : {}),
    ...(opts.pushed ? { pushed: true } : {}),
  };
}

export interface ConversationLogOptions {
  /** Entries a history keeps (older ones are deleted). */
  maxEntries: number;
  ttlMs: number;
  /** Entries per archive page, default 10: a turn rewrites at most twice this many (the tail). */
  pageSize?: number;
  now?: () => Date;
}

export function createConversationLog(store: Store, opts: ConversationLogOptions) {
  const now = opts.now ?? (() => new Date());
  const pageSize = Math.max(1, opts.pageSize ?? 10);
  const maxPages = Math.max(0, Math.ceil(opts.maxEntries / pageSize) - 1);
  const channel = (conversationId: string) => `webchat:push:${conversationId}`;

  async function readTail(conversationId: string): Promise<LogTail> {
    return (await store.get<LogTail>(logKey(conversationId))) ?? { nextId: 1, entries: [] };
  }

  /** Archived entries, oldest first, from the newest pages back to the one holding `afterId` (all when undefined). */
  async function archived(conversationId: string, tail: LogTail, afterId?: number): Promise<ChatEntry[]> {
    const pages: ChatEntry[][] = [];
    for (const page of [...(tail.pages ?? [])].reverse()) {
      // A page deleted by retention (older than the retention period) is simply gone.
      const entries = (await store.get<LogPage>(logPageKey(conversationId, page)))?.entries ?? [];
      pages.unshift(entries);
      if (afterId !== undefined && (entries[0]?.id ?? Infinity) <= afterId + 1) break;
    }
    return pages.flat();
  }

  /**
   * Moves the tail's oldest entries into archive pages and drops pages beyond `maxEntries`. The page
   * writes and deletions go out together (one store round trip, one journal write), and all before
   * the tail that no longer holds those entries is written.
   */
  async function archiveOverflow(conversationId: string, tail: LogTail): Promise<void> {
    const pages = [...(tail.pages ?? [])];
    const writes: Promise<unknown>[] = [];
    while (tail.entries.length > 2 * pageSize) {
      const page = (pages.at(-1) ?? -1) + 1;
      writes.push(
        store.set(logPageKey(conversationId, page), { entries: tail.entries.slice(0, pageSize) } satisfies LogPage, {
          ttlMs: opts.ttlMs,
        }),
      );
      tail.entries = tail.entries.slice(pageSize);
      pages.push(page);
    }
    while (pages.length > maxPages) {
      const page = pages.shift();
      if (page !== undefined) writes.push(store.delete(logPageKey(conversationId, page)));
    }
    await Promise.all(writes);
    tail.pages = pages;
  }

  return {
    channel,

    /**
     * Appends entries under the log's lock. `items` may be computed from the recent entries (e.g. a
     * pressed button's label), so a turn reads the log once instead of twice.
     */
    async append(
      conversationId: string,
      input: NewEntries | ((recent: readonly ChatEntry[]) => NewEntries),
    ): Promise<ChatEntry[]> {
      if (Array.isArray(input) && input.length === 0) return [];
      const lock = await store.lock(`lock:${logKey(conversationId)}`, { ttlMs: 5000, waitMs: 5000 });
      if (!lock) throw new Error('conversation log is busy');
      try {
        const tail = await readTail(conversationId);
        const items = typeof input === 'function' ? input(tail.entries) : input;
        if (items.length === 0) return [];
        const at = now().toISOString();
        const added = items.map((item) => ({ ...item, id: tail.nextId++, at }));
        tail.entries = [...tail.entries, ...added];
        await archiveOverflow(conversationId, tail);
        await store.set(logKey(conversationId), tail, { ttlMs: opts.ttlMs });
        return added;
      } finally {
        await lock.release();
      }
    },

    /** The last `maxEntries` entries, oldest first. */
    async history(conversationId: string): Promise<ChatEntry[]> {
      const tail = await readTail(conversationId);
      return [...(await archived(conversationId, tail)), ...tail.entries].slice(-opts.maxEntries);
    },

    /** Id of the newest entry (0 when none). */
    async lastId(conversationId: string): Promise<number> {
      return (await readTail(conversationId)).nextId - 1;
    },

    /** Pushed entries after `afterId`, oldest first. */
    async pushedSince(conversationId: string, afterId: number): Promise<ChatEntry[]> {
      const tail = await readTail(conversationId);
      const inTail = (tail.entries[0]?.id ?? Infinity) <= afterId + 1;
      const entries = inTail ? tail.entries : [...(await archived(conversationId, tail, afterId)), ...tail.entries];
      return entries.filter((e) => e.pushed && e.id > afterId);
    },
  };
}

export type ConversationLog = ReturnType<typeof createConversationLog>;
