import express from 'express';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramAdapter, type TelegramAdapter } from '../../adapters/telegram/adapter.ts';
import type { IncomingEvent, Reply } from '../../bot/core/messages.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import type { Store } from '../../bot/store/types.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from '../fakes/telegram-api.ts';
import { callbackUpdate, contactUpdate, createScriptedEngine, keyboardOf, textUpdate, waitFor } from './helpers.ts';

const TOKEN = '123456:TEST-token_abc';

/** Scripted password reset by buttons: start → pick topic → share phone → code → link. */
function resetScript(event: IncomingEvent): Reply[] {
  const input = event.input;
  if (input.kind === 'start')
    return [
      { text: 'Hi! What can I help with?', buttons: [{ label: 'Forgot password', value: 'intent:forgot_password' }] },
    ];
  if (input.kind === 'action' && input.value === 'intent:forgot_password') {
    return [
      {
        text: 'Please type the phone number registered with upay.',
        buttons: [{ label: 'Cancel', value: 'cmd:cancel' }],
        requestContact: true,
      },
    ];
  }
  if (input.kind === 'text' && input.text === '验证') return [{ text: '请输入您的手机号。', requestContact: true }];
  if (input.kind === 'contact') return [{ text: `Code sent to ${input.phone.slice(0, 4)}…` }];
  if (input.kind === 'text' && input.text === '123456')
    return [{ text: 'Verified. Reset link: https://upay.example/reset/abc' }];
  if (input.kind === 'text' && input.text === 'long') return [{ text: 'This is a sentence. '.repeat(300) }];
  if (input.kind === 'text' && input.text === 'fees') {
    return [
      {
        text: 'Fees are shown **before** you confirm:\n\n- **Transfers:** on the confirmation screen\n- 1 < 2 & 3 > 2',
        buttons: [{ label: 'OK', value: 'ok' }],
      },
    ];
  }
  if (input.kind === 'text' && input.text === 'long bold') return [{ text: `**${'很长的加粗句子，'.repeat(700)}**` }];
  if (input.kind === 'text' && input.text === 'choices') {
    return [
      {
        text: 'Pick one',
        buttons: [
          { label: 'Long', value: `tx:${'X'.repeat(80)}` },
          { label: 'Short', value: 'tx:T1' },
        ],
      },
    ];
  }
  if (input.kind === 'action') return [{ text: `pressed ${input.value}` }];
  if (input.kind === 'unsupported') return [];
  return [{ text: 'ok' }];
}

