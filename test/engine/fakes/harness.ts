import type { IncomingEvent, Reply } from '../../../bot/core/messages.ts';
import { createEngine, type AssistantEngine, type CreateEngineDeps } from '../../../bot/engine.ts';
import type { FlowId } from '../../../bot/core/domain-ids.ts';
import type { Flow } from '../../../bot/flows/types.ts';
import { silentLogger } from '../../../bot/logger.ts';
import { createMemoryStore } from '../../../bot/store/memory.ts';
import type { Store } from '../../../bot/store/types.ts';
import { fakeBalanceFlow, fakeFraudFlow, fakePaymentFlow, fakeUnfreezeFlow } from './flows.ts';
import { createFakeKnowledge } from './knowledge.ts';
import { createKeywordNlu } from './keyword-nlu.ts';
import {
  createFakeDesk,
  createFakeMetrics,
  createFakeSink,
  type FakeDesk,
  type FakeMetrics,
  type FakeSink,
} from './recorders.ts';
import { createFakeWallet, type FakeWallet } from './wallet.ts';

/** The real engine over the fakes, with a settable clock and sequential event ids. */
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
  /** Sends the input again under the last event id, as a channel retrying a delivery does. */
  retry(input: IncomingEvent['input'], extra?: Partial<IncomingEvent>): ReturnType<AssistantEngine['handle']>;
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
  const handle = (input: IncomingEvent['input'], extra: Partial<IncomingEvent> = {}) =>
    engine.handle({
      eventId: `e${n}`,
      channel,
      conversationId,
      user: { id: 'u42' },
      input,
      ...(opts.customerId ? { verifiedCustomerId: opts.customerId } : {}),
      ...extra,
    });
  const send = (input: IncomingEvent['input'], extra: Partial<IncomingEvent> = {}) => {
    n += 1;
    return handle(input, extra);
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
    retry: handle,
    say: (text, extra) => send({ kind: 'text', text }, extra),
    press: (value, extra) => send({ kind: 'action', value }, extra),
    lastEventId: () => `e${n}`,
  };
}

export function allText(result: { replies: Reply[] }): string {
  return result.replies.map((r) => r.text).join('\n');
}
