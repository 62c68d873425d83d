import request from 'supertest';
import type { Express } from 'express';
import type { TurnEvent } from '../../bot/analytics/turn-event.ts';
import type { TurnEventLog } from '../../bot/analytics/types.ts';
import { loadConfig } from '../../bot/config.ts';
import type { KnowledgeBase } from '../../bot/core/knowledge.ts';
import { createConsolePlugin } from '../../bot/console/plugin.ts';
import type { ScryptCost } from '../../bot/console/password.ts';
import { createStaffAccounts, type StaffRole } from '../../bot/console/staff.ts';
import type { Logger } from '../../bot/logger.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createMetrics } from '../../bot/metrics.ts';
import { createPluginHost } from '../../bot/plugin/host.ts';
import type { App, PluginContext } from '../../bot/plugin/types.ts';
import { createSinkRouter } from '../../bot/plugin/sink-router.ts';
import { createHttpApp } from '../../bot/server.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import type { Store } from '../../bot/store/types.ts';
import type { AssignChange, DismissChange, NewIntentChange, TeachChange, Teacher } from '../../bot/teach/types.ts';
import type { Nlu, NluResult } from '../../intents/types.ts';
import type { WalletApi } from '../../bot/wallet/types.ts';
import * as fakeAnalytics from './fake-analytics.ts';

/** scrypt at 1 MiB: the same code path as production's 128 MiB, in milliseconds. */
export const CHEAP_SCRYPT: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };
export const PASSWORD = 'correct horse battery';

export const fakeNlu: Nlu = {
  intents: ['greeting', 'payment_failed', 'out_of_scope'],
  parse(text: string): NluResult {
    return {
      text,
      language: 'en',
      intent: { name: 'out_of_scope', confidence: 0.7 },
      intent_ranking: [
        { name: 'out_of_scope', confidence: 0.7 },
        { name: 'payment_failed', confidence: 0.2 },
        { name: 'greeting', confidence: 0.1 },
      ],
      entities: [],
      ambiguous: false,
    };
  },
};

export const fakeKnowledge = {
  intents: ['greeting', 'payment_failed', 'out_of_scope'],
  get: (intent: string, locale: string) => ({ title: `${intent} (${locale})` }),
} as unknown as KnowledgeBase;

/** A teacher that records what it is asked and answers like the real one would. */
export function createFakeTeacher() {
  const changes: TeachChange[] = [];
  const calls: { method: string; input: unknown }[] = [];
  let next = 1;
  const at = '2030-01-01T00:00:00.000Z';
  const teacher: Teacher = {
    async changes() {
      return [...changes].reverse();
    },
    async assign(input) {
      calls.push({ method: 'assign', input });
      const change: AssignChange = { ...input, id: `c${next++}`, kind: 'assign', at };
      changes.push(change);
      return change;
    },
    async dismiss(input) {
      calls.push({ method: 'dismiss', input });
      const change: DismissChange = { ...input, id: `c${next++}`, kind: 'dismiss', at };
      changes.push(change);
      return change;
    },
    async createIntent(input) {
      calls.push({ method: 'createIntent', input });
      if (input.entries.length !== 2)
        throw Object.assign(new Error('entries: both zh-CN and en are needed'), { code: 'invalid_change' });
      const change: NewIntentChange = { ...input, id: `c${next++}`, kind: 'new_intent', at };
      changes.push(change);
      return change;
    },
    async undo(id, by) {
      calls.push({ method: 'undo', input: { id, by } });
      const change = changes.find((c) => c.id === id);
      if (!change) throw Object.assign(new Error(`no change ${id}`), { code: 'not_found' });
      change.undone = { by, at };
      return change;
    },
    async handledTexts() {
      return new Set<string>();
    },
    status: () => ({ live: 1, wanted: 1, training: false }),
    async settled() {},
    async close() {},
  };
  return { teacher, changes, calls };
}

export function createFakeEvents() {
  const reads: { from: Date; to: Date }[] = [];
  const events: TurnEventLog = {
    record() {},
    async flush() {},
    async read(from, to) {
      reads.push({ from, to });
      return [] as TurnEvent[];
    },
    async forget() {
      return 0;
    },
    async close() {},
  };
  return { events, reads };
}

