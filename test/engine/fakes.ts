/**
 * Small fakes for engine unit tests: a keyword NLU, an in-memory knowledge base, an in-memory
 * wallet with call counters and fault injection, a few tiny flows, a recording desk and sink.
 */
import type { IncomingEvent, Reply, ReplySink } from '../../bot/core/messages.ts';
import { createEngine, type AssistantEngine, type CreateEngineDeps } from '../../bot/engine.ts';
import type { EngineMetrics } from '../../bot/engine/types.ts';
import type { FlowId } from '../../bot/core/domain-ids.ts';
import type { Flow, FlowStateBase } from '../../bot/flows/types.ts';
import type { HandoffCase, HandoffDesk, HandoffStatus } from '../../bot/handoff/types.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import type { Store } from '../../bot/store/types.ts';
import type { HandoffReason } from '../../bot/core/turn.ts';
import { WalletError, type Customer, type OtpChallenge, type OtpCheck, type WalletApi } from '../../bot/wallet/types.ts';
import { extractEntities } from '../../intents/entities.ts';
import type { ContactInfo, KnowledgeBase, KnowledgeEntry } from '../../bot/core/knowledge.ts';
import { CORE_INTENT_IDS, type IntentId, type Locale, type Nlu, type NluResult } from '../../intents/types.ts';

// ---------- NLU ----------

