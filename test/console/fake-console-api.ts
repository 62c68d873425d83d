/**
 * A stand-in for the console API (bot/console/, built in parallel) that answers with canned data shaped as
 * bot/analytics/types.ts and bot/teach/types.ts, plus the real page (mountConsolePage) and the server's security
 * headers, so the page can be developed and tested in a browser. Sessions, CSRF and roles behave as the API's
 * contract says; teaching changes move the training status from "training" to "live" after `trainingMs`.
 *
 * Run it by hand: `npx tsx test/console/fake-console-api.ts` (PORT, default 8788) and open /console/.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type {
  ConversationDetail,
  ConversationSummary,
  Figures,
  IntentReport,
  Stats,
  UnansweredGroup,
} from '../../bot/analytics/types.ts';
import type { TeachChange, TrainingStatus } from '../../bot/teach/types.ts';
import { securityHeaders } from '../../bot/http/security-headers.ts';
import { mountConsolePage } from '../../bot/console/page.ts';

type Role = 'admin' | 'editor' | 'viewer';
const ROLES: Role[] = ['viewer', 'editor', 'admin'];

/** Accounts of the fake (the password is the same for all: 12+ characters as the real policy asks). */
export const FAKE_PASSWORD = 'correct-horse-battery';
export const FAKE_STAFF: Record<string, Role> = { ada: 'admin', eve: 'editor', vic: 'viewer' };

const COOKIE = 'upay_console';
const DAY_MS = 86_400_000;

export interface FakeConsoleOptions {
  /** How long a retrain takes in the fake. Default 800 ms. */
  trainingMs?: number;
  /** The console's on/off guard (off → every console path is 404). */
  isOn?: () => Promise<boolean>;
}

export interface FakeConsoleState {
  staff: Map<string, { role: Role; createdAt: string }>;
  groups: Omit<UnansweredGroup, 'texts'>[];
  changes: TeachChange[];
  training: TrainingStatus;
  /** Bodies of the state-changing calls, in order (what the page sent). */
  posts: { path: string; body: unknown; csrf: string | undefined }[];
}

/** A number from 0 to 1 that depends only on `seed` (the same chart on every run). */
function noise(seed: string): number {
  let h = 2166136261;
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return ((h >>> 0) % 1000) / 1000;
}

function figures(conversations: number, seed: string): Figures {
  const handoffs = Math.round(conversations * (0.08 + noise(`${seed}h`) * 0.06));
  const contained = Math.round(conversations * (0.72 + noise(`${seed}c`) * 0.12));
  const turns = Math.round(conversations * (3.2 + noise(`${seed}t`)));
  const csat = Math.round(conversations * 0.18);
  return {
    conversations,
    turns,
    containment_rate: conversations ? contained / conversations : null,
    handoff_rate: conversations ? handoffs / conversations : null,
    handoffs_by_reason: {
      customer_request: Math.round(handoffs * 0.5),
      repeated_misunderstanding: Math.round(handoffs * 0.25),
      complaint: Math.round(handoffs * 0.15),
      fraud: handoffs - Math.round(handoffs * 0.5) - Math.round(handoffs * 0.25) - Math.round(handoffs * 0.15),
    },
    csat_average: csat ? 4 + noise(`${seed}s`) * 0.6 : null,
    csat_responses: csat,
    fallback_rate: turns ? 0.05 + noise(`${seed}f`) * 0.05 : null,
    provisional: 0,
  };
}

function sum(all: Figures[], seed: string): Figures {
  const conversations = all.reduce((n, f) => n + f.conversations, 0);
  const result = figures(conversations, seed);
  result.turns = all.reduce((n, f) => n + f.turns, 0);
  return result;
}

