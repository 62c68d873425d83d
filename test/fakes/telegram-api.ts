import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Bot API call the fake received. */
export interface TelegramCall {
  method: string;
  body: Record<string, unknown>;
  at: number;
}

export interface TelegramFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

export const FAKE_BOT = { id: 7000001, is_bot: true, first_name: 'upay support', username: 'upay_support_bot' };

/**
 * A small fake Telegram Bot API on loopback: getMe, getUpdates (long poll, offsets), sendMessage,
 * answerCallbackQuery, editMessageReplyMarkup, setMyCommands, setWebhook, deleteWebhook.
 * Tests push updates, inject failures per method and read the calls it received.
 */
export async function startFakeTelegramApi(token: string) {
  const calls: TelegramCall[] = [];
  const updates: Record<string, unknown>[] = [];
  const failures = new Map<string, TelegramFailure[]>();
  const waiters = new Set<() => void>();
  let nextMessageId = 100;
  let confirmedOffset = 0;

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(JSON.stringify({ ok: false, error_code: 500, description: String(err) }));
    });
  });

  async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (!text) return {};
    return JSON.parse(text) as Record<string, unknown>;
  }

  function reply(res: ServerResponse, payload: unknown): void {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(payload));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    if (!match || match[1] !== token) {
      res.statusCode = 401;
      return reply(res, { ok: false, error_code: 401, description: 'Unauthorized' });
    }
    const method = match[2] ?? '';
    const body = await readBody(req);
    calls.push({ method, body, at: Date.now() });
    const failure = failures.get(method)?.shift();
    if (failure) {
      res.statusCode = failure.error_code;
      return reply(res, { ok: false, ...failure });
    }
    switch (method) {
      case 'getMe':
        return reply(res, { ok: true, result: FAKE_BOT });
      case 'getUpdates': {
        const offset = typeof body.offset === 'number' ? body.offset : 0;
        if (offset > confirmedOffset) confirmedOffset = offset;
        const pending = (): Record<string, unknown>[] => updates.filter((u) => (u.update_id as number) >= offset);
        if (!pending().length && body.limit !== 1) {
          await new Promise<void>((resolve) => {
            const done = (): void => {
              waiters.delete(done);
              clearTimeout(timer);
              resolve();
            };
            const timer = setTimeout(done, 300);
            waiters.add(done);
          });
        }
        return reply(res, { ok: true, result: pending() });
      }
      case 'sendMessage': {
        const message = {
          message_id: nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: body.chat_id, type: Number(body.chat_id) < 0 ? 'group' : 'private' },
          from: FAKE_BOT,
          text: body.text,
        };
        return reply(res, { ok: true, result: message });
      }
      case 'answerCallbackQuery':
      case 'editMessageReplyMarkup':
      case 'setMyCommands':
      case 'setWebhook':
      case 'deleteWebhook':
        return reply(res, { ok: true, result: true });
      default:
        res.statusCode = 404;
        return reply(res, { ok: false, error_code: 404, description: `Not Found: method ${method}` });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    /** Queues an update for getUpdates (a retried update = the same update_id pushed again). */
    pushUpdate(update: Record<string, unknown>): void {
      updates.push(update);
      for (const wake of [...waiters]) wake();
    },
    /** The next call(s) of `method` fail with this answer. */
    failNext(method: string, failure: TelegramFailure, times = 1): void {
      const list = failures.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push(failure);
      failures.set(method, list);
    },
    callsOf(method: string): TelegramCall[] {
      return calls.filter((c) => c.method === method);
    },
    sentTexts(chatId?: number): string[] {
      return calls
        .filter((c) => c.method === 'sendMessage' && (chatId === undefined || c.body.chat_id === chatId))
        .map((c) => String(c.body.text));
    },
    get confirmedOffset(): number {
      return confirmedOffset;
    },
    async close(): Promise<void> {
      for (const wake of [...waiters]) wake();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeTelegramApi = Awaited<ReturnType<typeof startFakeTelegramApi>>;
