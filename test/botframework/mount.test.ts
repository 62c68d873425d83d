import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotFrameworkAdapterOptions } from '../../adapters/botframework/adapter.ts';
import { createBotFrameworkChannel } from '../../adapters/botframework/plugin.ts';
import { loadConfig } from '../../bot/config.ts';
import { startFakeConnector, type FakeConnector } from '../fakes/bf-connector.ts';
import { createScriptedEngine } from '../telegram/helpers.ts';
import { mountChannels } from '../telegram/mount-channels.ts';
import { startKeyServer, type KeyServer } from './key-server.ts';
import { postActivity } from './post-activity.ts';

const APP_ID = '00000000-aaaa-bbbb-cccc-000000000001';
const TENANT_ID = '11111111-2222-3333-4444-555555555555';
const PARTNER_APP = '00000000-aaaa-bbbb-cccc-000000000002';

/** The channels mounted as the service mounts them, with the Bot Framework test hooks and a logger whose lines are kept. */
async function mount(env: Record<string, string>, botframework: Partial<BotFrameworkAdapterOptions> = {}) {
  const lines: { level: number; msg: string }[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as { level: number; msg: string });
      done();
    },
  });
  const config = loadConfig(env);
  const mounted = await mountChannels(
    config,
    createScriptedEngine(() => [{ text: 'ok' }]).engine,
    { botframework },
    pino({ level: 'warn' }, destination),
  );
  // The in-app chat's own warning (no INAPP_TOKEN_SECRET in these configurations) is not the Bot Framework's.
  const warnings = () =>
    lines.filter((l) => l.level === 40 && !l.msg.startsWith('INAPP_TOKEN_SECRET')).map((l) => l.msg);
  return { ...mounted, warnings };
}

describe('when the Bot Framework channel is mounted', () => {
  let connector: FakeConnector;
  let keys: KeyServer;
  beforeAll(async () => {
    [connector, keys] = await Promise.all([startFakeConnector(), startKeyServer()]);
  });
  afterAll(async () => {
    await Promise.all([connector?.close(), keys?.close()]);
  });

  const activity = (serviceUrl: string) => ({
    type: 'message',
    id: `m-${Math.random()}`,
    serviceUrl,
    channelId: 'emulator',
    from: { id: 'u' },
    conversation: { id: 'c' },
    recipient: { id: 'b' },
    text: 'hi',
  });

  it('default development configuration (no MICROSOFT_APP_ID, no BOTFRAMEWORK_ANONYMOUS): not mounted, 404', async () => {
    const config = loadConfig({ NODE_ENV: 'development' });
    expect(createBotFrameworkChannel().enabled(config)).toBe(false);
    const dev = await mount({ NODE_ENV: 'development' });
    expect(dev.enabled).toEqual(['webchat']);
    expect(dev.prepared).toEqual([]);
    await request(dev.app).post('/api/messages').send(activity(connector.serviceUrl)).expect(404);
    expect(connector.posts).toHaveLength(0);
  });

  it('BOTFRAMEWORK_ANONYMOUS=true: mounted with a warning, loopback serviceUrls only', async () => {
    const dev = await mount({ NODE_ENV: 'development', BOTFRAMEWORK_ANONYMOUS: 'true' });
    expect(dev.enabled).toEqual(['webchat', 'botframework']);
    expect(dev.warnings()).toEqual([expect.stringMatching(/WITHOUT authentication.*loopback/)]);
    await request(dev.app).post('/api/messages').send(activity('https://attacker.example/')).expect(403);
    await request(dev.app).post('/api/messages').send(activity(connector.serviceUrl)).expect(200);
    expect(connector.textsTo('c')).toEqual(['ok']);
  });

  it('MICROSOFT_APP_ID with certificate files: mounted, the certificate counts as the reply credential', async () => {
    const withCert = await mount({
      NODE_ENV: 'development',
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_CERT_PEM_FILE: '/etc/upay/bot-cert.pem',
      MICROSOFT_APP_CERT_KEY_FILE: '/etc/upay/bot-key.pem',
    });
    expect(withCert.enabled).toEqual(['webchat', 'botframework']);
    expect(withCert.warnings()).toEqual([]);
    await request(withCert.app).post('/api/messages').send(activity(connector.serviceUrl)).expect(401);
  });

  it('MICROSOFT_APP_TENANT_ID with MICROSOFT_ALLOWED_CALLERS: Entra tokens from the listed app only', async () => {
    const bot = await mount(
      {
        NODE_ENV: 'development',
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_PASSWORD: 'p',
        MICROSOFT_APP_TENANT_ID: TENANT_ID,
        MICROSOFT_ALLOWED_CALLERS: PARTNER_APP,
      },
      { keySetUrls: { botFramework: keys.url, tenant: keys.url }, replyToken: async () => 'test-reply-token' },
    );
    const iss = `https://login.microsoftonline.com/${TENANT_ID}/v2.0`;
    const partner = await keys.sign({ aud: APP_ID, iss, azp: PARTNER_APP });
    const self = await keys.sign({ aud: APP_ID, iss, azp: APP_ID });
    await postActivity(bot.app, self, activity(connector.serviceUrl)).expect(403);
    await postActivity(bot.app, partner, activity(connector.serviceUrl)).expect(200);
  });
});
