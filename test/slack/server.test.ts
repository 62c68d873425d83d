/**
 * The Slack desk as a server plugin on the real HTTP server: /slack/events is mounted before the
 * JSON parser (both body kinds verify over raw bytes), and ticket-offer answers reach the desk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../adapters/slack/blocks.ts';
import type { SlackHandoff } from '../../adapters/slack/index.ts';
import type { RunningServer } from '../../bot/start.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack-api.ts';
import { sampleCase } from '../handoff/harness.ts';
import { startChannelServer } from '../telegram/server-helper.ts';
import { BOT_TOKEN, SIGNING_SECRET, buttonPress, fixture, sendEvent, sendInteraction } from './helpers.ts';

let slack: FakeSlackApi;
let running: RunningServer;
let handoff: SlackHandoff | undefined;

beforeAll(async () => {
  slack = await startFakeSlackApi({ token: BOT_TOKEN, users: [{ id: 'UAGENT01', name: 'mei', display_name: 'Mei' }] });
  ({ server: running } = await startChannelServer(
    {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_HANDOFF_CHANNEL: '#support-handoff',
      SLACK_API_URL: slack.url,
      BUSINESS_HOURS: 'Daily 00:00-24:00 UTC',
      HANDOFF_TIMEOUT_MS: '1000',
    },
    { slack: { deskOptions: { followUpDelayMs: 0 }, onReady: (h) => (handoff = h) } },
  ));
}, 60_000);

afterAll(async () => {
  await running?.stop();
  await slack?.close();
});

describe('Slack plugin on the real server', () => {
  it('answers url_verification and rejects forged requests', async () => {
    const body = fixture<{ challenge: string }>('url-verification.json');
    const ok = await sendEvent(running.server as never, body);
    expect(ok.body).toEqual({ challenge: body.challenge });
    const forged = await sendEvent(running.server as never, body, { secret: 'wrong' });
    expect(forged.status).toBe(401);
  });

  it('verifies interactivity form bodies over the raw bytes on the real server', async () => {
    expect(handoff).toBeDefined();
    const c = sampleCase();
    await handoff!.desk.open(c);
    await handoff!.idle();
    const res = await sendInteraction(
      running.server as never,
      buttonPress({ actionId: ACTION_IDS.resolve, value: c.caseId, user: 'UAGENT01' }),
    );
    expect(res.status).toBe(200);
    await handoff!.idle();
    expect((await handoff!.desk.get(c.caseId))?.closedBy?.id).toBe('UAGENT01');
  });

  it('after a timeout the engine passes the customer’s answer to the ticket offer to the desk', async () => {
    const engine = running.app.engine;
    const conversationId = 'webchat:ticket-test';
    const event = (eventId: string, text: string) => ({
      eventId,
      channel: 'webchat' as const,
      conversationId,
      user: { id: 'v1', locale: 'en' },
      input: { kind: 'text' as const, text },
    });
    await engine.handle(event('t1', 'I want to talk to a human agent'));
    await handoff!.desk.sweep(new Date(Date.now() + 5000));
    await handoff!.idle();
    const result = await engine.handle(event('t2', 'wang@example.com'));
    expect(result.replies[0]?.text).toMatch(/UP-\d{8}-0001/);
  });
});
