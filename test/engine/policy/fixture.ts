/**
 * A turn on a fresh conversation for testing one policy link at a time: the engine's fakes (keyword NLU, fake
 * knowledge with `EN answer <intent>` texts, fake wallet and flows, recording desk and metrics), no store round trip.
 */
import type { IncomingEvent, Reply } from '../../../bot/core/messages.ts';
import type { Turn } from '../../../bot/engine/context.ts';
import { newConversation, type Conversation } from '../../../bot/engine/conversation.ts';
import type { ButtonMessage, IntentMessage, TextMessage } from '../../../bot/engine/policy/link.ts';
import { DEFAULT_ENGINE_OPTIONS, type EngineDeps } from '../../../bot/engine/types.ts';
import type { FlowId } from '../../../bot/core/domain-ids.ts';
import type { Flow } from '../../../bot/flows/types.ts';
import { silentLogger } from '../../../bot/logger.ts';
import { createMemoryStore } from '../../../bot/store/memory.ts';
import type { KnowledgeEntry } from '../../../bot/core/knowledge.ts';
import type { NluResult } from '../../../intents/types.ts';
import {
  createFakeDesk,
  createFakeKnowledge,
  createFakeMetrics,
  createFakeWallet,
  createKeywordNlu,
  fakeBalanceFlow,
  fakeFraudFlow,
  fakePaymentFlow,
  fakeUnfreezeFlow,
  type FakeDesk,
  type FakeMetrics,
  type FakeWallet,
} from '../fakes.ts';

export const AT = new Date('2026-11-25T10:00:00Z');

/** The engine fakes' flows: unfreeze and balance need verification, payment and fraud do not. */
function fakeFlows(): Flow[] {
  return [fakeUnfreezeFlow, fakePaymentFlow(), fakeFraudFlow, fakeBalanceFlow] as unknown as Flow[];
}

export interface TestTurn extends Turn {
  desk: FakeDesk;
  metrics: FakeMetrics;
  wallet: FakeWallet;
}

export function makeTurn(
  opts: {
    conv?: Partial<Conversation>;
    flows?: Partial<Record<FlowId, Flow>>;
    withDesk?: boolean;
    event?: Partial<IncomingEvent>;
    articleAnswer?: EngineDeps['articleAnswer'];
  } = {},
): TestTurn {
  const desk = createFakeDesk();
  const metrics = createFakeMetrics();
  const wallet = createFakeWallet(() => AT);
  const conv: Conversation = { ...newConversation('telegram:policy', 'telegram', 'en', AT), ...opts.conv };
  const event: IncomingEvent = {
    eventId: 'e1',
    channel: 'telegram',
    conversationId: conv.conversationId,
    user: { id: 'u1' },
    input: { kind: 'text', text: '' },
    ...opts.event,
  };
  const turn: Turn = {
    deps: {
      store: createMemoryStore(),
      nlu: createKeywordNlu(),
      knowledge: createFakeKnowledge(),
      wallet,
      flows: opts.flows ?? Object.fromEntries(fakeFlows().map((f) => [f.id, f])),
      logger: silentLogger,
      metrics,
      now: () => AT,
      newId: () => 'id1',
      options: DEFAULT_ENGINE_OPTIONS,
      redact: (t) => t,
      ...(opts.withDesk ? { desk } : {}),
      ...(opts.articleAnswer ? { articleAnswer: opts.articleAnswer } : {}),
    },
    event,
    conv,
    at: AT,
    replies: [],
    intent: null,
  };
  return Object.assign(turn, { desk, metrics, wallet });
}

/** A typed message as turn.ts hands it to the chain; the NLU reading from the keyword NLU unless given. */
export function typed(raw: string, nlu: Partial<NluResult> = {}, extra: Partial<TextMessage> = {}): TextMessage {
  const read = { ...createKeywordNlu().parse(raw, { now: AT }), ...nlu };
  return { raw, nlu: read, storedText: raw, flowText: raw, sensitive: false, ...extra };
}

/** An NLU reading of one intent at a confidence (not ambiguous). */
export function reading(intent: string, confidence: number, ambiguous = false): Partial<NluResult> {
  return { intent: { name: intent, confidence }, intent_ranking: [{ name: intent, confidence }], ambiguous };
}

export const button = (value: string): ButtonMessage => ({ value });
export const topic = (intent: string, text?: string): IntentMessage => ({
  intent,
  ...(text !== undefined ? { text } : {}),
  entities: [],
});

export function texts(turn: { replies: Reply[] }): string[] {
  return turn.replies.map((r) => r.text);
}

/** The replies' message ids (`Reply.id`), null for a reply without one. */
export function ids(turn: { replies: Reply[] }): (string | null)[] {
  return turn.replies.map((r) => r.id ?? null);
}

/** A flow slot for the fake payment flow (no verification) or the unfreeze flow (needs verification). */
export function slot(
  id: 'payment_failed' | 'account_frozen',
  lastPrompt: Reply[] = [{ text: 'Which transaction?' }],
): Conversation['flow'] {
  return {
    id,
    state: { v: id === 'payment_failed' ? 2 : 1, step: id === 'payment_failed' ? 'ask' : 'confirm' },
    startedAt: AT.toISOString(),
    lastPrompt,
  };
}

export const verifiedIdentity = (): Conversation['identity'] => ({
  verified: true,
  customerId: 'C1',
  via: 'otp',
  expiresAt: new Date(AT.getTime() + 600_000).toISOString(),
});

/** Adds a topic to the turn's knowledge (both locales, made like the fake `fees` entries), e.g. a complaint. */
export function addTopic(turn: Turn, id: string, patch: Partial<KnowledgeEntry> = {}): void {
  const kb = turn.deps.knowledge;
  const rename = (text: string) => text.replace('fees', id);
  const added = kb
    .entries()
    .filter((e) => e.id === 'fees')
    .map((e) => ({ ...e, id, title: rename(e.title), answer: rename(e.answer), file: rename(e.file), ...patch }));
  turn.deps.knowledge = {
    ...kb,
    intents: [...kb.intents, id],
    entries: (locale) => [...kb.entries(locale), ...added.filter((e) => !locale || e.locale === locale)],
    get: (intent, locale) => kb.get(intent, locale) ?? added.find((e) => e.id === intent && e.locale === locale),
  };
}
