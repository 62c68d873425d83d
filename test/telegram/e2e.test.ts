import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTelegramApi, type FakeTelegramApi } from '../fakes/telegram-api.ts';
import { callbackUpdate, contactUpdate, keyboardOf, textUpdate, waitFor } from './helpers.ts';
import { startChannelServer } from './server-helper.ts';

const TOKEN = '424242:E2E-token';

describe('Telegram end to end: real engine, sandbox wallet, long polling against the fake Bot API', () => {
  let api: FakeTelegramApi;
  let started: Awaited<ReturnType<typeof startChannelServer>>;

  beforeAll(async () => {
    api = await startFakeTelegramApi(TOKEN);
    started = await startChannelServer({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.apiRoot });
  }, 60_000);
  afterAll(async () => {
    await started?.server.stop();
    await api?.close();
  });

  const sendsTo = (chat: number) => api.callsOf('sendMessage').filter((c) => c.body.chat_id === chat);
  async function until(chat: number, count: number): Promise<void> {
    await waitFor(() => sendsTo(chat).length >= count, `${count} messages to ${chat}`, 15_000);
  }
  const buttonData = (chat: number, label: RegExp): string => {
    for (const call of sendsTo(chat).reverse()) {
      const b = keyboardOf(call.body).find((k) => label.test(k.text));
      if (b) return b.callback_data;
    }
    throw new Error(`no button ${label} sent to ${chat}`);
  };

  it('an anonymous customer resets a password by buttons, shared contact and the code; retries change nothing', async () => {
    const chat = 880001;
    expect(started.channels.enabled).toContain('telegram');
    api.pushUpdate(textUpdate(chat, '/start'));
    await until(chat, 1);
    expect(sendsTo(chat)[0]?.body.text).toMatch(/upay support assistant/);

    const press = callbackUpdate(chat, 100, buttonData(chat, /^Forgot password$/));
    api.pushUpdate(press);
    await until(chat, 3);
    expect(String(sendsTo(chat)[1]?.body.text)).toMatch(/phone number or email/);
    // The question comes with a one-time "share my phone number" keyboard in private chats.
    const contactOffer = sendsTo(chat)[2]?.body as
      { reply_markup?: { keyboard?: { request_contact?: boolean }[][] } } | undefined;
    expect(contactOffer?.reply_markup?.keyboard?.[0]?.[0]?.request_contact).toBe(true);
    expect(api.callsOf('editMessageReplyMarkup').some((c) => c.body.message_id === 100)).toBe(true);

    api.pushUpdate(contactUpdate(chat, '447700900002'));
    await until(chat, 4);
    expect(String(sendsTo(chat)[3]?.body.text)).toMatch(/verification code/);

    api.pushUpdate(textUpdate(chat, '123456'));
    await waitFor(() => sendsTo(chat).some((c) => /reset link/i.test(String(c.body.text))), 'reset link', 15_000);
    await waitFor(
      () => sendsTo(chat).some((c) => keyboardOf(c.body).some((k) => /Got it/.test(k.text))),
      'did you get it',
      15_000,
    );
    expect(
      sendsTo(chat)
        .map((c) => String(c.body.text))
        .join('\n'),
    ).toMatch(/verified/);

    // Telegram redelivers the button press (same update_id): nothing runs or is sent again.
    const prompts = (): number => sendsTo(chat).filter((c) => /confirm it is you/.test(String(c.body.text))).length;
    expect(prompts()).toBe(1);
    const before = sendsTo(chat).length;
    api.pushUpdate(press);
    api.pushUpdate(textUpdate(chat, '/help'));
    await waitFor(() => sendsTo(chat).length > before, 'help', 15_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(prompts()).toBe(1);
    expect(
      sendsTo(chat)
        .slice(before)
        .map((c) => String(c.body.text))
        .join('\n'),
    ).not.toMatch(/confirm it is you/);
  }, 60_000);

  it('a Chinese customer is greeted in Chinese; agent messages reach Telegram through the sink registry', async () => {
    const chat = 880002;
    api.pushUpdate(textUpdate(chat, '/start', { lang: 'zh-hans' }));
    await until(chat, 1);
    expect(String(sendsTo(chat)[0]?.body.text)).toMatch(/upay/);
    expect(String(sendsTo(chat)[0]?.body.text)).toMatch(/[\u4e00-\u9fff]/u);
    await started.server.sinks.send(`telegram:${chat}`, [
      { text: '您好，我是客服小林。', from: 'agent', agentName: '小林' },
    ]);
    expect(sendsTo(chat).at(-1)?.body.text).toBe('小林: 您好，我是客服小林。');
  }, 30_000);

  it('a group message without a mention is ignored by the real service', async () => {
    const group = -880003;
    const before = api.callsOf('sendMessage').length;
    api.pushUpdate(textUpdate(group, 'my payment failed', { chatType: 'supergroup' }));
    api.pushUpdate(textUpdate(880004, '/start'));
    await until(880004, 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(api.callsOf('sendMessage').length).toBe(before + 1);
    expect(sendsTo(group)).toHaveLength(0);
  }, 30_000);
});

describe('Telegram webhook mode mounted on the real server', () => {
  it('sets the webhook at start; a forged secret gets 401 before any parsing; a genuine update is answered', async () => {
    const api = await startFakeTelegramApi(TOKEN);
    const secret = 'e2e_webhook_secret';
    const { server } = await startChannelServer({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/hooks/telegram',
      TELEGRAM_WEBHOOK_SECRET: secret,
    });
    try {
      expect(api.callsOf('setWebhook')[0]?.body).toMatchObject({
        url: 'https://bot.example.com/hooks/telegram',
        secret_token: secret,
      });
      const update = textUpdate(880010, '/start');
      await request(server.url)
        .post('/hooks/telegram')
        .set('X-Telegram-Bot-Api-Secret-Token', 'forged')
        .send(update)
        .expect(401);
      await request(server.url)
        .post('/hooks/telegram')
        .set('content-type', 'application/json')
        .send('{not json')
        .expect(401);
      await request(server.url)
        .post('/hooks/telegram')
        .set('X-Telegram-Bot-Api-Secret-Token', secret)
        .send(update)
        .expect(200);
      await waitFor(() => api.sentTexts(880010).length === 1, 'greeting', 15_000);
      expect(api.callsOf('getUpdates')).toHaveLength(0);
    } finally {
      await server.stop();
      await api.close();
    }
  }, 60_000);
});