export function fakeStats(from: Date, to: Date, channel?: string, language?: 'zh' | 'en'): Stats {
  const share = (channel ? 0.4 : 1) * (language === 'en' ? 0.3 : language === 'zh' ? 0.7 : 1);
  const daily: Stats['daily'] = [];
  for (let at = from.getTime(); at < to.getTime() && daily.length < 366; at += DAY_MS) {
    const date = new Date(at).toISOString().slice(0, 10);
    daily.push({ date, ...figures(Math.round((90 + noise(date) * 70) * share), date) });
  }
  const total = sum(daily, 'total');
  total.provisional = Math.round((daily.at(-1)?.conversations ?? 0) * 0.6);
  const n = total.conversations;
  return {
    ...total,
    from: from.toISOString(),
    to: to.toISOString(),
    filter: { ...(channel ? { channel } : {}), ...(language ? { language } : {}) },
    top_intents: [
      ['payment_failed', 0.16],
      ['transfer_arrival_time', 0.12],
      ['check_balance', 0.1],
      ['fees', 0.08],
      ['forgot_password', 0.07],
      ['top_up', 0.06],
      ['bind_card', 0.05],
      ['payment_methods', 0.04],
      ['greeting', 0.04],
      ['thanks', 0.03],
    ].map(([intent, part]) => ({ intent: intent as string, count: Math.round(n * (part as number)) })),
    by_channel: channel
      ? { [channel]: total }
      : {
          webchat: figures(Math.round(n * 0.55), 'w'),
          telegram: figures(Math.round(n * 0.2), 'tg'),
          wechat: figures(Math.round(n * 0.18), 'wx'),
          botframework: figures(n - Math.round(n * 0.55) - Math.round(n * 0.2) - Math.round(n * 0.18), 'bf'),
        },
    by_language: language
      ? { [language]: total }
      : { zh: figures(Math.round(n * 0.7), 'zh'), en: figures(n - Math.round(n * 0.7), 'en') },
    outcomes: {
      resolved_confirmed: Math.round(n * 0.31),
      resolved_assumed: Math.round(n * 0.47),
      handoff: Math.round(n * 0.11),
      repeat_contact: Math.round(n * 0.05),
      unanswered: Math.round(n * 0.06),
    },
    daily,
  };
}

function knowledgeTitles(): { intent: string; titles: { 'zh-CN': string; en: string } }[] {
  const root = fileURLToPath(new URL('../../knowledge/', import.meta.url));
  const titleOf = (locale: string, file: string) =>
    /^title:\s*(.+)$/m.exec(readFileSync(`${root}${locale}/${file}`, 'utf8'))?.[1]?.trim() ?? '';
  return readdirSync(`${root}en`)
    .filter((file) => file.endsWith('.md'))
    .map((file) => ({
      intent: file.slice(0, -3),
      titles: { 'zh-CN': titleOf('zh-CN', file), en: titleOf('en', file) },
    }));
}

function initialGroups(now: number): Omit<UnansweredGroup, 'texts'>[] {
  const ago = (hours: number) => new Date(now - hours * 3600_000).toISOString();
  return [
    {
      id: 'g-bitcoin',
      count: 14,
      lastSeen: ago(1),
      language: 'zh',
      example: '你们支持用比特币付款吗',
      examples: ['你们支持用比特币付款吗', '可以用比特币充值吗', '支持加密货币吗'],
      suggestions: [
        { intent: 'payment_methods', confidence: 0.41 },
        { intent: 'top_up', confidence: 0.22 },
        { intent: 'currency_exchange', confidence: 0.12 },
      ],
      reasons: { out_of_scope: 12, low_confidence: 2 },
    },
    {
      id: 'g-logout',
      count: 6,
      lastSeen: ago(5),
      language: 'en',
      example: 'the app keeps logging me out every few minutes',
      examples: ['the app keeps logging me out every few minutes', 'why am I signed out all the time'],
      suggestions: [
        { intent: 'app_problems', confidence: 0.52 },
        { intent: 'cannot_login', confidence: 0.31 },
      ],
      reasons: { not_helpful: 4, clarification_unresolved: 2 },
    },
    {
      id: 'g-abroad',
      count: 3,
      lastSeen: ago(30),
      language: 'zh',
      example: '在国外能不能用 <b>upay</b> 扫码',
      examples: ['在国外能不能用 <b>upay</b> 扫码'],
      suggestions: [{ intent: 'qr_payment', confidence: 0.48 }],
      reasons: { handoff_after_misunderstanding: 1, low_confidence: 2 },
    },
  ];
}

