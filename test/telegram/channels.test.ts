import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loadChannelModules, mountChannels } from '../../adapters/channels.ts';
import type { ChannelName, ReplySink } from '../../bot/core/messages.ts';
import { loadConfig } from '../../bot/config.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import { createScriptedEngine } from './helpers.ts';

async function mount(env: Record<string, string>) {
  const registered = new Map<ChannelName, ReplySink>();
  const app = express();
  const config = loadConfig({ INAPP_TOKEN_SECRET: 'x'.repeat(32), WALLET_API_URL: 'http://127.0.0.1:9', ...env });
  const modules = await loadChannelModules(config);
  const channels = mountChannels(
    app,
    {
      config,
      engine: createScriptedEngine(() => []).engine,
      store: createMemoryStore(),
      logger: silentLogger,
      sinks: { register: (channel, sink) => registered.set(channel, sink) },
    },
    modules,
  );
  return { app, channels, registered, modules };
}

describe('mountChannels', () => {
  it('mounts only what is configured; production never runs Bot Framework anonymously', async () => {
    const none = await mount({ NODE_ENV: 'production' });
    expect(none.channels.enabled).toEqual([]);
    expect(none.modules).toEqual({});
    await request(none.app).post('/api/messages').send({ type: 'message' }).expect(404);
    await request(none.app).get('/wechat').expect(404);
    await none.channels.close();

    const all = await mount({
      NODE_ENV: 'production',
      TELEGRAM_BOT_TOKEN: '1:abc',
      WECHAT_TOKEN: 't',
      WECHAT_ACCOUNT_ID: 'gh_test',
      MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001',
      MICROSOFT_APP_PASSWORD: 'p',
    });
    expect(all.channels.enabled).toEqual(['telegram', 'wechat', 'botframework']);
    expect(Object.keys(all.modules).sort()).toEqual(['botframework', 'telegram', 'wechat']);
    expect([...all.registered.keys()]).toEqual(['telegram', 'wechat', 'botframework']);
    await request(all.app).post('/api/messages').send({ type: 'message' }).expect(401);
    await request(all.app).get('/wechat?signature=x&timestamp=1&nonce=1&echostr=1').expect(401);
    await all.channels.close();
  });

  it('development runs Bot Framework without an app id only when BOTFRAMEWORK_ANONYMOUS=true says so', async () => {
    const plain = await mount({ NODE_ENV: 'development' });
    expect(plain.channels.enabled).toEqual([]);
    await request(plain.app).post('/api/messages').send({ type: 'message' }).expect(404);
    const dev = await mount({ NODE_ENV: 'development', BOTFRAMEWORK_ANONYMOUS: 'true' });
    expect(dev.channels.enabled).toEqual(['botframework']);
    // Only the enabled channel's module is imported: telegraf and the WeChat XML parser stay unloaded.
    expect(Object.keys(dev.modules)).toEqual(['botframework']);
    await dev.channels.close();
  });

  it('names the missing module when a channel is enabled but its module was not loaded', () => {
    const config = loadConfig({ INAPP_TOKEN_SECRET: 'x'.repeat(32), WALLET_API_URL: 'http://127.0.0.1:9', NODE_ENV: 'production', TELEGRAM_BOT_TOKEN: '1:abc' });
    const deps = { config, engine: createScriptedEngine(() => []).engine, store: createMemoryStore(), logger: silentLogger, sinks: { register: () => undefined } };
    expect(() => mountChannels(express(), deps, {})).toThrow(/telegram channel is enabled but its adapter module was not loaded/);
  });
});
