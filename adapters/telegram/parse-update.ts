import type { Message, MessageEntity, Update, User } from 'telegraf/types';
import type { EventInput, IncomingEvent } from '../../bot/core/messages.ts';

export interface TelegramBotIdentity {
  id: number;
  username: string;
}

/** An update the bot should answer, with what the adapter needs to answer it. */
export interface ParsedTelegramUpdate {
  event: IncomingEvent;
  chatId: number;
  /** In groups the bot answers as a reply to the message that addressed it. */
  replyToMessageId?: number;
  /** Present for button presses; `event.input` then carries the raw callback data until decoded. */
  callback?: { queryId: string; messageId?: number; data: string };
}

const NON_TEXT_KINDS = [
  'sticker',
  'photo',
  'voice',
  'video',
  'video_note',
  'audio',
  'document',
  'animation',
  'location',
  'venue',
  'poll',
  'dice',
  'contact',
  'story',
  'game',
  'invoice',
] as const;

const COMMANDS = new Set(['start', 'help', 'cancel', 'human', 'lang']);

/**
 * Turns a Telegram update into a neutral event, or null when the bot should stay silent
 * (service messages, edits, the bot's own messages, group messages that do not address it).
 */
export function parseTelegramUpdate(update: Update, bot: TelegramBotIdentity): ParsedTelegramUpdate | null {
  if (!update || typeof update.update_id !== 'number') return null;
  const eventId = String(update.update_id);
  if ('callback_query' in update && update.callback_query) {
    const q = update.callback_query;
    const data = 'data' in q && typeof q.data === 'string' ? q.data : undefined;
    const chat = q.message?.chat;
    if (!data || !chat) return null;
    return {
      event: baseEvent(eventId, chat.id, chat.type !== 'private', q.from, { kind: 'action', value: data }),
      chatId: chat.id,
      callback: { queryId: q.id, messageId: q.message?.message_id, data },
    };
  }
  if ('message' in update && update.message) return parseMessage(eventId, update.message, bot);
  return null;
}

function parseMessage(eventId: string, message: Message, bot: TelegramBotIdentity): ParsedTelegramUpdate | null {
  const from = message.from;
  if (!from || from.is_bot) return null;
  const chat = message.chat;
  const isGroup = chat.type !== 'private';
  const replyToBot = 'reply_to_message' in message && message.reply_to_message?.from?.id === bot.id;

  let input: EventInput | null;
  if ('text' in message && typeof message.text === 'string') {
    const addressed = stripMention(message.text, message.entities ?? [], bot);
    if (isGroup && !addressed.mentioned && !replyToBot) return null;
    input = textInput(addressed.text, bot);
  } else {
    if (isGroup && !replyToBot) return null;
    input = nonTextInput(message, isGroup);
  }
  if (!input) return null;
  return {
    event: baseEvent(eventId, chat.id, isGroup, from, input),
    chatId: chat.id,
    ...(isGroup ? { replyToMessageId: message.message_id } : {}),
  };
}

function baseEvent(eventId: string, chatId: number, isGroup: boolean, from: User, input: EventInput): IncomingEvent {
  const name = [from.first_name, from.last_name].filter(Boolean).join(' ') || from.username;
  return {
    eventId,
    channel: 'telegram',
    conversationId: `telegram:${chatId}`,
    user: {
      id: String(from.id),
      ...(name ? { name } : {}),
      ...(from.language_code ? { locale: from.language_code } : {}),
    },
    input,
    ...(isGroup ? { isGroup: true } : {}),
    receivedAt: new Date().toISOString(),
  };
}

/** Removes "@botname" mentions; `mentioned` says whether the bot was addressed. */
function stripMention(
  text: string,
  entities: MessageEntity[],
  bot: TelegramBotIdentity,
): { text: string; mentioned: boolean } {
  const handle = `@${bot.username}`.toLowerCase();
  let mentioned = false;
  let out = text;
  const sorted = [...entities].sort((a, b) => b.offset - a.offset);
  for (const e of sorted) {
    const slice = text.slice(e.offset, e.offset + e.length);
    const isMention = e.type === 'mention' && slice.toLowerCase() === handle;
    const isTextMention = e.type === 'text_mention' && e.user.id === bot.id;
    const isCommandToBot = e.type === 'bot_command' && slice.toLowerCase().endsWith(handle);
    if (isMention || isTextMention) {
      mentioned = true;
      out = out.slice(0, e.offset) + out.slice(e.offset + e.length);
    } else if (isCommandToBot) {
      mentioned = true;
    }
  }
  return { text: out.replace(/\s+/gu, ' ').trim(), mentioned };
}

function textInput(text: string, bot: TelegramBotIdentity): EventInput | null {
  const command = /^\/([A-Za-z_]+)(?:@([A-Za-z0-9_]+))?(?:\s+([\s\S]*))?$/u.exec(text);
  if (command) {
    const name = (command[1] ?? '').toLowerCase();
    const target = command[2];
    if (target && target.toLowerCase() !== bot.username.toLowerCase()) return null;
    const args = command[3]?.trim();
    if (name === 'start') return { kind: 'start' };
    if (COMMANDS.has(name)) {
      return {
        kind: 'command',
        name: name as 'help' | 'cancel' | 'human' | 'lang',
        ...(args ? { args: args.toLowerCase() } : {}),
      };
    }
  }
  if (!text) return null;
  return { kind: 'text', text };
}

function nonTextInput(message: Message, isGroup: boolean): EventInput | null {
  if ('contact' in message && message.contact) {
    const c = message.contact;
    if (!isGroup && c.user_id !== undefined && c.user_id === message.from?.id && c.phone_number) {
      return { kind: 'contact', phone: normalizePhone(c.phone_number) };
    }
    return { kind: 'unsupported', what: 'contact' };
  }
  const what = NON_TEXT_KINDS.find((k) => k in message);
  return what ? { kind: 'unsupported', what } : null;
}

/** Telegram sends phone numbers without "+" ("8613800138000"); the wallet expects E.164. */
function normalizePhone(phone: string): string {
  const digits = phone.replace(/[^\d+]/gu, '');
  return digits.startsWith('+') ? digits : `+${digits}`;
}
