/**
 * Only desk agents (SLACK_AGENTS, SLACK_AGENT_GROUP) may claim, talk to the customer, resolve or
 * return a case. Anyone else who can press a button in the channel is told so privately, and the
 * customer hears nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../adapters/slack/blocks.ts';
import { createSlackHandoff } from '../../adapters/slack/index.ts';
import { createLogger, silentLogger } from '../../bot/logger.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import { createFakeKnowledge, createKeywordNlu } from '../engine/fakes.ts';
import { FAKE_SLACK } from '../fakes/slack-api.ts';
import { createDeskHarness, createRecordingEngine, type DeskHarness } from '../handoff/harness.ts';
import {
  BOT_TOKEN,
  SIGNING_SECRET,
  buttonPress,
  buttonValue,
  openClaimedCase,
  openSampleCase,
  sendEvent,
  sendInteraction,
  threadReply,
} from './helpers.ts';

let h: DeskHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const openCase = openSampleCase;

async function press(harness: DeskHarness, actionId: string, value: string, user: string) {
  const res = await sendInteraction(harness.app, buttonPress({ actionId, value, user }));
  await harness.handoff.idle();
  expect(res.status).toBe(200);
}

async function reply(harness: DeskHarness, threadTs: string, user: string, text: string) {
  const res = await sendEvent(harness.app, threadReply({ threadTs, user, text }));
  await harness.handoff.idle();
  expect(res.status).toBe(200);
}

function ephemeralsTo(harness: DeskHarness, user: string) {
  return harness.slack.callsTo('chat.postEphemeral').filter((c) => c.args.user === user);
}

describe('SLACK_AGENTS', () => {
  it('a non-agent pressing Claim: the case stays queued, they get an ephemeral explanation, the customer hears nothing', async () => {
    h = await createDeskHarness({ agents: ['UAGENT01'] });
    const { c } = await openCase(h);
    await press(h, ACTION_IDS.claim, c.caseId, 'UAGENT02');
    const record = await h.handoff.desk.get(c.caseId);
    expect(record?.state).toBe('queued');
    expect(record?.claimedBy).toBeUndefined();
    expect(h.engine.calls).toEqual([]);
    expect(h.sink.sent).toEqual([]);
    const told = ephemeralsTo(h, 'UAGENT02');
    expect(told).toHaveLength(1);
    expect(told[0]!.args.channel).toBe(FAKE_SLACK.channelId);
    expect(String(told[0]!.args.text)).toMatch(/Only support agents on the desk can claim/);
    expect(String(told[0]!.args.text)).toContain('SLACK_AGENTS');

    // a listed agent still can
    await press(h, ACTION_IDS.claim, c.caseId, 'UAGENT01');
    expect((await h.handoff.desk.get(c.caseId))?.claimedBy?.id).toBe('UAGENT01');
    expect(h.engine.calls.map((x) => x.kind)).toEqual(['claimed']);
    expect(ephemeralsTo(h, 'UAGENT01')).toEqual([]);
  });

  it('a non-agent cannot resolve, return to bot or send a suggested answer', async () => {
    h = await createDeskHarness({ agents: ['UAGENT01'] });
    const { c } = await openCase(h);
    await press(h, ACTION_IDS.resolve, c.caseId, 'UAGENT02');
    await press(h, ACTION_IDS.returnToBot, c.caseId, 'UAGENT02');
    expect((await h.handoff.desk.get(c.caseId))?.state).toBe('queued');

    // a case held by someone who is no longer on the desk (claimed before they were removed)
    await h.handoff.desk.claim(c.caseId, { agentId: 'UAGENT02' });
    await h.handoff.desk.relayCustomerMessage(c.caseId, 'what is my balance');
    await h.handoff.idle();
    h.engine.calls.length = 0;
    const value = buttonValue(h.slack.callsTo('chat.postMessage').at(-1)!.args.blocks, ACTION_IDS.sendSuggestion);
    expect(value).toBeDefined();
    await press(h, ACTION_IDS.sendSuggestion, value!, 'UAGENT02');
    await press(h, ACTION_IDS.resolve, c.caseId, 'UAGENT02');
    expect(h.engine.calls).toEqual([]);
    expect((await h.handoff.desk.get(c.caseId))?.state).toBe('claimed');
    const texts = ephemeralsTo(h, 'UAGENT02').map((x) => String(x.args.text));
    expect(texts).toHaveLength(4);
    expect(texts[0]).toMatch(/can resolve/);
    expect(texts[1]).toMatch(/can return/);
    expect(texts[2]).toMatch(/can send answers/);
  });

  it('a thread reply by a non-agent is not relayed, even when they hold the case', async () => {
    h = await createDeskHarness({ agents: ['UAGENT01'] });
    const { c, ts } = await openClaimedCase(h, 'UAGENT02');
    await reply(h, ts, 'UAGENT02', 'Hello, please send me your one-time code');
    expect(h.engine.calls).toEqual([]);
    expect(h.sink.sent).toEqual([]);
    expect((await h.handoff.desk.get(c.caseId))?.state).toBe('claimed');
    const told = ephemeralsTo(h, 'UAGENT02');
    expect(told).toHaveLength(1);
    expect(told[0]!.args.thread_ts).toBe(ts);
    expect(String(told[0]!.args.text)).toMatch(/Only support agents on the desk can talk to customers/);
    // an internal note by a non-agent is just a note: nobody is told anything
    await reply(h, ts, 'UAGENT02', '// a note');
    expect(ephemeralsTo(h, 'UAGENT02')).toHaveLength(1);
  });
});

describe('SLACK_AGENT_GROUP', () => {
  it('a member of the group may claim and talk to the customer; a non-member is refused', async () => {
    h = await createDeskHarness({ agentGroup: 'S0DESK' });
    h.slack.setGroup('S0DESK', ['UAGENT01']);
    const { c, ts } = await openCase(h);
    await press(h, ACTION_IDS.claim, c.caseId, 'UAGENT02');
    expect((await h.handoff.desk.get(c.caseId))?.state).toBe('queued');
    expect(ephemeralsTo(h, 'UAGENT02').map((x) => String(x.args.text))).toEqual([expect.stringMatching(/agent group/)]);
    await press(h, ACTION_IDS.claim, c.caseId, 'UAGENT01');
    await reply(h, ts, 'UAGENT01', 'Hi, I am Mei.');
    expect(h.engine.calls.map((x) => x.kind)).toEqual(['claimed', 'agent_message']);
    const lookups = h.slack.callsTo('usergroups.users.list');
    expect(lookups.length).toBeGreaterThanOrEqual(1);
    expect(lookups[0]!.args.usergroup).toBe('S0DESK');
  });

  it('a failing usergroups.users.list refuses (fail closed), and the user is told to try again', async () => {
    h = await createDeskHarness({ agentGroup: 'S0DESK' });
    h.slack.setGroup('S0DESK', ['UAGENT01']);
    const { c } = await openCase(h);
    h.slack.failNext('usergroups.users.list', { status: 500 }, 5);
    await press(h, ACTION_IDS.claim, c.caseId, 'UAGENT01');
    expect((await h.handoff.desk.get(c.caseId))?.state).toBe('queued');
    expect(h.engine.calls).toEqual([]);
    expect(h.slack.callsTo('usergroups.users.list').length).toBeGreaterThanOrEqual(1);
    expect(String(ephemeralsTo(h, 'UAGENT01')[0]?.args.text)).toMatch(/could not check/);
  });
});

describe('the open development desk', () => {
  it('with neither SLACK_AGENTS nor SLACK_AGENT_GROUP anyone may act, with one warning at start', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', destination: { write: (s: string) => void lines.push(s) } });
    h = await createDeskHarness({ logger });
    const { c } = await openCase(h);
    await press(h, ACTION_IDS.claim, c.caseId, 'UAGENT02');
    expect((await h.handoff.desk.get(c.caseId))?.claimedBy?.id).toBe('UAGENT02');
    expect(lines.filter((l) => l.includes('desk is open'))).toHaveLength(1);
  });

  it('production refuses an open desk even when the config check was bypassed', () => {
    const recording = createRecordingEngine();
    expect(() =>
      createSlackHandoff({
        config: {
          NODE_ENV: 'production',
          SLACK_BOT_TOKEN: BOT_TOKEN,
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_HANDOFF_CHANNEL: 'C0HANDOFF',
          HANDOFF_TIMEOUT_MS: 600_000,
          BUSINESS_HOURS: 'Daily 00:00-24:00 UTC',
        },
        store: createMemoryStore(),
        logger: silentLogger,
        nlu: createKeywordNlu(),
        knowledge: createFakeKnowledge(),
        engine: recording.engine,
      }),
    ).toThrow(/SLACK_AGENTS or SLACK_AGENT_GROUP/);
  });
});
