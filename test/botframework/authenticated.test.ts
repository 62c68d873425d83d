import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotFrameworkAdapter, type BotFrameworkAdapterOptions } from '../../adapters/botframework/adapter.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import { startFakeConnector, type FakeConnector } from '../fakes/bf-connector.ts';
import { createScriptedEngine } from '../telegram/helpers.ts';
import { startKeyServer, type KeyServer } from './key-server.ts';
import { postActivity } from './post-activity.ts';

const APP_ID = '00000000-aaaa-bbbb-cccc-000000000001';
const TENANT_ID = '11111111-2222-3333-4444-555555555555';
const PARTNER_APP = '00000000-aaaa-bbbb-cccc-000000000002';
const V1_ISSUER = `https://sts.windows.net/${TENANT_ID}/`;
const V2_ISSUER = `https://login.microsoftonline.com/${TENANT_ID}/v2.0`;

/**
 * Authenticated Bot Framework: tokens signed with a test key set whose JWKS is served on loopback,
 * replies to fake connectors on loopback, the bot's own reply token from a test hook (no Entra).
 */
describe('Bot Framework with MICROSOFT_APP_ID: token, serviceUrl binding, allowed callers', () => {
  let keys: KeyServer;
  let connector: FakeConnector;
  /** Another connector on loopback: where a forged serviceUrl would make the bot post. */
  let elsewhere: FakeConnector;
  let seq = 0;

  beforeAll(async () => {
    [keys, connector, elsewhere] = await Promise.all([startKeyServer(), startFakeConnector(), startFakeConnector()]);
  });
  afterAll(async () => {
    await Promise.all([keys?.close(), connector?.close(), elsewhere?.close()]);
  });

  function bot(over: Partial<BotFrameworkAdapterOptions> = {}) {
    const scripted = createScriptedEngine((event) => [
      { text: event.input.kind === 'text' ? `you said ${event.input.text}` : 'hi' },
    ]);
    const adapter = createBotFrameworkAdapter({
      appId: APP_ID,
      appPassword: 'test-password',
      allowAnonymous: false,
      engine: scripted.engine,
      store: createMemoryStore(),
      logger: silentLogger,
      keySetUrls: { botFramework: keys.url, tenant: keys.url },
      replyToken: async () => 'test-reply-token',
      ...over,
    });
    const app = express();
    app.use(adapter.router());
    return { app, scripted };
  }

  const activity = (serviceUrl: string | undefined, over: Record<string, unknown> = {}) => ({
    type: 'message',
    id: `auth-${++seq}`,
    ...(serviceUrl ? { serviceUrl } : {}),
    channelId: 'webchat',
    from: { id: 'user-1' },
    conversation: { id: `conv-${seq}` },
    recipient: { id: 'bot-1' },
    text: 'hello',
    ...over,
  });

  it('a valid channel token whose serviceurl claim matches the activity → handled, reply sent with the bot token', async () => {
    const { app, scripted } = bot();
    const token = await keys.sign({ aud: APP_ID, serviceurl: connector.serviceUrl });
    const before = connector.posts.length;
    await postActivity(app, token, activity(connector.serviceUrl)).expect(200);
    expect(scripted.events).toHaveLength(1);
    const reply = connector.posts.slice(before);
    expect(reply).toHaveLength(1);
    expect(reply[0]).toMatchObject({ authorization: 'Bearer test-reply-token', activity: { text: 'you said hello' } });
    expect(keys.requests).toContain('/keys');
  });

  it('a token for another app (wrong audience) → 401, nothing runs', async () => {
    const { app, scripted } = bot();
    const token = await keys.sign({ aud: 'some-other-bot', serviceurl: connector.serviceUrl });
    const before = connector.posts.length;
    await postActivity(app, token, activity(connector.serviceUrl)).expect(401);
    expect(scripted.events).toHaveLength(0);
    expect(connector.posts.length).toBe(before);
  });

  it('a token signed with a key not in the served set → 401', async () => {
    const { app, scripted } = bot();
    const token = await keys.sign({ aud: APP_ID, serviceurl: connector.serviceUrl }, 'stranger');
    await postActivity(app, token, activity(connector.serviceUrl)).expect(401);
    expect(scripted.events).toHaveLength(0);
  });

  it('serviceUrl ≠ the token serviceurl claim (same host, another port) → 403 and no request reaches either connector', async () => {
    const { app, scripted } = bot();
    const token = await keys.sign({ aud: APP_ID, serviceurl: connector.serviceUrl });
    const [here, there] = [connector.posts.length, elsewhere.posts.length];
    const res = await postActivity(app, token, activity(elsewhere.serviceUrl)).expect(403);
    expect(res.body).toMatchObject({ error: { code: 'service_url_mismatch' } });
    // Even with expectReplies and no serviceUrl at all, the binding holds (no replies in the response body).
    const noUrl = await postActivity(app, token, activity(undefined, { deliveryMode: 'expectReplies' })).expect(403);
    expect(noUrl.body).toMatchObject({ error: { code: 'service_url_mismatch' } });
    expect(scripted.events).toHaveLength(0);
    expect([connector.posts.length, elsewhere.posts.length]).toEqual([here, there]);
  });

  it('a channel token without a serviceurl claim → 401', async () => {
    const { app, scripted } = bot();
    const token = await keys.sign({ aud: APP_ID });
    await postActivity(app, token, activity(connector.serviceUrl)).expect(401);
    expect(scripted.events).toHaveLength(0);
  });

  it('tenant configured: Entra tokens only from allowed callers (v1 appid, v2 azp); default list = the app itself', async () => {
    const tenantBot = bot({ tenantId: TENANT_ID });
    const send = async (claims: Record<string, unknown>, status: number) => {
      const token = await keys.sign({ aud: APP_ID, ...claims });
      await postActivity(tenantBot.app, token, activity(connector.serviceUrl)).expect(status);
    };
    await send({ iss: V1_ISSUER, appid: PARTNER_APP }, 403);
    await send({ iss: V2_ISSUER, azp: PARTNER_APP }, 403);
    // The caller claim of the other token version does not count.
    await send({ iss: V2_ISSUER, appid: APP_ID }, 403);
    await send({ iss: `https://sts.windows.net/99999999-0000-0000-0000-000000000000/`, appid: APP_ID }, 401);
    expect(tenantBot.scripted.events).toHaveLength(0);
    await send({ iss: V1_ISSUER, appid: APP_ID }, 200);
    await send({ iss: V2_ISSUER, azp: APP_ID }, 200);
    expect(tenantBot.scripted.events).toHaveLength(2);

    const partnerBot = bot({ tenantId: TENANT_ID, allowedCallers: [PARTNER_APP] });
    const token = await keys.sign({ aud: APP_ID, iss: V2_ISSUER, azp: PARTNER_APP });
    await postActivity(partnerBot.app, token, activity(connector.serviceUrl)).expect(200);
    const own = await keys.sign({ aud: APP_ID, iss: V2_ISSUER, azp: APP_ID });
    await postActivity(partnerBot.app, own, activity(connector.serviceUrl)).expect(403);
  });

  it('an allowed caller without a serviceurl claim may not point the bot at plain http outside loopback', async () => {
    const { app, scripted } = bot({ tenantId: TENANT_ID });
    const token = await keys.sign({ aud: APP_ID, iss: V2_ISSUER, azp: APP_ID });
    const res = await postActivity(app, token, activity('http://0.0.0.0:9/')).expect(403);
    expect(res.body).toMatchObject({ error: { code: 'service_url_refused' } });
    expect(scripted.events).toHaveLength(0);
  });

  it('without a tenant, Entra tokens are not accepted at all', async () => {
    const { app } = bot();
    const token = await keys.sign({ aud: APP_ID, iss: V1_ISSUER, appid: APP_ID, serviceurl: connector.serviceUrl });
    await postActivity(app, token, activity(connector.serviceUrl)).expect(401);
  });
});