export interface ConsoleTestOptions {
  production?: boolean;
  store?: Store;
  loginPerAddress?: number;
  logger?: Logger;
  /** JSON body limit of the rest of /api (the server's default is 16 KiB). */
  bodyBytes?: number;
  /** The console's clock (default: real time). */
  now?: () => Date;
}

/** A clock the test moves. */
export function createClock(start = Date.now()) {
  let ms = start;
  return { now: () => new Date(ms), advance: (byMs: number) => void (ms += byMs) };
}

/** The server's express app with the console plugin mounted as bot/start.ts mounts plugins (plugin host). */
export function buildConsoleApp(opts: ConsoleTestOptions = {}) {
  const store = opts.store ?? createMemoryStore();
  const fakeTeacher = createFakeTeacher();
  const fakeEvents = createFakeEvents();
  // Production's other requirements (wallet URL, token secret) are not the console's concern here.
  const config = {
    ...loadConfig({ NODE_ENV: 'test', STORE_URL: 'memory:' }),
    ...(opts.production ? { NODE_ENV: 'production' as const } : {}),
  };
  const logger = opts.logger ?? silentLogger;
  const app = {
    config,
    logger,
    store,
    nlu: fakeNlu,
    knowledge: fakeKnowledge,
    events: fakeEvents.events,
    teacher: fakeTeacher.teacher,
  } as unknown as App;
  const metrics = createMetrics({ defaultMetrics: false });
  const ctx: PluginContext = { app, config, sinks: createSinkRouter(logger), metrics };
  const plugin = createConsolePlugin({
    scryptCost: CHEAP_SCRYPT,
    // Canned figures: these tests check the API's authorisation, validation and shapes (test/analytics/ the figures).
    analytics: fakeAnalytics,
    ...(opts.loginPerAddress ? { loginPerAddress: opts.loginPerAddress } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  });
  const host = createPluginHost([], [plugin], ctx);
  const http = createHttpApp({
    store,
    nlu: fakeNlu,
    wallet: { ping: async () => {} } as unknown as WalletApi,
    logger,
    metrics,
    ...(opts.bodyBytes ? { limits: { bodyBytes: opts.bodyBytes } } : {}),
    apiPrefixes: host.apiPrefixes,
    bodyLimits: host.bodyLimits,
    mountRoutes: (routes) => host.mount(routes),
  });
  const staff = createStaffAccounts(store, { scryptCost: CHEAP_SCRYPT });
  return { http, store, staff, teacher: fakeTeacher, events: fakeEvents };
}

export interface SignedIn {
  cookie: string;
  csrf: string;
}

/** Adds an account with `role` (unless it exists) and signs it in. */
export async function signIn(
  console: ReturnType<typeof buildConsoleApp>,
  name: string,
  role: StaffRole,
): Promise<SignedIn> {
  if (!(await console.staff.get(name))) await console.staff.add(name, role, PASSWORD);
  const res = await request(console.http).post('/api/console/login').send({ name, password: PASSWORD }).expect(200);
  return { cookie: cookieOf(res), csrf: (res.body as { csrfToken: string }).csrfToken };
}

/** The `name=value` of the console's Set-Cookie. */
export function cookieOf(res: request.Response): string {
  const header = res.headers['set-cookie'] as unknown as string[] | undefined;
  const line = header?.find((c) => c.includes('upay_console='));
  if (!line) throw new Error('no console cookie was set');
  return line.split(';')[0] as string;
}

export type Method = 'get' | 'post' | 'delete';

/** A console call with the session cookie and (unless `csrf` is false) its CSRF token. */
export function call(
  http: Express,
  method: Method,
  path: string,
  who?: SignedIn,
  opts: { csrf?: boolean; body?: object } = {},
): request.Test {
  let test = request(http)[method](path);
  if (who) {
    test = test.set('Cookie', who.cookie);
    if (opts.csrf !== false) test = test.set('X-CSRF-Token', who.csrf);
  }
  return opts.body ? test.send(opts.body) : test;
}
