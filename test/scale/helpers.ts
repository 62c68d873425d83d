import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../bot/config.ts';
import { silentLogger, type Logger } from '../../bot/logger.ts';
import { startServer, type RunningServer, type StartOptions } from '../../bot/start.ts';
import { loadKnowledge } from '../../bot/core/knowledge.ts';
import { loadOrTrainNlu, NLU_SEED_DIR } from '../../bot/nlu-cache.ts';
import type { KnowledgeBase } from '../../bot/core/knowledge.ts';
import type { Nlu } from '../../intents/types.ts';
import { secretKey, signCustomerToken } from '../../adapters/webchat/token.ts';

// Kept here for the tests that import them from this file; the helpers below need no Redis or PostgreSQL.
export { PG_URL, REDIS_URL } from './service-urls.ts';
export const TOKEN_SECRET = 'scale-test-secret-scale-test-secret-0123';

let trained: Promise<{ knowledge: KnowledgeBase; nlu: Nlu }> | undefined;

/** Where the tests keep an NLU model they had to train (when the one `npm ci` trained is for other knowledge or code). */
const TEST_NLU_CACHE = join(tmpdir(), 'upay-test-nlu-cache');

/**
 * The knowledge and the NLU the service runs, once per test process: the model is the one trained
 * at install time when it fits (bot/nlu-cache.ts), as a server start loads it; training takes seconds.
 */
export function sharedNlu(): Promise<{ knowledge: KnowledgeBase; nlu: Nlu }> {
  trained ??= loadKnowledge('knowledge').then(async (knowledge) => ({
    knowledge,
    nlu: await loadOrTrainNlu(knowledge, { dir: TEST_NLU_CACHE, seedDir: NLU_SEED_DIR, logger: silentLogger }),
  }));
  return trained;
}

export function testConfig(env: Record<string, string | undefined> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    INAPP_TOKEN_SECRET: TOKEN_SECRET,
    RATE_LIMIT_IP_PER_MINUTE: '1000000',
    RATE_LIMIT_CONVERSATION_PER_MINUTE: '10000',
    DATA_DIR: `/tmp/upay-scale-${randomUUID()}`,
    ...env,
  });
}

/** A full server (HTTP, engine, in-app chat) sharing the trained NLU. */
export async function startInstance(
  config: Config,
  opts: StartOptions & { logger?: Logger } = {},
): Promise<RunningServer> {
  const { knowledge, nlu } = await sharedNlu();
  return startServer(config, { logger: silentLogger, knowledge, nlu, drainTimeoutMs: 2000, ...opts });
}

export interface TurnBody {
  replies: { text: string; buttons?: { label: string; value: string }[] }[];
  intent: string | null;
  flow: string | null;
  handoff: string;
}

export interface HttpAnswer<T> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = unknown>(
  url: string,
  method: 'GET' | 'POST',
  body?: unknown,
  timeoutMs = 20_000,
): Promise<HttpAnswer<T>> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** Opens an in-app session signed for `customerId` (the app's token) on the server at `base`. */
export async function openSession(
  base: string,
  customerId?: string,
  locale: 'zh' | 'en' = 'zh',
): Promise<{ sessionId: string; conversationId: string }> {
  const token = customerId ? await signCustomerToken(customerId, secretKey(TOKEN_SECRET), 3600) : undefined;
  const res = await call<{ sessionId: string; conversationId: string }>(`${base}/api/inapp/sessions`, 'POST', {
    ...(token ? { token } : {}),
    locale,
  });
  if (res.status !== 201) throw new Error(`session not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function sendMessage(
  base: string,
  sessionId: string,
  clientMessageId: string,
  input: { text: string } | { action: string },
  timeoutMs?: number,
) {
  return call<TurnBody>(
    `${base}/api/inapp/sessions/${sessionId}/messages`,
    'POST',
    { clientMessageId, ...input },
    timeoutMs,
  );
}

export interface ChatEntryView {
  id: number;
  from: 'customer' | 'bot' | 'agent';
  text: string;
  pushed?: boolean;
}

export async function history(base: string, sessionId: string): Promise<ChatEntryView[]> {
  const res = await call<{ entries: ChatEntryView[] }>(`${base}/api/inapp/sessions/${sessionId}/history`, 'GET');
  if (res.status !== 200) throw new Error(`history: ${res.status}`);
  return res.body.entries;
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      out[i] = await fn(items[i] as T, i);
    }
  });
  await Promise.all(workers);
  return out;
}

export const uniqueName = (what: string): string => `${what}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