function fakeConversations(now: number): ConversationDetail[] {
  const at = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
  return [
    {
      conversationId: 'webchat:9f2c41',
      channel: 'webchat',
      language: 'zh',
      turns: [
        {
          at: at(50),
          from: 'customer',
          text: '我的付款失败了但是钱被扣了',
          intent: 'payment_failed',
          confidence: 0.93,
          flow: 'payment_failed',
          flowStep: 'pick_transaction',
        },
        {
          at: at(50),
          from: 'bot',
          text: '请选择出问题的那笔交易。',
          replyId: 'flow.payment_failed.pick',
          flow: 'payment_failed',
          flowStep: 'pick_transaction',
        },
        { at: at(49), from: 'customer', text: '[按钮] T1001B', flow: 'payment_failed', flowStep: 'refund_date' },
        { at: at(49), from: 'bot', text: '这笔款项将在 3 个工作日内退回。', replyId: 'flow.payment_failed.refund' },
        { at: at(48), from: 'customer', text: '谢谢', intent: 'thanks', confidence: 0.98 },
        { at: at(48), from: 'bot', text: '不客气！', replyId: 'answer:thanks' },
      ],
    },
    {
      conversationId: 'telegram:5521',
      channel: 'telegram',
      language: 'en',
      turns: [
        { at: at(130), from: 'customer', text: 'can I pay with bitcoin', intent: 'out_of_scope', confidence: 0.44 },
        {
          at: at(130),
          from: 'bot',
          text: "Sorry, I didn't get that. You can ask about payments, transfers or your account.",
          replyId: 'fallback',
        },
        { at: at(129), from: 'customer', text: 'talk to a human', intent: 'human_agent', confidence: 0.97 },
        { at: at(129), from: 'bot', text: 'Connecting you with a support agent…', replyId: 'handoff.requested' },
      ],
    },
  ];
}

const OUTCOMES: ConversationSummary['outcome'][] = ['resolved_confirmed', 'handoff'];

function summaryOf(detail: ConversationDetail, i: number): ConversationSummary {
  const customer = detail.turns.filter((turn) => turn.from === 'customer');
  return {
    conversationId: detail.conversationId,
    channel: detail.channel,
    language: detail.language,
    startedAt: detail.turns[0]?.at ?? '',
    lastAt: detail.turns.at(-1)?.at ?? '',
    turns: customer.length,
    intents: [...new Set(customer.flatMap((turn) => (turn.intent ? [turn.intent] : [])))],
    outcome: OUTCOMES[i] ?? 'resolved_assumed',
  };
}

function fakeReport(now: number): IntentReport {
  const rows: [string, number, number, number][] = [
    ['payment_methods', 0.82, 0.71, 14],
    ['top_up', 0.9, 0.86, 21],
    ['fees', 0.95, 0.93, 18],
    ['transfer_arrival_time', 0.88, 0.92, 25],
    ['cannot_login', 0.76, 0.81, 16],
    ['forgot_password', 0.97, 0.94, 17],
    ['app_problems', 0.69, 0.64, 11],
    ['check_balance', 0.99, 0.98, 20],
    ['qr_payment', 0.85, 0.79, 12],
    ['out_of_scope', 0.74, 0.83, 30],
  ];
  return {
    modelVersion: 3,
    computedAt: new Date(now - 3600_000).toISOString(),
    accuracy: 0.874,
    tests: 184,
    intents: rows.map(([intent, precision, recall, support]) => ({
      intent,
      precision,
      recall,
      f1: (2 * precision * recall) / (precision + recall),
      support,
    })),
    confusions: [
      { expected: 'app_problems', predicted: 'cannot_login', count: 3 },
      { expected: 'payment_methods', predicted: 'top_up', count: 2 },
      { expected: 'out_of_scope', predicted: 'payment_methods', count: 2 },
    ],
    histogram: Array.from({ length: 10 }, (_, i) => ({
      from: i / 10,
      to: (i + 1) / 10,
      correct: Math.round(i * i * 0.9),
      wrong: Math.max(0, 6 - Math.abs(i - 4)),
    })),
  };
}

function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

function cookieOf(req: Request): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === COOKIE) return value;
  }
  return undefined;
}

