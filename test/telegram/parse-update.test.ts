import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Update } from 'telegraf/types';
import { parseTelegramUpdate } from '../../adapters/telegram/parse-update.ts';

const bot = { id: 7000001, username: 'upay_support_bot' };
const fixture = (name: string): Update =>
  JSON.parse(readFileSync(new URL(`../fixtures/telegram/${name}.json`, import.meta.url), 'utf8')) as Update;

function message(
  text: string,
  extra: Record<string, unknown> = {},
  chat: Record<string, unknown> = { id: 42, type: 'private' },
): Update {
  return {
    update_id: 1,
    message: { message_id: 5, date: 0, chat, from: { id: 42, is_bot: false, first_name: 'A' }, text, ...extra },
  } as unknown as Update;
}

describe('parseTelegramUpdate (recorded payloads)', () => {
  it('/start in a private chat → start event with the conversation id and locale', () => {
    const parsed = parseTelegramUpdate(fixture('message-text'), bot);
    expect(parsed?.chatId).toBe(1111111);
    expect(parsed?.event).toMatchObject({
      eventId: '10000',
      channel: 'telegram',
      conversationId: 'telegram:1111111',
      user: { id: '1111111', name: 'Test Firstname Test Lastname', locale: 'en' },
      input: { kind: 'start' },
    });
    expect(parsed?.event.isGroup).toBeUndefined();
  });

  it('a Chinese text message → text event with zh locale', () => {
    const parsed = parseTelegramUpdate(fixture('message-text-zh'), bot);
    expect(parsed?.event.input).toEqual({ kind: 'text', text: '我忘记支付密码了' });
    expect(parsed?.event.user.locale).toBe('zh-hans');
  });

  it('a callback query → action with the raw data and the query id', () => {
    const parsed = parseTelegramUpdate(fixture('callback-query'), bot);
    expect(parsed?.callback).toEqual({
      queryId: '4382bfdwdsb323b2d9',
      messageId: 1367,
      data: 'v:intent:forgot_password',
    });
    expect(parsed?.event.conversationId).toBe('telegram:1111111');
  });

  it("the sender's own shared contact → contact event with an E.164 phone", () => {
    const parsed = parseTelegramUpdate(fixture('message-contact'), bot);
    expect(parsed?.event.input).toEqual({ kind: 'contact', phone: '+447700900002' });
  });

  it("someone else's contact is not proof of identity → unsupported", () => {
    const u = fixture('message-contact') as unknown as { message: { contact: { user_id: number } } };
    u.message.contact.user_id = 999;
    expect(parseTelegramUpdate(u as unknown as Update, bot)?.event.input).toEqual({
      kind: 'unsupported',
      what: 'contact',
    });
  });

  it('a sticker → unsupported', () => {
    expect(parseTelegramUpdate(fixture('message-sticker'), bot)?.event.input).toEqual({
      kind: 'unsupported',
      what: 'sticker',
    });
  });

  it('a group message mentioning the bot → text without the mention, isGroup, reply target', () => {
    const parsed = parseTelegramUpdate(fixture('group-mention'), bot);
    expect(parsed?.event).toMatchObject({
      conversationId: 'telegram:-1001234567890',
      isGroup: true,
      input: { kind: 'text', text: 'how do I top up?' },
    });
    expect(parsed?.replyToMessageId).toBe(77);
  });
});

describe('parseTelegramUpdate (rules)', () => {
  const group = { id: -5, type: 'group' };
  it('ignores group messages that do not address the bot', () => {
    expect(parseTelegramUpdate(message('how do I top up?', {}, group), bot)).toBeNull();
    expect(
      parseTelegramUpdate(
        message('@other_bot hi', { entities: [{ offset: 0, length: 10, type: 'mention' }] }, group),
        bot,
      ),
    ).toBeNull();
  });

  it('answers a group message that replies to the bot', () => {
    const parsed = parseTelegramUpdate(
      message('thanks', { reply_to_message: { message_id: 3, from: { id: bot.id } } }, group),
      bot,
    );
    expect(parsed?.event.input).toEqual({ kind: 'text', text: 'thanks' });
  });

  it('commands: /help, /lang zh, /human@upay_support_bot; commands for another bot are ignored', () => {
    expect(parseTelegramUpdate(message('/help'), bot)?.event.input).toEqual({ kind: 'command', name: 'help' });
    expect(parseTelegramUpdate(message('/lang ZH'), bot)?.event.input).toEqual({
      kind: 'command',
      name: 'lang',
      args: 'zh',
    });
    expect(parseTelegramUpdate(message('/cancel'), bot)?.event.input).toEqual({ kind: 'command', name: 'cancel' });
    const cmd = message(
      '/human@upay_support_bot',
      { entities: [{ offset: 0, length: 23, type: 'bot_command' }] },
      group,
    );
    expect(parseTelegramUpdate(cmd, bot)?.event.input).toEqual({ kind: 'command', name: 'human' });
    expect(parseTelegramUpdate(message('/help@other_bot'), bot)).toBeNull();
  });

  it('ignores bots, service messages and unknown update kinds', () => {
    const fromBot = message('hi') as unknown as { message: { from: { is_bot: boolean } } };
    fromBot.message.from.is_bot = true;
    expect(parseTelegramUpdate(fromBot as unknown as Update, bot)).toBeNull();
    const service = {
      update_id: 2,
      message: {
        message_id: 1,
        date: 0,
        chat: { id: 1, type: 'private' },
        from: { id: 1, is_bot: false, first_name: 'x' },
        new_chat_title: 't',
      },
    };
    expect(parseTelegramUpdate(service as unknown as Update, bot)).toBeNull();
    expect(parseTelegramUpdate({ update_id: 3, edited_message: {} } as unknown as Update, bot)).toBeNull();
  });
});
