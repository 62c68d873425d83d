import type { Reply, ReplySink } from '../../../bot/core/messages.ts';
import type { EngineMetrics } from '../../../bot/engine/types.ts';
import type { HandoffCase, HandoffDesk, HandoffStatus } from '../../../bot/handoff/types.ts';
import type { HandoffReason } from '../../../bot/core/turn.ts';

/** A desk, a reply sink and engine metrics that only record what they are given. */

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
