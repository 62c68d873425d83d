import { expect } from 'vitest';
import type { IncomingEvent } from '../../bot/core/messages.ts';
import type { Engine, TurnResult } from '../../bot/core/turn.ts';
import type { WalletApi } from '../../bot/wallet/types.ts';
import type { Nlu, NluResult } from '../../intents/types.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import type { Router } from 'express';
import request from 'supertest';
import type { ReplySink } from '../../bot/core/messages.ts';
import { createHttpApp, type HttpAppDeps } from '../../bot/server.ts';
import { createMetrics } from '../../bot/metrics.ts';
import { silentLogger } from '../../bot/logger.ts';
import { secretKey } from '../../adapters/webchat/token.ts';
import { mountWebchat, WEBCHAT_API_PREFIXES } from '../../adapters/webchat/plugin.ts';

export const TEST_SECRET = 'test-secret-test-secret-test-secret-123';

/** An engine that echoes, counts turns and remembers results by event id (like the real one). */
export function createEchoEngine() {
  const turns: IncomingEvent[] = [];
  const results = new Map<string, TurnResult>();
  const engine: Engine = {
    async handle(event) {
      const previous = results.get(event.eventId);
      if (previous) return { ...previous, duplicate: true };
      turns.push(event);
      let result: TurnResult;
      if (event.input.kind === 'start')
        result = { replies: [{ text: '您好，我是 upay 助手' }], intent: null, flow: null, handoff: 'none' };
      else if (event.input.kind === 'text')
        result = {
          replies: [{ text: `echo: ${event.input.text}`, buttons: [{ label: '查看 T1001B', value: 'tx:T1001B' }] }],
          intent: 'payment_failed',
          flow: 'payment_failed',
          handoff: 'none',
        };
      else
        result = {
          replies: [{ text: `pressed ${event.input.kind === 'action' ? event.input.value : ''}` }],
          intent: null,
          flow: null,
          handoff: 'none',
        };
      results.set(event.eventId, result);
      return result;
    },
  };
  return { engine, turns };
}

export const fakeNlu: Nlu = {
  intents: ['greeting'],
  parse(text: string): NluResult {
    return {
      text,
      language: 'zh',
      intent: { name: 'greeting', confidence: 0.9 },
      intent_ranking: [{ name: 'greeting', confidence: 0.9 }],
      entities: [],
      ambiguous: false,
    };
  },
};

export function fakeWallet(up = true): WalletApi {
  return {
    ping: async () => {
      if (!up) throw new Error('down');
    },
  } as unknown as WalletApi;
}

/** What a test may set: the server's own dependencies and the in-app chat's, as the service wires them. */
export interface TestAppOptions extends Omit<HttpAppDeps, 'limits' | 'mountRoutes' | 'apiPrefixes'> {
  engine: Engine;
  /** HS256 key the app signs customer tokens with. */
  tokenKey: Uint8Array;
  /** True while the in-process sandbox wallet is used: enables the demo token endpoint (never in production). */
  sandboxInUse: boolean;
  production?: boolean;
  sessionTtlMs?: number;
  limits?: HttpAppDeps['limits'] & { conversationPerMinute?: number; maxStreamsPerSession?: number };
  /** Extra webhook routes, mounted where the channels' webhooks go (before the JSON parser). */
  mountChannels?: (webhooks: Router) => void;
}

/** The server's express app with the in-app chat mounted (what the webchat channel plugin does on the real server). */
export function buildTestApp(overrides: Partial<TestAppOptions> = {}) {
  const store = overrides.store ?? createMemoryStore();
  const { engine, turns } = createEchoEngine();
  const deps: TestAppOptions = {
    engine,
    store,
    nlu: fakeNlu,
    wallet: fakeWallet(),
    logger: silentLogger,
    metrics: createMetrics({ defaultMetrics: false }),
    tokenKey: secretKey(TEST_SECRET),
    sandboxInUse: true,
    ...overrides,
  };
  const { conversationPerMinute, maxStreamsPerSession, ...serverLimits } = deps.limits ?? {};
  let webchatSink: ReplySink | undefined;
  const app = createHttpApp({
    ...deps,
    limits: serverLimits,
    apiPrefixes: WEBCHAT_API_PREFIXES,
    mountRoutes: (routes) => {
      deps.mountChannels?.(routes.webhooks);
      webchatSink = mountWebchat(routes, {
        engine: deps.engine,
        store: deps.store,
        logger: deps.logger,
        tokenKey: deps.tokenKey,
        sandboxTokens: deps.sandboxInUse && !deps.production,
        ...(conversationPerMinute ? { conversationPerMinute } : {}),
        ...(maxStreamsPerSession ? { maxStreamsPerSession } : {}),
        ...(deps.sessionTtlMs ? { sessionTtlMs: deps.sessionTtlMs } : {}),
      });
    },
  });
  if (!webchatSink) throw new Error('the in-app chat was not mounted');
  return { app, webchatSink, store, turns, deps };
}

/** An anonymous (or, with a customer token in `body`, verified) in-app session on `app`. */
export async function newSession(
  app: Parameters<typeof request>[0],
  body: object = {},
): Promise<{ sessionId: string; conversationId: string; expiresAt: string }> {
  const res = await request(app).post('/api/inapp/sessions').send(body).expect(201);
  return res.body as { sessionId: string; conversationId: string; expiresAt: string };
}

/** POSTs a customer message to a session; the caller states the expected status. */
export function postMessage(app: Parameters<typeof request>[0], sessionId: string, body: object): request.Test {
  return request(app).post(`/api/inapp/sessions/${sessionId}/messages`).send(body);
}

/** With a per-address limit of 2 a minute, GETs `paths` in turn: the first two pass, the third is 429 with Retry-After. */
export async function expectThirdGetLimited(paths: readonly [string, string, string]): Promise<void> {
  const { app } = buildTestApp({ limits: { ipPerMinute: 2 } });
  await request(app).get(paths[0]).expect(200);
  await request(app).get(paths[1]).expect(200);
  const limited = await request(app).get(paths[2]).expect(429);
  expect(limited.headers['retry-after']).toBeDefined();
}
