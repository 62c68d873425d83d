import type { Express } from 'express';
import {
  createSlackHandoff,
  mountSlack,
  type SlackHandoff,
  type SlackHandoffDeps,
} from '../../adapters/slack/index.ts';
import type { DeskOptions } from '../../bot/handoff/desk.ts';
import type { HandoffCallbacks, HandoffCase, HandoffDesk } from '../../bot/handoff/types.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import type { Store } from '../../bot/store/types.ts';
import { createFakeKnowledge, createFakeSink, createKeywordNlu, type FakeSink } from '../engine/fakes.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack-api.ts';
import { BOT_TOKEN, SIGNING_SECRET, slackOnlyApp } from '../slack/helpers.ts';

export const ALWAYS_OPEN = 'Daily 00:00-24:00 UTC';

export interface RecordedCallback {
  kind: 'claimed' | 'agent_message' | 'closed';
  conversationId: string;
  caseId: string;
  value: string;
}

/** Engine callbacks that only record (Slack-level tests); the end-to-end test uses the real engine. */
export function createRecordingEngine() {
  const calls: RecordedCallback[] = [];
  let desk: HandoffDesk | undefined;
  const engine: HandoffCallbacks & { attachDesk(d: HandoffDesk): void } = {
    async onClaimed(conversationId, caseId, agentName) {
      calls.push({ kind: 'claimed', conversationId, caseId, value: agentName });
    },
    async onAgentMessage(conversationId, caseId, text) {
      calls.push({ kind: 'agent_message', conversationId, caseId, value: text });
    },
    async onClosed(conversationId, caseId, outcome) {
      calls.push({ kind: 'closed', conversationId, caseId, value: outcome });
    },
    attachDesk(d) {
      desk = d;
    },
  };
  return { engine, calls, desk: () => desk };
}

export function sampleCase(overrides: Partial<HandoffCase> = {}): HandoffCase {
  const caseId = overrides.caseId ?? `case-${Math.random().toString(36).slice(2, 10)}`;
  return {
    caseId,
    conversationId: `telegram:${Math.floor(Math.random() * 1e9)}`,
    channel: 'telegram',
    language: 'en',
    reason: 'customer_request',
    urgent: false,
    customer: { verified: true, customerId: 'C1001', maskedPhone: '138****1001', maskedEmail: 'l***i@example.com' },
    intentTrail: [
      { intent: 'payment_failed', confidence: 0.82, at: '2026-11-25T10:00:00.000Z' },
      { intent: 'human_agent', confidence: 0.95, at: '2026-11-25T10:01:00.000Z' },
    ],
    flow: { id: 'payment_failed', step: 'ask_transaction' },
    riskFlags: [],
    linkedTransactions: ['T20261125001'],
    transcript: [
      { from: 'customer', text: 'my payment failed, card 4111 1111 1111 1111', at: '2026-11-25T10:00:00.000Z' },
      { from: 'bot', text: 'Which payment?', at: '2026-11-25T10:00:01.000Z' },
      { from: 'customer', text: 'I want a human <@U999> <!channel>', at: '2026-11-25T10:01:00.000Z' },
    ],
    summary: 'customer request; topic payment_failed; verified',
    openedAt: '2026-11-25T10:01:00.000Z',
    ...overrides,
  };
}

export interface DeskHarness {
  slack: FakeSlackApi;
  store: Store;
  handoff: SlackHandoff;
  app: Express;
  engine: ReturnType<typeof createRecordingEngine>;
  sink: FakeSink;
  clock: { now: Date };
  close(): Promise<void>;
}

export async function createDeskHarness(
  opts: {
    store?: Store;
    slack?: FakeSlackApi;
    businessHours?: string;
    timeoutMs?: number;
    oncallGroup?: string;
    deskOptions?: Partial<DeskOptions>;
    engine?: SlackHandoffDeps['engine'];
    now?: Date;
    /** SLACK_AGENTS; unset with no group = the open development desk. */
    agents?: string[];
    /** SLACK_AGENT_GROUP. */
    agentGroup?: string;
    /** SLACK_TEAM_ID (unset: learned from auth.test). */
    teamId?: string;
    logger?: SlackHandoffDeps['logger'];
  } = {},
): Promise<DeskHarness> {
  const slack =
    opts.slack ??
    (await startFakeSlackApi({
      token: BOT_TOKEN,
      users: [
        { id: 'UAGENT01', name: 'mei.lin', real_name: 'Lin Mei', display_name: 'Mei' },
        { id: 'UAGENT02', name: 'tom', real_name: 'Tom Chen', display_name: '' },
      ],
    }));
  const store = opts.store ?? createMemoryStore();
  const recording = createRecordingEngine();
  const sink = createFakeSink();
  const clock = { now: opts.now ?? new Date() };
  const handoff = createSlackHandoff({
    config: {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_HANDOFF_CHANNEL: '#support-handoff',
      SLACK_API_URL: slack.url,
      SLACK_ONCALL_GROUP: opts.oncallGroup ?? 'S0ONCALL',
      HANDOFF_TIMEOUT_MS: opts.timeoutMs ?? 600_000,
      BUSINESS_HOURS: opts.businessHours ?? ALWAYS_OPEN,
      HANDOFF_AVG_HANDLING_MINUTES: 4,
      ...(opts.agents ? { SLACK_AGENTS: opts.agents } : {}),
      ...(opts.agentGroup ? { SLACK_AGENT_GROUP: opts.agentGroup } : {}),
      ...(opts.teamId ? { SLACK_TEAM_ID: opts.teamId } : {}),
    },
    store,
    logger: opts.logger ?? silentLogger,
    nlu: createKeywordNlu(),
    knowledge: createFakeKnowledge(),
    engine: opts.engine ?? recording.engine,
    sink,
    now: () => clock.now,
    deskOptions: { followUpDelayMs: 0, outbox: { baseBackoffMs: 20, maxBackoffMs: 200 }, ...opts.deskOptions },
  });
  const app = slackOnlyApp((a) => mountSlack(a, handoff));
  return {
    slack,
    store,
    handoff,
    app,
    engine: recording,
    sink,
    clock,
    async close() {
      await handoff.stop();
      if (!opts.slack) await slack.close();
    },
  };
}
