import { afterEach, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../adapters/slack/blocks.ts';
import { slackToPlain } from '../../adapters/slack/plain-text.ts';
import { createDeskHarness, createRecordingEngine, sampleCase, type DeskHarness } from '../handoff/harness.ts';
import { buttonPress, sendInteraction } from './helpers.ts';

let h: DeskHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('acknowledgement', () => {
  it('answers Slack before the work is done (slow engine)', async () => {
    const recording = createRecordingEngine();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const engine = {
      ...recording.engine,
      onClaimed: async (...args: [string, string, string]) => {
        await gate;
        await recording.engine.onClaimed(...args);
      },
    };
    h = await createDeskHarness({ engine });
    const c = sampleCase();
    await h.handoff.desk.open(c);
    await h.handoff.idle();
    const res = await sendInteraction(
      h.app,
      buttonPress({ actionId: ACTION_IDS.claim, value: c.caseId, user: 'UAGENT01' }),
    );
    expect(res.status).toBe(200);
    expect(recording.calls).toEqual([]);
    release();
    await h.handoff.idle();
    expect(recording.calls.map((x) => x.kind)).toEqual(['claimed']);
  });
});

describe('slackToPlain', () => {
  it('turns Slack markup into plain text for the customer', () => {
    expect(slackToPlain('see <https://a.example/x|the guide> or <https://b.example>')).toBe(
      'see the guide (https://a.example/x) or https://b.example',
    );
    expect(slackToPlain('<@U123> <!here> write to <mailto:help@upay.example|help@upay.example> in <#C1|general>')).toBe(
      'write to help@upay.example in #general',
    );
    expect(slackToPlain('1 &lt; 2 &amp;&amp; 3 &gt; 2')).toBe('1 < 2 && 3 > 2');
  });
});
