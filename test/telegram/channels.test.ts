import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { mountChannels } from '../../adapters/channels.ts';
import type { ChannelName, ReplySink } from '../../adapters/types.ts';
import { loadConfig } from '../../bot/config.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import { createScriptedEngine } from './helpers.ts';

function mount(env: Record<string, string>) {
  const registered = new Map<ChannelName, ReplySink>();
  const app = express();
  const channels = mountChannels(app, {
    config: loadConfig({ INAPP_TOKEN_SECRET: 'x'.repeat(32), ...env }),
    engine: createScriptedEngine(() => []).engine,
    store: createMemoryStore(),
    logger: silentLogger,
    sinks: { register: (channel, sink) => registered.set(channel, sink) },
  });
  return { app, channels, registered };
}

describe('mountChannels', () => {
  it('mounts only what is configured; production never runs Bot Framework anonymously', async () => {
    const none = mount({ NODE_ENV: 'production' });
    expect(none.channels.enabled).toEqual([]);
    await request(none.app).post('/api/messages').send({ type: 'message' }).expect(404);
    await request(none.app).get('/wechat').expect(404);
    await none.channels.close();

    const all = mount({
      NODE_ENV: 'production',
      TELEGRAM_BOT_TOKEN: '1:abc',
      WECHAT_TOKEN: 't',
      MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001',
    });
    expect(all.channels.enabled).toEqual(['telegram', 'wechat', 'botframework']);
    expect([...all.registered.keys()]).toEqual(['telegram', 'wechat', 'botframework']);
    await request(all.app).post('/api/messages').send({ type: 'message' }).expect(401);
    await request(all.app).get('/wechat?signature=x&timestamp=1&nonce=1&echostr=1').expect(401);
    await all.channels.close();
  });

  it('development runs Bot Framework anonymously (with a warning) when no app id is set', async () => {
    const dev = mount({ NODE_ENV: 'development' });
    expect(dev.channels.enabled).toEqual(['botframework']);
    await dev.channels.close();
  });
});
