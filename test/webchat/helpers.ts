import type { IncomingEvent } from '../../bot/core/messages.ts';
import type { Engine, TurnResult } from '../../bot/core/turn.ts';
import type { WalletApi } from '../../bot/wallet/types.ts';
import type { Nlu, NluResult } from '../../intents/types.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import { createHttpApp, type HttpAppDeps } from '../../bot/server.ts';
import { createMetrics } from '../../bot/metrics.ts';
import { silentLogger } from '../../bot/logger.ts';
import { secretKey } from '../../adapters/webchat/token.ts';

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
      if (event.input.kind === 'start') result = { replies: [{ text: '您好，我是 upay 助手' }], intent: null, flow: null, handoff: 'none' };
      else if (event.input.kind === 'text')
        result = {
          replies: [{ text: `echo: ${event.input.text}`, buttons: [{ label: '查看 T1001B', value: 'tx:T1001B' }] }],
          intent: 'payment_failed',
          flow: 'payment_failed',
          handoff: 'none',
        };
      else result = { replies: [{ text: `pressed ${event.input.kind === 'action' ? event.input.value : ''}` }], intent: null, flow: null, handoff: 'none' };
      results.set(event.eventId, result);
      return result;
    },
  };
  return { engine, turns };
}

export const fakeNlu: Nlu = {
  intents: ['greeting'],
  parse(text: string): NluResult {
    return { text, language: 'zh', intent: { name: 'greeting', confidence: 0.9 }, intent_ranking: [{ name: 'greeting', confidence: 0.9 }], entities: [], ambiguous: false };
  },
};

export function fakeWallet(up = true): WalletApi {
  return { ping: async () => { if (!up) throw new Error('down'); } } as unknown as WalletApi;
}

export function buildTestApp(overrides: Partial<HttpAppDeps> = {}) {
  const store = overrides.store ?? createMemoryStore();
  const { engine, turns } = createEchoEngine();
  const deps: HttpAppDeps = {
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
  const { app, webchatSink } = createHttpApp(deps);
  return { app, webchatSink, store, turns, deps };
}
