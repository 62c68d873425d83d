import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTelegramChannel } from '../../adapters/telegram/plugin.ts';
import { loadConfig } from '../../bot/config.ts';
import { createScriptedEngine } from './helpers.ts';
import { channelContext, mountChannels } from './mount-channels.ts';

async function mount(env: Record<string, string>) {
  const config = loadConfig({ INAPP_TOKEN_SECRET: 'x'.repeat(32), WALLET_API_URL: 'http://127.0.0.1:9', ...env });
  return mountChannels(config, createScriptedEngine(() => []).engine);
}

describe('the channel registry, mounted as the server mounts it', () => {
  it('mounts only what is configured; production never runs Bot Framework anonymously', async () => {
    const none = await mount({ NODE_ENV: 'production' });
    // The in-app chat is always on; no other channel is, and no channel module is loaded.
    expect(none.enabled).toEqual(['webchat']);
    expect(none.prepared).toEqual([]);
    await request(none.app).post('/api/messages').send({ type: 'message' }).expect(404);
    await request(none.app).get('/wechat').expect(404);
    await none.stop();

    const all = await mount({
      NODE_ENV: 'production',
      TELEGRAM_BOT_TOKEN: '1:abc',
      WECHAT_TOKEN: 't',
      WECHAT_ACCOUNT_ID: 'gh_test',
      MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001',
      MICROSOFT_APP_PASSWORD: 'p',
    });
    expect(all.enabled).toEqual(['webchat', 'telegram', 'wechat', 'botframework']);
    expect([...all.prepared].sort()).toEqual(['botframework', 'telegram', 'wechat']);
    expect([...all.registered.keys()]).toEqual(['webchat', 'telegram', 'wechat', 'botframework']);
    await request(all.app).post('/api/messages').send({ type: 'message' }).expect(401);
    await request(all.app).get('/wechat?signature=x&timestamp=1&nonce=1&echostr=1').expect(401);
    await all.stop();
  });

  it('development runs Bot Framework without an app id only when BOTFRAMEWORK_ANONYMOUS=true says so', async () => {
    const plain = await mount({ NODE_ENV: 'development' });
    expect(plain.enabled).toEqual(['webchat']);
    await request(plain.app).post('/api/messages').send({ type: 'message' }).expect(404);
    const dev = await mount({ NODE_ENV: 'development', BOTFRAMEWORK_ANONYMOUS: 'true' });
    expect(dev.enabled).toEqual(['webchat', 'botframework']);
    // Only the enabled channel's module is imported: telegraf and the WeChat XML parser stay unloaded.
    expect(dev.prepared).toEqual(['botframework']);
    await dev.stop();
  });

  it('names the missing module when a channel is enabled but its module was not loaded', () => {
    const config = loadConfig({
      INAPP_TOKEN_SECRET: 'x'.repeat(32),
      WALLET_API_URL: 'http://127.0.0.1:9',
      NODE_ENV: 'production',
      TELEGRAM_BOT_TOKEN: '1:abc',
    });
    const ctx = channelContext(config, createScriptedEngine(() => []).engine);
    const routes = { webhooks: express.Router(), api: express.Router(), pages: express.Router() };
    expect(() => createTelegramChannel().mount?.(routes, ctx)).toThrow(
      /telegram channel is enabled but its adapter module was not loaded/,
    );
  });
});
