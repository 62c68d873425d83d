/**
 * The engine records one analytics event per turn (bot/analytics/turn-record.ts → EngineDeps.onTurnEvent):
 * what the customer sent (redacted), the NLU's reading, the replies by id, flow, handoff, rating and feedback.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { TurnEvent } from '../../bot/analytics/turn-event.ts';
import type { TurnEventLog } from '../../bot/analytics/types.ts';
import { buttonForEvent } from '../../bot/analytics/turn-record.ts';
import { createApp } from '../../bot/app.ts';
import { loadConfig } from '../../bot/config.ts';
import type { KnowledgeBase } from '../../bot/core/knowledge.ts';
import type { Nlu } from '../../intents/types.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createFakeKnowledge, createHarness, eventIn } from './fakes.ts';

function recordingHarness(extra: Parameters<typeof createHarness>[0] = {}) {
  const events: TurnEvent[] = [];
  // Knows one help article, so that its "did this help?" buttons are live; the search itself finds nothing.
  const knowledge = { ...createFakeKnowledge(), articles: [{ id: 'pet_tips' }] } as unknown as KnowledgeBase;
  const h = createHarness({
    channel: 'webchat',
    conversationId: 'webchat:42',
    withDesk: true,
    ...extra,
    overrides: { knowledge, articleAnswer: () => undefined, onTurnEvent: (e) => events.push(e), ...extra.overrides },
  });
  return { h, events };
}

describe('turn events from the engine', () => {
  it('a short conversation: FAQ, out of scope, clarify, buttons, flow, handoff and rating', async () => {
    const { h, events } = recordingHarness();
    await h.say('what are the fees?');
    await h.say('tell me about pirates');
    await h.say('fee or balance?');
    await h.press('intent:fees');
    await h.press('article:no:pet_tips');
    await h.press('pay:tx123');
    await h.say('payment failed');
    const handoff = await h.say('human please');
    expect(events).toHaveLength(8);
    const [faq, oos, clarify, intentButton, article, flowButton, flow, human] = events as [
      TurnEvent,
      TurnEvent,
      TurnEvent,
      TurnEvent,
      TurnEvent,
      TurnEvent,
      TurnEvent,
      TurnEvent,
    ];

    expect(faq).toMatchObject({
      v: 1,
      at: '2026-11-25T10:00:00.000Z',
      conversationId: 'webchat:42',
      channel: 'webchat',
      language: 'en',
      input: 'text',
      text: 'what are the fees?',
      intent: 'fees',
      confidence: 0.95,
      ranking: [{ intent: 'fees', confidence: 0.95 }],
      replyIds: ['answer:fees'],
      replies: ['EN answer fees'],
      handoff: 'none',
    });
    expect(faq.ms).toBeGreaterThanOrEqual(0);
    expect(faq.error).toBeUndefined();
    expect(faq.button).toBeUndefined();

    expect(oos).toMatchObject({ input: 'text', intent: 'out_of_scope', replyIds: ['fallback'] });
    expect(clarify.replyIds).toEqual(['clarify']);
    expect(clarify.ranking?.map((r) => r.intent)).toEqual(['check_balance', 'fees']);
    expect(clarify.confidence).toBe(0.45);

    expect(intentButton).toMatchObject({ input: 'button', button: 'intent:fees', replyIds: ['answer:fees'] });
    // Button turns carry the reduced button, not the transcript's line with the whole value.
    expect(intentButton.text).toBeUndefined();
    expect(intentButton.intent).toBeUndefined();
    expect(article).toMatchObject({ button: 'article:no', helpful: false });
    expect(flowButton.button).toBe('pay');
    expect(JSON.stringify(flowButton)).not.toContain('tx123');

    expect(flow.intent).toBe('payment_failed');
    expect(flow.flow).toBe('payment_failed');
    expect(typeof flow.flowStep).toBe('string');

    expect(human).toMatchObject({ handoffReason: 'customer_request', handoff: 'queued', replyIds: ['handoff.queued'] });
    expect(human.handoff).toBe(handoff.handoff);

    // The agent closes the case; the rating (a button, then never again) is recorded on its turn.
    const caseId = h.desk.opened[0]?.caseId as string;
    await h.engine.onClaimed('webchat:42', caseId, 'Alice');
    await h.engine.onClosed('webchat:42', caseId, 'resolved');
    await h.press('rating:4');
    expect(events.at(-1)).toMatchObject({
      input: 'button',
      button: 'rating:4',
      rating: 4,
      replyIds: ['rating.thanks'],
    });
  });

  it('a typed rating and a helpful article are recorded; commands and start have their input kind', async () => {
    const { h, events } = recordingHarness();
    await h.send({ kind: 'start' });
    await h.send({ kind: 'command', name: 'human' });
    const caseId = h.desk.opened[0]?.caseId as string;
    await h.engine.onClosed('webchat:42', caseId, 'resolved');
    await h.say('5');
    await h.press('article:yes:pet_tips');
    await h.press('cmd:lang');
    await h.press('lang:en');
    expect(events.map((e) => e.input)).toEqual(['start', 'command', 'text', 'button', 'button', 'button']);
    expect(events[0]?.text).toBe('[start]');
    expect(events[1]).toMatchObject({ text: '/human', handoffReason: 'customer_request' });
    expect(events[2]).toMatchObject({ rating: 5, replyIds: ['rating.thanks'] });
    expect(events[3]).toMatchObject({ button: 'article:yes', helpful: true, replyIds: ['article.helpful'] });
    expect(events[4]?.button).toBe('cmd:lang');
    expect(events[5]?.button).toBe('lang:en');
  });

  it('a failed turn is recorded with error; duplicates are not; a throwing recorder never breaks the turn', async () => {
    const failing: Nlu = {
      intents: [],
      parse: () => {
        throw new Error('nlu down');
      },
    };
    const { h, events } = recordingHarness({ overrides: { nlu: failing } });
    const r = await h.say('hello there');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ input: 'text', error: true, replyIds: ['error'], replies: [r.replies[0]?.text] });
    const again = await h.retry({ kind: 'text', text: 'hello there' });
    expect(again.duplicate).toBe(true);
    expect(events).toHaveLength(1);

    const throwing = createHarness({
      overrides: {
        onTurnEvent: () => {
          throw new Error('analytics down');
        },
      },
    });
    const ok = await throwing.say('what are the fees?');
    expect(ok.replies[0]?.id).toBe('answer:fees');
  });

  it('texts and replies are capped', async () => {
    const { h, events } = recordingHarness();
    await h.say(`what are the fees? ${'x'.repeat(1500)}`);
    expect(events[0]?.text?.length).toBe(500);
  });
});

describe('buttonForEvent keeps only the engine-owned part of a button value', () => {
  it.each([
    ['intent:fees', 'intent:fees'],
    ['intent:<script>', 'intent'],
    ['clarify:none', 'clarify:none'],
    ['article:yes:pet_tips', 'article:yes'],
    ['article:no:pet_tips', 'article:no'],
    ['article:maybe', 'article'],
    ['rating:5', 'rating:5'],
    ['rating:9', 'rating'],
    ['cmd:human', 'cmd:human'],
    ['cmd:rm -rf', 'cmd'],
    ['lang:zh', 'lang:zh'],
    ['flow:payment_failed', 'flow'],
    ['pay:tx:123', 'pay'],
    ['verify:resend', 'verify'],
    ['13812345678', 'other'],
    ['', 'other'],
  ])('%s → %s', (value, expected) => {
    expect(buttonForEvent(value)).toBe(expected);
  });
});

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('turn events through createApp (the real NLU and redaction)', () => {
  it('records into app.events and never carries a raw phone or card number the customer typed', async () => {
    const recorded: TurnEvent[] = [];
    const events: TurnEventLog = {
      record: (e) => recorded.push(e),
      flush: async () => undefined,
      read: async () => recorded,
      forget: async () => 0,
      close: async () => undefined,
    };
    const config = loadConfig({
      NODE_ENV: 'test',
      KNOWLEDGE_DIR: path.join(ROOT, 'knowledge'),
      SANDBOX_FIXED_OTP: '123456',
      LOG_LEVEL: 'silent',
      STORE_URL: 'memory:',
      NLU_THREAD: 'false',
    });
    const app = await createApp(config, { logger: silentLogger, events });
    try {
      expect(app.events).toBe(events);
      const typed = [
        '我的手机号是13812345678，卡号6222021234567890123，付款失败了',
        'my card 4111 1111 1111 1111 was charged twice, call me on +86 139 1234 5678',
        '我忘记密码了',
        '13812345678',
      ];
      let n = 0;
      for (const t of typed) await app.engine.handle(eventIn('webchat:pii', 'u', `p${n++}`, t));
      expect(recorded).toHaveLength(typed.length);
      const all = JSON.stringify(recorded);
      for (const raw of [
        '13812345678',
        '6222021234567890123',
        '4111 1111 1111 1111',
        '4111111111111111',
        '139 1234 5678',
      ])
        expect(all).not.toContain(raw);
      for (const e of recorded) {
        expect(e.input).toBe('text');
        expect(typeof e.text).toBe('string');
        expect(e.intent).toBeTruthy();
      }
      expect(recorded[2]?.intent).toBe('forgot_password');
    } finally {
      await app.close();
    }
  }, 60_000);
});