export function createFakeConsoleApi(options: FakeConsoleOptions = {}): { app: Express; state: FakeConsoleState } {
  const trainingMs = options.trainingMs ?? 800;
  const now = Date.now();
  const sessions = new Map<string, { name: string; role: Role; csrfToken: string }>();
  const intents = knowledgeTitles();
  const conversations = fakeConversations(now);
  const state: FakeConsoleState = {
    staff: new Map(
      Object.entries(FAKE_STAFF).map(([name, role]) => [
        name,
        { role, createdAt: new Date(now - 9 * DAY_MS).toISOString() },
      ]),
    ),
    groups: initialGroups(now),
    changes: [],
    training: { live: 0, wanted: 0, training: false, lastTrainedAt: new Date(now - 3600_000).toISOString() },
    posts: [],
  };

  function retrain(): void {
    state.training.wanted += 1;
    state.training.training = true;
    setTimeout(() => {
      state.training.live = state.training.wanted;
      state.training.training = false;
      state.training.lastTrainedAt = new Date().toISOString();
    }, trainingMs).unref();
  }

  function who(req: Request, res: Response) {
    const token = cookieOf(req);
    const session = token ? sessions.get(token) : undefined;
    if (!session) fail(res, 401, 'unauthorized', 'sign in first');
    return session;
  }

  /** Session, then CSRF on POST/DELETE, then the role. */
  function allow(needed: Role) {
    return (req: Request, res: Response, next: NextFunction) => {
      const session = who(req, res);
      if (!session) return;
      if (req.method !== 'GET' && req.get('x-csrf-token') !== session.csrfToken)
        return fail(res, 403, 'csrf', 'missing or wrong X-CSRF-Token header');
      if (ROLES.indexOf(session.role) < ROLES.indexOf(needed))
        return fail(res, 403, 'forbidden', `needs the ${needed} role`);
      if (req.method !== 'GET') state.posts.push({ path: req.path, body: req.body, csrf: req.get('x-csrf-token') });
      res.locals.session = session;
      next();
    };
  }

  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());
  const api = express.Router();
  api.use(express.json({ limit: '32kb' }));
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  api.post('/login', (req, res) => {
    const { name, password } = (req.body ?? {}) as { name?: unknown; password?: unknown };
    const account = typeof name === 'string' ? state.staff.get(name) : undefined;
    if (!account || password !== FAKE_PASSWORD) return fail(res, 401, 'bad_credentials', 'wrong name or password');
    const token = randomBytes(16).toString('hex');
    const session = { name: name as string, role: account.role, csrfToken: randomBytes(16).toString('hex') };
    sessions.set(token, session);
    res.setHeader('Set-Cookie', `${COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=28800`);
    res.json(session);
  });
  api.post('/logout', allow('viewer'), (req, res) => {
    sessions.delete(cookieOf(req) ?? '');
    res.setHeader('Set-Cookie', `${COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
    res.status(204).end();
  });
  api.get('/me', allow('viewer'), (_req, res) => {
    res.json(res.locals.session);
  });
  api.get('/stats', allow('viewer'), (req, res) => {
    const to = req.query.to ? new Date(String(req.query.to)) : new Date();
    const from = req.query.from ? new Date(String(req.query.from)) : new Date(to.getTime() - 7 * DAY_MS);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to <= from)
      return fail(res, 400, 'invalid_request', 'from and to must be ISO times, from before to');
    const language = req.query.language === 'zh' || req.query.language === 'en' ? req.query.language : undefined;
    res.json(fakeStats(from, to, req.query.channel ? String(req.query.channel) : undefined, language));
  });
  api.get('/unanswered', allow('viewer'), (req, res) => {
    const language = req.query.language;
    res.json({ items: state.groups.filter((g) => !language || g.language === language) });
  });
  api.get('/intents', allow('viewer'), (_req, res) => {
    res.json({ items: intents });
  });
  for (const action of ['assign', 'dismiss'] as const) {
    api.post(`/unanswered/:id/${action}`, allow('editor'), (req, res) => {
      const group = state.groups.find((g) => g.id === req.params.id);
      if (!group) return fail(res, 404, 'not_found', 'no such group');
      const body = (req.body ?? {}) as { intent?: string; locale?: 'zh-CN' | 'en' };
      if (action === 'assign' && !intents.some((i) => i.intent === body.intent))
        return fail(res, 400, 'invalid_change', `intent: unknown intent ${String(body.intent)}`);
      const base = {
        id: `c${state.changes.length + 1}`,
        by: res.locals.session.name as string,
        at: new Date().toISOString(),
        locale: body.locale ?? (group.language === 'zh' ? 'zh-CN' : 'en'),
        groupId: group.id,
        texts: group.examples,
      };
      const change: TeachChange =
        action === 'assign' ? { ...base, kind: 'assign', intent: body.intent ?? '' } : { ...base, kind: 'dismiss' };
      state.changes.unshift(change);
      state.groups = state.groups.filter((g) => g !== group);
      retrain();
      res.status(201).json({ change });
    });
  }
  api.post('/intents', allow('editor'), (req, res) => {
    const body = (req.body ?? {}) as {
      intent?: string;
      entries?: { locale: 'zh-CN' | 'en'; title: string; answer: string; examples: string[] }[];
    };
    if (!body.intent || !/^[a-z][a-z0-9_]{0,63}$/.test(body.intent))
      return fail(res, 400, 'invalid_change', 'intent: must be lower case letters, digits and _');
    if (intents.some((i) => i.intent === body.intent))
      return fail(res, 400, 'invalid_change', `intent: ${body.intent} already exists`);
    const entries = body.entries ?? [];
    for (const [i, entry] of entries.entries()) {
      if (!entry.title) return fail(res, 400, 'invalid_change', `entries[${i}].title: must not be empty`);
      if (entry.examples.length < 3)
        return fail(res, 400, 'invalid_change', `entries[${i}].examples: needs at least 3 examples (${entry.locale})`);
    }
    const change: TeachChange = {
      id: `c${state.changes.length + 1}`,
      kind: 'new_intent',
      by: res.locals.session.name as string,
      at: new Date().toISOString(),
      intent: body.intent,
      entries,
    };
    intents.push({
      intent: body.intent,
      titles: {
        'zh-CN': entries.find((e) => e.locale === 'zh-CN')?.title ?? '',
        en: entries.find((e) => e.locale === 'en')?.title ?? '',
      },
    });
    state.changes.unshift(change);
    retrain();
    res.status(201).json({ change });
  });
  api.get('/changes', allow('viewer'), (_req, res) => {
    res.json({ items: state.changes });
  });
  api.post('/changes/:id/undo', allow('editor'), (req, res) => {
    const change = state.changes.find((c) => c.id === req.params.id);
    if (!change) return fail(res, 404, 'not_found', 'no such change');
    change.undone = { by: res.locals.session.name as string, at: new Date().toISOString() };
    retrain();
    res.json({ change });
  });
  api.get('/training', allow('viewer'), (_req, res) => {
    res.json(state.training);
  });
  api.get('/conversations', allow('viewer'), (req, res) => {
    const items = conversations.map(summaryOf).filter((s) => {
      const q = req.query;
      return (
        (!q.channel || s.channel === q.channel) &&
        (!q.language || s.language === q.language) &&
        (!q.intent || s.intents.includes(String(q.intent))) &&
        (!q.outcome || s.outcome === q.outcome)
      );
    });
    res.json({ items });
  });
  api.get('/conversations/:id', allow('viewer'), (req, res) => {
    const found = conversations.find((c) => c.conversationId === req.params.id);
    if (!found) return fail(res, 404, 'not_found', 'no such conversation');
    res.json(found);
  });
  api.get('/intent-report', allow('viewer'), (_req, res) => {
    res.json(fakeReport(now));
  });
  api.get('/staff', allow('admin'), (_req, res) => {
    res.json({ items: [...state.staff].map(([name, account]) => ({ name, ...account })) });
  });
  api.post('/staff', allow('admin'), (req, res) => {
    const { name, role, password } = (req.body ?? {}) as { name?: string; role?: Role; password?: string };
    if (!name || !/^[a-z0-9._-]{1,64}$/.test(name))
      return fail(res, 400, 'invalid_name', 'name: 1–64 of a-z, 0-9, . _ -');
    if (!role || !ROLES.includes(role)) return fail(res, 400, 'invalid_role', 'role: admin, editor or viewer');
    if (!password || password.length < 12)
      return fail(res, 400, 'weak_password', 'the password must have at least 12 characters');
    if (state.staff.has(name)) return fail(res, 409, 'exists', `${name} already exists`);
    state.staff.set(name, { role, createdAt: new Date().toISOString() });
    res.status(201).json({ name, role });
  });
  api.delete('/staff/:name', allow('admin'), (req, res) => {
    if (!state.staff.delete(String(req.params.name))) return fail(res, 404, 'not_found', 'no such account');
    res.status(204).end();
  });
  api.use((req, res) => fail(res, 404, 'not_found', `no such endpoint: ${req.method} ${req.path}`));

  app.use('/api/console', async (req, res, next) => {
    if (options.isOn && !(await options.isOn())) return fail(res, 404, 'not_found', 'no such endpoint');
    api(req, res, next);
  });
  const pages = express.Router();
  mountConsolePage(pages, options.isOn ? { isOn: options.isOn } : {});
  app.use(pages);
  app.use((req, res) => fail(res, 404, 'not_found', `no such page: ${req.path}`));
  return { app, state };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { app } = createFakeConsoleApi();
  const server = app.listen(Number(process.env.PORT ?? 8788), '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    console.log(`fake console: http://127.0.0.1:${port}/console/ (ada/eve/vic, password ${FAKE_PASSWORD})`);
  });
}
