import express from 'express';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBotFrameworkAdapter, type BotFrameworkAdapter } from '../../adapters/botframework/adapter.ts';
import type { IncomingEvent, Reply } from '../../bot/core/messages.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import type { Store } from '../../bot/store/types.ts';
import { startFakeConnector, type FakeConnector } from '../fakes/bf-connector.ts';
import { createScriptedEngine } from '../telegram/helpers.ts';

function script(event: IncomingEvent): Reply[] {
  const input = event.input;
  if (input.kind === 'start')
    return [
      { text: 'Welcome to upay support', buttons: [{ label: 'Payment failed', value: 'intent:payment_failed' }] },
    ];
  if (input.kind === 'action') return [{ text: `action ${input.value}` }];
  if (input.kind === 'text' && input.text === 'fees')
    return [{ text: 'Shown **before** you confirm:\n- **Transfers:** 138****1001 <b>' }];
  if (input.kind === 'text') return [{ text: `you said ${input.text}` }];
  return [{ text: 'text only please' }];
}

let seq = 0;
function activity(connector: FakeConnector, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: `act-${++seq}`,
    timestamp: new Date().toISOString(),
    serviceUrl: connector.serviceUrl,
    channelId: 'webchat',
    from: { id: 'user-1', name: 'Emma' },
    conversation: { id: 'conv-1' },
    recipient: { id: 'bot-1', name: 'upay' },
    locale: 'en-US',
    text: 'hello',
    ...over,
  };
}

describe('Bot Framework adapter (anonymous, local development) against a fake connector', () => {
  let connector: FakeConnector;
  let store: Store;
  let scripted: ReturnType<typeof createScriptedEngine>;
  let adapter: BotFrameworkAdapter;
  let app: express.Express;

  beforeEach(async () => {
    connector = await startFakeConnector();
    store = createMemoryStore();
    scripted = createScriptedEngine(script);
    adapter = createBotFrameworkAdapter({ allowAnonymous: true, engine: scripted.engine, store, logger: silentLogger });
    app = express();
    app.use(adapter.router());
  });
  afterEach(async () => {
    await connector.close();
    await store.close();
  });

  it('welcomes once on conversationUpdate, with suggested actions; the press comes back as an action', async () => {
    const update = activity(connector, {
      type: 'conversationUpdate',
      text: undefined,
      membersAdded: [{ id: 'bot-1' }, { id: 'user-1' }],
    });
    await request(app).post('/api/messages').send(update).expect(200);
    await request(app)
      .post('/api/messages')
      .send({ ...update, id: 'another-update' })
      .expect(200);
    expect(connector.posts).toHaveLength(1);
    const welcome = connector.posts[0]!;
    expect(welcome.conversationId).toBe('conv-1');
    expect(welcome.activity).toMatchObject({
      type: 'message',
      text: 'Welcome to upay support',
      textFormat: 'markdown',
    });
    const actions = (welcome.activity.suggestedActions as { actions: { title: string; value: string; type: string }[] })
      .actions;
    expect(actions).toEqual([
      expect.objectContaining({ type: 'postBack', title: 'Payment failed', value: 'intent:payment_failed' }),
    ]);

    await request(app)
      .post('/api/messages')
      .send(activity(connector, { text: 'intent:payment_failed' }))
      .expect(200);
    expect(connector.textsTo('conv-1').at(-1)).toBe('action intent:payment_failed');
    expect(scripted.events.map((e) => e.input.kind)).toEqual(['start', 'action']);
  });

  it('sends Markdown with textFormat markdown, literal characters escaped', async () => {
    await request(app)
      .post('/api/messages')
      .send(activity(connector, { text: 'fees' }))
      .expect(200);
    expect(connector.posts[0]?.activity).toMatchObject({
      type: 'message',
      textFormat: 'markdown',
      text: 'Shown **before** you confirm:\n\n- **Transfers:** 138\\*\\*\\*\\*1001 \\<b\\>',
    });
  });

  it('replies go to the serviceUrl as replies to the activity; a retried activity id runs once', async () => {
    const a = activity(connector, { id: 'same-id', text: 'hi there' });
    await request(app).post('/api/messages').send(a).expect(200);
    await request(app).post('/api/messages').send(a).expect(200);
    expect(connector.posts).toHaveLength(1);
    expect(connector.posts[0]).toMatchObject({
      conversationId: 'conv-1',
      replyToId: 'same-id',
      activity: { text: 'you said hi there' },
    });
    expect(connector.posts[0]?.authorization).toBeUndefined();
  });

  it('Messenger and Web Chat conversations with the same id stay distinct', async () => {
    await request(app)
      .post('/api/messages')
      .send(activity(connector, { channelId: 'facebook', conversation: { id: 'c' } }))
      .expect(200);
    await request(app)
      .post('/api/messages')
      .send(activity(connector, { channelId: 'webchat', conversation: { id: 'c' } }))
      .expect(200);
    expect(scripted.events.map((e) => e.conversationId)).toEqual(['botframework:facebook:c', 'botframework:webchat:c']);
  });

  it('agent messages reach the customer proactively through the stored conversation reference', async () => {
    await request(app)
      .post('/api/messages')
      .send(activity(connector, { conversation: { id: 'conv-9' } }))
      .expect(200);
    await adapter.send('botframework:webchat:conv-9', [
      { text: 'I can help with that.', from: 'agent', agentName: 'Lin' },
    ]);
    expect(connector.textsTo('conv-9')).toEqual(['you said hello', 'Lin: I can help with that.']);
    await expect(adapter.send('botframework:webchat:unknown', [{ text: 'x' }])).rejects.toMatchObject({
      code: 'no_reference',
    });
    await expect(adapter.send('telegram:1', [{ text: 'x' }])).rejects.toMatchObject({ code: 'bad_conversation' });
  });

  it('answers only loopback serviceUrls: any other gets 403 with a reason, the turn never runs, nothing is sent', async () => {
    const port = new URL(connector.serviceUrl).port;
    // 0.0.0.0 reaches this machine's listeners on Linux: had the bot posted there, the fake connector would have seen it.
    const unreachableButObservable = `http://0.0.0.0:${port}/`;
    for (const serviceUrl of [
      unreachableButObservable,
      `http://[::ffff:127.0.0.1]:${port}/`,
      'http://169.254.169.254/latest/',
      undefined,
    ]) {
      const res = await request(app).post('/api/messages').send(activity(connector, { serviceUrl })).expect(403);
      expect(res.body).toMatchObject({
        error: { code: 'service_url_refused', message: expect.stringContaining('loopback') },
      });
    }
    // expectReplies without a serviceUrl would hand the replies back in the response body: refused too.
    await request(app)
      .post('/api/messages')
      .send(activity(connector, { serviceUrl: undefined, deliveryMode: 'expectReplies' }))
      .expect(403);
    expect(scripted.events).toHaveLength(0);
    expect(connector.posts).toHaveLength(0);
    // The fake connector's own loopback URL is answered.
    await request(app).post('/api/messages').send(activity(connector)).expect(200);
    expect(connector.textsTo('conv-1')).toEqual(['you said hello']);
  });

  it('rejects bodies that are not activities', async () => {
    await request(app).post('/api/messages').send({ hello: 1 }).expect(400);
  });

  it('refuses to start anonymous when not allowed (production)', () => {
    expect(() =>
      createBotFrameworkAdapter({ allowAnonymous: false, engine: scripted.engine, store, logger: silentLogger }),
    ).toThrow(expect.objectContaining({ code: 'bad_config' }));
  });
});