const KEYWORDS: [IntentId, RegExp][] = [
  ['human_agent', /human|agent|人工|真人/iu],
  ['account_frozen', /frozen|freeze|冻结/iu],
  ['payment_failed', /payment failed|付款失败|支付失败/iu],
  ['unrecognized_transaction', /don't recognise|not me|不是我/iu],
  ['forgot_password', /forgot.*password|忘记密码/iu],
  ['check_balance', /balance|余额/iu],
  ['fees', /fee|手续费/iu],
  ['security', /safe|secure|安全/iu],
  ['greeting', /^(hi|hello|你好)/iu],
  ['thanks', /thank|谢谢/iu],
  ['goodbye', /bye|再见/iu],
];

/** Keyword NLU: "both A and B" style messages containing "fee" and "balance" are ambiguous. */
export function createKeywordNlu(): Nlu {
  return {
    intents: CORE_INTENT_IDS,
    parse(text: string, opts?: { now?: Date }): NluResult {
      const language = /[\u3400-\u9fff]/u.test(text) ? 'zh' : 'en';
      const hits = KEYWORDS.filter(([, re]) => re.test(text)).map(([id]) => id);
      const entities = extractEntities(text, opts?.now ? { now: opts.now } : {});
      if (hits.length === 0) {
        return {
          text,
          language,
          intent: { name: 'out_of_scope', confidence: 0.9 },
          intent_ranking: [{ name: 'out_of_scope', confidence: 0.9 }],
          entities,
          ambiguous: false,
        };
      }
      const ambiguous = hits.length >= 2 && !hits.includes('human_agent');
      const ranking = hits.map((name, i) => ({ name, confidence: ambiguous ? 0.45 - i * 0.01 : i === 0 ? 0.95 : 0.03 }));
      return { text, language, intent: ranking[0]!, intent_ranking: ranking, entities, ambiguous };
    },
  };
}

// ---------- knowledge ----------

export const CONTACT: ContactInfo = {
  sample: true,
  hotline: '400-000-0000',
  email: 'help@upay.example',
  hours: { 'zh-CN': '每天 9:00-21:00', en: 'daily 9:00-21:00' },
  social: { 'zh-CN': '微信公众号 upay', en: 'WeChat upay' },
  emailReplyHours: 24,
};

const FLOW_OF: Partial<Record<IntentId, FlowId>> = {
  forgot_password: 'forgot_password',
  account_frozen: 'account_frozen',
  payment_failed: 'payment_failed',
  unrecognized_transaction: 'unrecognized_transaction',
  check_balance: 'check_balance',
};

export function createFakeKnowledge(): KnowledgeBase {
  const entries: KnowledgeEntry[] = [];
  for (const locale of ['zh-CN', 'en'] as Locale[]) {
    for (const id of CORE_INTENT_IDS) {
      const entry: KnowledgeEntry = {
        id,
        locale,
        title: `${locale === 'en' ? 'EN' : 'ZH'} title ${id}`,
        examples: [],
        tests: [],
        answer: `${locale === 'en' ? 'EN' : 'ZH'} answer ${id}`,
        file: `${locale}/${id}.md`,
      };
      const flow = FLOW_OF[id];
      if (flow) entry.flow = flow;
      if (id === 'human_agent') entry.handoff = { mode: 'immediate' };
      if (id === 'security') entry.handoff = { mode: 'offer' };
      entries.push(entry);
    }
  }
  return {
    dir: '/fake',
    locales: ['zh-CN', 'en'],
    contact: CONTACT,
    values: { 'zh-CN': new Map(), en: new Map() },
    intents: CORE_INTENT_IDS,
    entries: (locale) => entries.filter((e) => !locale || e.locale === locale),
    get: (intent, locale) => entries.find((e) => e.id === intent && e.locale === locale),
  };
}

// ---------- wallet ----------

export interface FakeWallet extends WalletApi {
  calls: Record<string, number>;
  /** Idempotency keys seen per write operation (also of calls that failed). */
  keys: Record<string, string[]>;
  unfreezes: number;
  /** The next call to any method throws this error. */
  failNext(error: WalletError, count?: number): void;
  otpCode: string;
  expireChallenges(): void;
}

export function createFakeWallet(now: () => Date = () => new Date()): FakeWallet {
  const customers: Record<string, Customer & { phone: string; email: string }> = {
    C1: { customerId: 'C1', name: 'Li Wei', status: 'frozen', selfServiceUnfreeze: true, currency: 'CNY', phone: '+8613800001001', email: 'li@example.com', maskedPhone: '138****1001' },
  };
  const challenges = new Map<string, { customerId: string; attempts: number; expired: boolean }>();
  const doneKeys = new Map<string, unknown>();
  let failures: { error: WalletError; count: number } | undefined;
  const wallet: FakeWallet = {
    calls: {},
    keys: {},
    unfreezes: 0,
    otpCode: '123456',
    failNext(error, count = 1) {
      failures = { error, count };
    },
    expireChallenges() {
      for (const c of challenges.values()) c.expired = true;
    },
    async findCustomer(q) {
      count('findCustomer');
      const c = Object.values(customers).find((x) => (q.phone && x.phone === q.phone) || (q.email && x.email === q.email));
      return c ? { customerId: c.customerId, maskedPhone: '138****1001' } : null;
    },
    async getCustomer(id) {
      count('getCustomer');
      const c = customers[id];
      if (!c) throw new WalletError('not_found', 'no customer');
      return { ...c };
    },
    async sendOtp(customerId, opts) {
      count('sendOtp', opts.idempotencyKey);
      const challengeId = `ch${challenges.size + 1}`;
      challenges.set(challengeId, { customerId, attempts: 0, expired: false });
      return challenge(challengeId, opts.channel);
    },
    async resendOtp(challengeId, opts) {
      count('resendOtp', opts.idempotencyKey);
      const c = challenges.get(challengeId);
      if (!c) throw new WalletError('not_found', 'no challenge');
      c.expired = false;
      c.attempts = 0;
      return challenge(challengeId, 'sms');
    },
    async checkOtp(challengeId, code): Promise<OtpCheck> {
      count('checkOtp');
      const c = challenges.get(challengeId);
      if (!c) throw new WalletError('not_found', 'no challenge');
      if (c.attempts >= 5) return { ok: false, reason: 'too_many_attempts', attemptsLeft: 0 };
      if (c.expired) return { ok: false, reason: 'expired', attemptsLeft: 5 - c.attempts };
      if (code === wallet.otpCode) return { ok: true, customerId: c.customerId };
      c.attempts += 1;
      const left = 5 - c.attempts;
      return { ok: false, reason: left === 0 ? 'too_many_attempts' : 'wrong_code', attemptsLeft: left };
    },
    async sendPasswordResetLink(_id, opts) {
      count('sendPasswordResetLink', opts.idempotencyKey);
      return { sentTo: '138****1001', channel: 'sms' };
    },
    async unfreeze(id, opts) {
      count('unfreeze', opts.idempotencyKey);
      if (!doneKeys.has(opts.idempotencyKey)) {
        wallet.unfreezes += 1;
        doneKeys.set(opts.idempotencyKey, true);
      }
      const c = customers[id];
      if (!c) throw new WalletError('not_found', 'no customer');
      c.status = 'active';
      return { ...c };
    },
    async getBalance() {
      count('getBalance');
      return { amount: '1280.50', currency: 'CNY', asOf: new Date(0).toISOString() };
    },
    async listTransactions() {
      count('listTransactions');
      return { items: [] };
    },
    async getTransaction() {
      count('getTransaction');
      throw new WalletError('not_found', 'no tx');
    },
    async lockAccount(id, opts) {
      count('lockAccount', opts.idempotencyKey);
      const c = customers[id];
      if (!c) throw new WalletError('not_found', 'no customer');
      return { ...c, status: 'locked' };
    },
    async openDispute(_id, transactionId, opts) {
      count('openDispute', opts.idempotencyKey);
      return { disputeId: 'D1', transactionId, status: 'open' };
    },
    async ping() {
      count('ping');
    },
  };
  function count(op: string, key?: string): void {
    if (key) (wallet.keys[op] ??= []).push(key);
    if (failures && failures.count > 0) {
      failures.count -= 1;
      const error = failures.error;
      if (failures.count === 0) failures = undefined;
      throw error;
    }
    wallet.calls[op] = (wallet.calls[op] ?? 0) + 1;
  }
  function challenge(challengeId: string, channel: 'sms' | 'email'): OtpChallenge {
    return { challengeId, channel, sentTo: '138****1001', expiresAt: new Date(now().getTime() + 300_000).toISOString(), resendsLeft: 3 };
  }
  return wallet;
}

// ---------- flows ----------

interface UnfreezeState extends FlowStateBase {
  v: 1;
  step: 'confirm' | 'unfreezing';
  key?: string;
}

/** account_frozen: asks to confirm, then unfreezes once (idempotency key checkpointed first). */
export const fakeUnfreezeFlow: Flow<UnfreezeState> = {
  id: 'account_frozen',
  version: 1,
  requiresVerification: true,
  async start(ctx) {
    return {
      state: { v: 1, step: 'confirm' },
      replies: [{ text: ctx.language === 'en' ? 'Unfreeze now?' : '现在解冻吗？', buttons: [{ label: 'Yes', value: 'yes' }, { label: 'No', value: 'no' }] }],
    };
  },
  async step(state, input, ctx) {
    const yes = input.kind === 'action' ? input.value === 'yes' : /yes|是|好/iu.test(input.text);
    if (!yes) return { state, replies: [{ text: 'OK, not unfrozen.' }], done: true, outcome: 'declined' };
    const key = state.key ?? ctx.newIdempotencyKey();
    const next: UnfreezeState = { v: 1, step: 'unfreezing', key };
    await ctx.checkpoint(next);
    await ctx.wallet.unfreeze(ctx.customerId, { idempotencyKey: key });
    return { state: next, replies: [{ text: ctx.language === 'en' ? 'Your account is active again.' : '账户已解冻。' }], done: true, outcome: 'unfrozen' };
  },
};

interface AskState extends FlowStateBase {
  v: 2;
  step: 'ask';
}

/** payment_failed: asks which transaction, then answers; `slowMs` makes a step slow (lock tests). */
export function fakePaymentFlow(opts: { slowMs?: number; log?: string[] } = {}): Flow<AskState> {
  return {
    id: 'payment_failed',
    version: 2,
    requiresVerification: false,
    async start(ctx) {
      return { state: { v: 2, step: 'ask' }, replies: [{ text: ctx.language === 'en' ? 'Which transaction?' : '是哪一笔交易？' }] };
    },
    async step(state, input) {
      opts.log?.push(`begin:${input.kind === 'text' ? input.text : input.value}`);
      if (opts.slowMs) await new Promise((r) => setTimeout(r, opts.slowMs));
      opts.log?.push(`end:${input.kind === 'text' ? input.text : input.value}`);
      if (input.kind === 'text' && input.text === 'boom') throw new Error('flow exploded with secret text');
      return { state, replies: [{ text: `Looked at ${input.kind === 'text' ? input.text : input.value}` }], done: true, outcome: 'explained' };
    },
  };
}

/** unrecognized_transaction: hands off as fraud right away. */
export const fakeFraudFlow: Flow = {
  id: 'unrecognized_transaction',
  version: 1,
  requiresVerification: false,
  async start() {
    return {
      state: { v: 1, step: 'done' },
      replies: [{ text: 'We locked your account.' }],
      done: true,
      outcome: 'locked',
      handoff: { reason: 'fraud', urgent: true, linkedTransactions: ['T1'], riskFlags: ['fraud_suspected'], note: 'locked' },
    };
  },
  async step(state) {
    return { state, replies: [] };
  },
};

/** check_balance: needs verification, shows the balance. */
export const fakeBalanceFlow: Flow = {
  id: 'check_balance',
  version: 1,
  requiresVerification: true,
  async start(ctx) {
    const b = await ctx.wallet.getBalance(ctx.customerId);
    return { state: { v: 1, step: 'done' }, replies: [{ text: `Balance ${b.amount}` }], done: true, outcome: 'shown' };
  },
  async step(state) {
    return { state, replies: [] };
  },
};

// ---------- desk, sink, metrics ----------

export interface FakeDesk extends HandoffDesk {
  opened: HandoffCase[];
  relayed: { caseId: string; text: string }[];
  closed: { caseId: string; outcome: string }[];
}

export function createFakeDesk(status: Partial<HandoffStatus> = {}): FakeDesk {
  const desk: FakeDesk = {
    opened: [],
    relayed: [],
    closed: [],
    async open(c) {
      desk.opened.push(c);
      return { caseId: c.caseId, state: 'queued', queuePosition: 2, expectedWaitMinutes: 5, ...status };
    },
    async relayCustomerMessage(caseId, text) {
      desk.relayed.push({ caseId, text });
    },
    async close(caseId, outcome) {
      desk.closed.push({ caseId, outcome });
    },
  };
  return desk;
}

export interface FakeSink extends ReplySink {
  sent: { conversationId: string; replies: Reply[] }[];
}

export function createFakeSink(): FakeSink {
  const sink: FakeSink = {
    sent: [],
    async send(conversationId, replies) {
      sink.sent.push({ conversationId, replies });
    },
  };
  return sink;
}

export interface FakeMetrics extends EngineMetrics {
  handoffs: HandoffReason[];
  outcomes: string[];
  walletErrors: string[];
  turns: number;
}

export function createFakeMetrics(): FakeMetrics {
  const m: FakeMetrics = {
    handoffs: [],
    outcomes: [],
    walletErrors: [],
    turns: 0,
    turn: () => {
      m.turns += 1;
    },
    nluConfidence: () => undefined,
    flowOutcome: (flow, outcome) => m.outcomes.push(`${flow}:${outcome}`),
    handoff: (reason) => m.handoffs.push(reason),
    turnLatency: () => undefined,
    walletError: (code) => m.walletErrors.push(code),
  };
  return m;
}

// ---------- harness ----------

export interface Harness {
  engine: AssistantEngine;
  store: Store;
  wallet: FakeWallet;
  desk: FakeDesk;
  sink: FakeSink;
  metrics: FakeMetrics;
  clock: { now: Date; advance(ms: number): void };
  /** Sends a text (or other input) and returns the turn result; event ids are sequential. */
  say(text: string, extra?: Partial<IncomingEvent>): ReturnType<AssistantEngine['handle']>;
  press(value: string, extra?: Partial<IncomingEvent>): ReturnType<AssistantEngine['handle']>;
  send(input: IncomingEvent['input'], extra?: Partial<IncomingEvent>): ReturnType<AssistantEngine['handle']>;
  lastEventId(): string;
}

export function createHarness(
  opts: {
    channel?: IncomingEvent['channel'];
    conversationId?: string;
    customerId?: string;
    withDesk?: boolean;
    flows?: Partial<Record<FlowId, Flow>>;
    store?: Store;
    wallet?: FakeWallet;
    overrides?: Partial<CreateEngineDeps>;
  } = {},
): Harness {
  const clock = {
    now: new Date('2026-11-25T10:00:00Z'),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  const store = opts.store ?? createMemoryStore();
  const wallet = opts.wallet ?? createFakeWallet(() => clock.now);
  const desk = createFakeDesk();
  const sink = createFakeSink();
  const metrics = createFakeMetrics();
  let n = 0;
  const engine = createEngine({
    store,
    nlu: createKeywordNlu(),
    knowledge: createFakeKnowledge(),
    wallet,
    flows: opts.flows ?? {
      account_frozen: fakeUnfreezeFlow as unknown as Flow,
      payment_failed: fakePaymentFlow() as unknown as Flow,
      unrecognized_transaction: fakeFraudFlow,
      check_balance: fakeBalanceFlow,
    },
    logger: silentLogger,
    sink,
    metrics,
    now: () => clock.now,
    ...(opts.withDesk ? { desk } : {}),
    ...opts.overrides,
  });
  const channel = opts.channel ?? 'telegram';
  const conversationId = opts.conversationId ?? `${channel}:42`;
  const send = (input: IncomingEvent['input'], extra: Partial<IncomingEvent> = {}) => {
    n += 1;
    return engine.handle({
      eventId: `e${n}`,
      channel,
      conversationId,
      user: { id: 'u42' },
      input,
      ...(opts.customerId ? { verifiedCustomerId: opts.customerId } : {}),
      ...extra,
    });
  };
  return {
    engine,
    store,
    wallet,
    desk,
    sink,
    metrics,
    clock,
    send,
    say: (text, extra) => send({ kind: 'text', text }, extra),
    press: (value, extra) => send({ kind: 'action', value }, extra),
    lastEventId: () => `e${n}`,
  };
}

export function allText(result: { replies: Reply[] }): string {
  return result.replies.map((r) => r.text).join('\n');
}