describe('Telegram adapter (long polling against a fake Bot API)', () => {
  let api: FakeTelegramApi;
  let store: Store;
  let adapter: TelegramAdapter;
  let scripted: ReturnType<typeof createScriptedEngine>;

  beforeEach(async () => {
    api = await startFakeTelegramApi(TOKEN);
    store = createMemoryStore();
    scripted = createScriptedEngine(resetScript);
    adapter = createTelegramAdapter({
      token: TOKEN,
      apiRoot: api.apiRoot,
      engine: scripted.engine,
      store,
      logger: silentLogger,
    });
    await adapter.start();
  });
  afterEach(async () => {
    await adapter.stop();
    await api.close();
    await store.close();
  });

  it('registers the commands in Chinese and English and deletes any webhook before polling', async () => {
    await waitFor(() => api.callsOf('getUpdates').length > 0, 'polling');
    const commands = api.callsOf('setMyCommands');
    expect(commands.map((c) => c.body.language_code ?? 'default').sort()).toEqual(['default', 'zh']);
    expect(api.callsOf('deleteWebhook')).toHaveLength(1);
  });

  it('a customer resets a password with buttons only; the pressed keyboard is answered and removed', async () => {
    const chat = 5001;
    api.pushUpdate(textUpdate(chat, '/start'));
    await waitFor(() => api.sentTexts(chat).length === 1, 'greeting');
    const greeting = api.callsOf('sendMessage')[0]!;
    const [button] = keyboardOf(greeting.body);
    expect(button?.text).toBe('Forgot password');

    api.pushUpdate(callbackUpdate(chat, 100, button!.callback_data));
    await waitFor(() => api.sentTexts(chat).length === 3, 'phone prompt');
    expect(api.callsOf('answerCallbackQuery')).toHaveLength(1);
    expect(api.callsOf('editMessageReplyMarkup')[0]?.body).toMatchObject({
      chat_id: chat,
      message_id: 100,
      reply_markup: { inline_keyboard: [] },
    });

    // The phone prompt keeps its inline Cancel button and is followed by a one-time "share my phone" keyboard.
    const [prompt, share] = api.callsOf('sendMessage').slice(1);
    expect(keyboardOf(prompt!.body).map((b) => b.text)).toEqual(['Cancel']);
    expect(share?.body.reply_markup).toEqual({
      keyboard: [[{ text: '📱 Share my phone number', request_contact: true }]],
      one_time_keyboard: true,
      resize_keyboard: true,
    });

    api.pushUpdate(contactUpdate(chat, '447700900002'));
    await waitFor(() => api.sentTexts(chat).length === 4, 'code sent');
    api.pushUpdate(textUpdate(chat, '123456'));
    await waitFor(() => api.sentTexts(chat).length === 5, 'reset link');
    expect(api.sentTexts(chat).at(-1)).toContain('https://upay.example/reset/');
    expect(scripted.events.map((e) => e.input.kind)).toEqual(['start', 'action', 'contact', 'text']);
    expect(scripted.events[2]?.input).toEqual({ kind: 'contact', phone: '+447700900002' });
  });

  it('a retried update does nothing twice; a second press of the same keyboard is ignored', async () => {
    const chat = 5002;
    const update = textUpdate(chat, 'hello', { updateId: 777 });
    await adapter.handleUpdate(update as never);
    await adapter.handleUpdate(update as never);
    expect(api.sentTexts(chat)).toHaveLength(1);

    await adapter.handleUpdate(callbackUpdate(chat, 300, 'v:tx:T1') as never);
    await adapter.handleUpdate(callbackUpdate(chat, 300, 'v:tx:T1') as never);
    expect(api.sentTexts(chat)).toEqual(['ok', 'pressed tx:T1']);
    expect(api.callsOf('answerCallbackQuery')).toHaveLength(2);
  });

  it('the share-phone keyboard speaks the reply language and is never offered in groups', async () => {
    await adapter.handleUpdate(textUpdate(5011, '验证') as never);
    expect(api.callsOf('sendMessage')[1]?.body.reply_markup).toMatchObject({
      keyboard: [[{ text: '📱 分享我的手机号', request_contact: true }]],
    });
    const group = textUpdate(-5012, '@upay_support_bot 验证', { chatType: 'group' });
    (group.message as Record<string, unknown>).entities = [{ offset: 0, length: 17, type: 'mention' }];
    await adapter.handleUpdate(group as never);
    expect(api.sentTexts(-5012)).toHaveLength(1);
  });

  it('long button values travel through a short id (callback data ≤ 64 bytes)', async () => {
    const chat = 5003;
    await adapter.handleUpdate(textUpdate(chat, 'choices') as never);
    const buttons = keyboardOf(api.callsOf('sendMessage')[0]!.body);
    for (const b of buttons) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    expect(buttons[0]?.callback_data).toMatch(/^k:/);
    await adapter.handleUpdate(callbackUpdate(chat, 400, buttons[0]!.callback_data) as never);
    expect(api.sentTexts(chat).at(-1)).toBe(`pressed tx:${'X'.repeat(80)}`);
  });

  it('splits replies over 4,096 characters at sentence ends; buttons on the last piece', async () => {
    const chat = 5004;
    await adapter.handleUpdate(textUpdate(chat, 'long') as never);
    const texts = api.sentTexts(chat);
    expect(texts.length).toBe(2);
    for (const t of texts) {
      expect(t.length).toBeLessThanOrEqual(4096);
      expect(t.endsWith('sentence.')).toBe(true);
    }
  });

  it('sends Markdown answers as Telegram HTML: bold as <b>, lists as bullets, &, <, > escaped', async () => {
    const chat = 5020;
    await adapter.handleUpdate(textUpdate(chat, 'fees') as never);
    const [sent] = api.callsOf('sendMessage');
    expect(sent?.body).toMatchObject({
      parse_mode: 'HTML',
      text: 'Fees are shown <b>before</b> you confirm:\n\n• <b>Transfers:</b> on the confirmation screen\n• 1 &lt; 2 &amp; 3 &gt; 2',
    });
    expect(keyboardOf(sent!.body).map((b) => b.text)).toEqual(['OK']);
  });

  it('a long bold answer is split into messages that each open and close <b>', async () => {
    const chat = 5021;
    await adapter.handleUpdate(textUpdate(chat, 'long bold') as never);
    const texts = api.sentTexts(chat);
    expect(texts.length).toBe(2);
    for (const t of texts) {
      expect(t).toMatch(/^<b>[^<>]+<\/b>$/);
      expect(t.length - '<b></b>'.length).toBeLessThanOrEqual(4096);
    }
  });

  it('when Telegram cannot parse the entities, resends the message once as plain text, buttons kept', async () => {
    const chat = 5022;
    api.failNext('sendMessage', {
      error_code: 400,
      description: 'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 0',
    });
    await adapter.handleUpdate(textUpdate(chat, 'fees') as never);
    const [refused, plain] = api.callsOf('sendMessage');
    expect(refused?.body.parse_mode).toBe('HTML');
    expect(plain?.body.parse_mode).toBeUndefined();
    expect(plain?.body.text).toBe(
      'Fees are shown before you confirm:\n\n• Transfers: on the confirmation screen\n• 1 < 2 & 3 > 2',
    );
    expect(keyboardOf(plain!.body).map((b) => b.text)).toEqual(['OK']);
    expect(api.callsOf('sendMessage')).toHaveLength(2);
  });

  it('other 400s are not retried as plain text', async () => {
    api.failNext('sendMessage', { error_code: 400, description: 'Bad Request: chat not found' });
    await expect(adapter.send('telegram:5023', [{ text: '**x**' }])).rejects.toMatchObject({
      code: 'api_error',
      status: 400,
    });
    expect(api.callsOf('sendMessage')).toHaveLength(1);
  });

  it('honours 429 retry_after before sending again', async () => {
    const chat = 5005;
    api.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    await adapter.handleUpdate(textUpdate(chat, 'hi') as never);
    const sends = api.callsOf('sendMessage');
    expect(sends).toHaveLength(2);
    expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(950);
    expect(api.sentTexts(chat)).toEqual(['ok', 'ok']);
  });

  it('403 (bot blocked) marks the conversation closed; agent messages are then refused without calling Telegram', async () => {
    const chat = 5006;
    api.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    await adapter.handleUpdate(textUpdate(chat, 'hi') as never);
    expect(api.callsOf('sendMessage')).toHaveLength(1);
    expect(await store.get(`telegram:closed:${chat}`)).toBeTruthy();
    await expect(adapter.send(`telegram:${chat}`, [{ text: 'agent here', from: 'agent' }])).rejects.toMatchObject({
      code: 'blocked',
    });
    expect(api.callsOf('sendMessage')).toHaveLength(1);
    // Writing again means the customer unblocked the bot.
    await adapter.handleUpdate(textUpdate(chat, 'back') as never);
    expect(await store.get(`telegram:closed:${chat}`)).toBeUndefined();
  });

  it('my_chat_member "kicked" (blocked) closes the conversation; "member" (unblocked) reopens it', async () => {
    const chat = 5009;
    const member = (status: string, updateId: number) => ({
      update_id: updateId,
      my_chat_member: {
        chat: { id: chat, type: 'private' },
        from: { id: chat, is_bot: false, first_name: 'A' },
        date: 0,
        old_chat_member: { status: 'member', user: { id: 7000001, is_bot: true, first_name: 'bot' } },
        new_chat_member: {
          status,
          user: { id: 7000001, is_bot: true, first_name: 'bot' },
          ...(status === 'kicked' ? { until_date: 0 } : {}),
        },
      },
    });
    await adapter.handleUpdate(member('kicked', 90001) as never);
    await expect(adapter.send(`telegram:${chat}`, [{ text: 'x' }])).rejects.toMatchObject({ code: 'blocked' });
    await adapter.handleUpdate(member('member', 90002) as never);
    await adapter.send(`telegram:${chat}`, [{ text: 'welcome back' }]);
    expect(api.sentTexts(chat)).toEqual(['welcome back']);
    expect(scripted.events).toHaveLength(0);
  });

  it('gives up after a bounded number of 429s and reports rate_limited', async () => {
    api.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests',
      parameters: { retry_after: 120 },
    });
    await expect(adapter.send('telegram:5010', [{ text: 'x' }])).rejects.toMatchObject({ code: 'rate_limited' });
    expect(api.callsOf('sendMessage')).toHaveLength(1);
  });

  it('as a ReplySink: delivers agent messages with the agent name', async () => {
    await adapter.send('telegram:5007', [
      { text: 'Hello, I am looking at your case.', from: 'agent', agentName: 'Lin' },
    ]);
    expect(api.sentTexts(5007)).toEqual(['Lin: Hello, I am looking at your case.']);
    await expect(adapter.send('wechat:abc', [{ text: 'x' }])).rejects.toMatchObject({ code: 'bad_conversation' });
  });

  it('ignores group messages without a mention; answers a mention as a reply, flagged isGroup', async () => {
    const group = -100777;
    await adapter.handleUpdate(textUpdate(group, 'anyone here?', { chatType: 'supergroup' }) as never);
    expect(scripted.events).toHaveLength(0);
    const mention = textUpdate(group, '@upay_support_bot hi', { chatType: 'supergroup' });
    (mention.message as Record<string, unknown>).entities = [{ offset: 0, length: 17, type: 'mention' }];
    await adapter.handleUpdate(mention as never);
    expect(scripted.events[0]).toMatchObject({ isGroup: true, input: { kind: 'text', text: 'hi' } });
    expect(api.callsOf('sendMessage')[0]?.body.reply_parameters).toMatchObject({
      message_id: mention.message.message_id,
    });
  });

  it('answers a sticker politely in the customer language even if the engine says nothing', async () => {
    const sticker = textUpdate(5008, 'x', { lang: 'zh-hans' }) as unknown as { message: Record<string, unknown> };
    delete sticker.message.text;
    sticker.message.sticker = {
      file_id: 'f',
      file_unique_id: 'u',
      type: 'regular',
      width: 1,
      height: 1,
      is_animated: false,
      is_video: false,
    };
    await adapter.handleUpdate(sticker as never);
    expect(api.sentTexts(5008)[0]).toContain('文字');
  });

  it('keeps one chat in order while another chat runs in parallel', async () => {
    const order: string[] = [];
    const slow = createScriptedEngine(async (e) => {
      const text = e.input.kind === 'text' ? e.input.text : '';
      if (text === 'first') await new Promise((r) => setTimeout(r, 150));
      order.push(text);
      return [{ text }];
    });
    const a2 = createTelegramAdapter({
      token: TOKEN,
      apiRoot: api.apiRoot,
      engine: slow.engine,
      store,
      logger: silentLogger,
    });
    await Promise.all([
      a2.handleUpdate(textUpdate(6001, 'first') as never),
      a2.handleUpdate(textUpdate(6001, 'second') as never),
      a2.handleUpdate(textUpdate(6002, 'other') as never),
    ]);
    expect(order).toEqual(['other', 'first', 'second']);
  });
});

