/**
 * Every interaction must come from the desk's workspace (SLACK_TEAM_ID, else auth.test) and the
 * handoff channel; anything else is acknowledged and has no effect, not even an ephemeral.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../adapters/slack/blocks.ts';
import { createLogger } from '../../bot/logger.ts';
import { createDeskHarness, type DeskHarness } from '../handoff/harness.ts';
import { buttonPress, openClaimedCase, openSampleCase, sendEvent, sendInteraction, threadReply } from './helpers.ts';

let h: DeskHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const openCase = openSampleCase;

function nothingHappened(harness: DeskHarness) {
  expect(harness.engine.calls).toEqual([]);
  expect(harness.sink.sent).toEqual([]);
  expect(harness.slack.callsTo('chat.postEphemeral')).toEqual([]);
}

describe('team and channel of every interaction', () => {
  it.each([
    { from: 'workspace', press: { team: 'T0EVIL' } },
    { from: 'channel', press: { channel: 'C0OTHER' } },
  ])('a Claim from another $from is acknowledged and ignored', async ({ press }) => {
    h = await createDeskHarness({ agents: ['UAGENT01'] });
    const { c } = await openCase(h);
    const res = await sendInteraction(
      h.app,
      buttonPress({ actionId: ACTION_IDS.claim, value: c.caseId, user: 'UAGENT01', ...press }),
    );
    await h.handoff.idle();
    expect(res.status).toBe(200);
    expect((await h.handoff.desk.get(c.caseId))?.state).toBe('queued');
    nothingHappened(h);
  });

  it('a thread reply from another workspace or channel is not relayed', async () => {
    h = await createDeskHarness({ agents: ['UAGENT01'] });
    const { ts } = await openClaimedCase(h, 'UAGENT01');
    await sendEvent(h.app, threadReply({ threadTs: ts, user: 'UAGENT01', text: 'from elsewhere', team: 'T0EVIL' }));
    await sendEvent(h.app, threadReply({ threadTs: ts, user: 'UAGENT01', text: 'wrong channel', channel: 'C0OTHER' }));
    await h.handoff.idle();
    nothingHappened(h);
    await sendEvent(h.app, threadReply({ threadTs: ts, user: 'UAGENT01', text: 'from the desk' }));
    await h.handoff.idle();
    expect(h.engine.calls.map((x) => x.value)).toEqual(['from the desk']);
  });

  it('SLACK_TEAM_ID wins over auth.test: the fake workspace is then a foreign one', async () => {
    h = await createDeskHarness({ agents: ['UAGENT01'], teamId: 'T0DESK' });
    const { c } = await openCase(h);
    await sendInteraction(h.app, buttonPress({ actionId: ACTION_IDS.claim, value: c.caseId, user: 'UAGENT01' }));
    await h.handoff.idle();
    expect((await h.handoff.desk.get(c.caseId))?.state).toBe('queued');
    await sendInteraction(
      h.app,
      buttonPress({ actionId: ACTION_IDS.claim, value: c.caseId, user: 'UAGENT01', team: 'T0DESK' }),
    );
    await h.handoff.idle();
    expect((await h.handoff.desk.get(c.caseId))?.claimedBy?.id).toBe('UAGENT01');
  });

  it('with no SLACK_TEAM_ID and auth.test failing, interactions are refused (fail closed)', async () => {
    h = await createDeskHarness({ agents: ['UAGENT01'] });
    const { c } = await openCase(h);
    h.slack.failNext('auth.test', { status: 500 }, 10);
    await sendInteraction(h.app, buttonPress({ actionId: ACTION_IDS.claim, value: c.caseId, user: 'UAGENT01' }));
    await h.handoff.idle();
    expect((await h.handoff.desk.get(c.caseId))?.state).toBe('queued');
    nothingHappened(h);
  });

  it('logs an ignored interaction without its text', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (s: string) => void lines.push(s) } });
    h = await createDeskHarness({ agents: ['UAGENT01'], logger });
    const { ts } = await openCase(h);
    await sendEvent(
      h.app,
      threadReply({ threadTs: ts, user: 'UAGENT01', text: 'secret-ish words 13800001001', team: 'T0EVIL' }),
    );
    await h.handoff.idle();
    const ignored = lines.filter((l) => l.includes('outside the desk'));
    expect(ignored.length).toBeGreaterThanOrEqual(1);
    expect(lines.join('\n')).not.toContain('secret-ish');
    expect(lines.join('\n')).not.toContain('13800001001');
  });
});

describe('SLACK_TEAM_ID of an organisation (E…)', () => {
  it('matches the payload’s enterprise id', async () => {
    h = await createDeskHarness({ agents: ['UAGENT01'], teamId: 'E0UPAYORG' });
    const { c } = await openCase(h);
    const foreign = {
      ...buttonPress({ actionId: ACTION_IDS.claim, value: c.caseId, user: 'UAGENT01' }),
      enterprise: { id: 'E0EVIL', name: 'x' },
    };
    await sendInteraction(h.app, foreign);
    await h.handoff.idle();
    expect((await h.handoff.desk.get(c.caseId))?.state).toBe('queued');
    const ours = {
      ...buttonPress({ actionId: ACTION_IDS.claim, value: c.caseId, user: 'UAGENT01' }),
      enterprise: { id: 'E0UPAYORG', name: 'upay' },
    };
    await sendInteraction(h.app, ours);
    await h.handoff.idle();
    expect((await h.handoff.desk.get(c.caseId))?.claimedBy?.id).toBe('UAGENT01');
  });
});
