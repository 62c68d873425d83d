import type { Button, Reply } from '../types.ts';
import type { Store } from '../../bot/store/types.ts';

/**
 * The in-app conversation as the customer sees it: their messages, the bot's replies and anything
 * pushed later (agent messages, notices). Ids increase by one per entry, so a reconnecting client
 * asks for everything after the last id it saw (`Last-Event-ID`) and loses or repeats nothing.
 * Texts are stored redacted.
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

interface LogState {
  nextId: number;
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
  maxEntries: number;
  ttlMs: number;
  now?: () => Date;
}

export function createConversationLog(store: Store, opts: ConversationLogOptions) {
  const now = opts.now ?? (() => new Date());
  const key = (conversationId: string) => `webchat:log:${conversationId}`;
  const channel = (conversationId: string) => `webchat:push:${conversationId}`;

  async function read(conversationId: string): Promise<LogState> {
    return (await store.get<LogState>(key(conversationId))) ?? { nextId: 1, entries: [] };
  }

  return {
    channel,

    /**
     * Appends entries under the log's lock. `items` may be computed from the current entries (e.g. a
     * pressed button's label), so a turn reads the log once instead of twice.
     */
    async append(conversationId: string, input: NewEntries | ((current: readonly ChatEntry[]) => NewEntries)): Promise<ChatEntry[]> {
      if (Array.isArray(input) && input.length === 0) return [];
      const lock = await store.lock(`lock:${key(conversationId)}`, { ttlMs: 5000, waitMs: 5000 });
      if (!lock) throw new Error('conversation log is busy');
      try {
        const state = await read(conversationId);
        const items = typeof input === 'function' ? input(state.entries) : input;
        if (items.length === 0) return [];
        const at = now().toISOString();
        const added = items.map((item) => ({ ...item, id: state.nextId++, at }));
        const entries = [...state.entries, ...added].slice(-opts.maxEntries);
        await store.set(key(conversationId), { nextId: state.nextId, entries }, { ttlMs: opts.ttlMs });
        return added;
      } finally {
        await lock.release();
      }
    },

    async history(conversationId: string): Promise<ChatEntry[]> {
      return (await read(conversationId)).entries;
    },

    /** Pushed entries after `afterId`, oldest first. */
    async pushedSince(conversationId: string, afterId: number): Promise<ChatEntry[]> {
      return (await read(conversationId)).entries.filter((e) => e.pushed && e.id > afterId);
    },
  };
}

export type ConversationLog = ReturnType<typeof createConversationLog>;