describe('Telegram adapter (webhook mode)', () => {
  it('sets the webhook with the secret, rejects a forged secret with 401 and runs genuine updates', async () => {
    const api = await startFakeTelegramApi(TOKEN);
    const store = createMemoryStore();
    const scripted = createScriptedEngine(() => [{ text: 'pong' }]);
    const secret = 'hook_secret-123';
    const adapter = createTelegramAdapter({
      token: TOKEN,
      apiRoot: api.apiRoot,
      engine: scripted.engine,
      store,
      logger: silentLogger,
      webhook: { url: 'https://bot.example.com/telegram/webhook', secret },
    });
    try {
      await adapter.start();
      expect(api.callsOf('setWebhook')[0]?.body).toMatchObject({
        url: 'https://bot.example.com/telegram/webhook',
        secret_token: secret,
      });
      const app = express();
      app.use(adapter.webhookRouter()!);
      const update = textUpdate(7001, 'ping');
      await request(app)
        .post('/telegram/webhook')
        .set('X-Telegram-Bot-Api-Secret-Token', 'forged')
        .send(update)
        .expect(401);
      await request(app).post('/telegram/webhook').send(update).expect(401);
      expect(scripted.events).toHaveLength(0);
      await request(app)
        .post('/telegram/webhook')
        .set('X-Telegram-Bot-Api-Secret-Token', secret)
        .send(update)
        .expect(200);
      await request(app)
        .post('/telegram/webhook')
        .set('X-Telegram-Bot-Api-Secret-Token', secret)
        .send(update)
        .expect(200);
      await waitFor(() => api.sentTexts(7001).length === 1, 'pong');
      await new Promise((r) => setTimeout(r, 50));
      expect(api.sentTexts(7001)).toEqual(['pong']);
      await request(app)
        .post('/telegram/webhook')
        .set('X-Telegram-Bot-Api-Secret-Token', secret)
        .send({ nope: 1 })
        .expect(400);
      expect(api.callsOf('getUpdates')).toHaveLength(0);
    } finally {
      await adapter.stop();
      await api.close();
      await store.close();
    }
  });
});
