import type { IncomingEvent, Reply } from '../../bot/core/messages.ts';
import type { Engine, TurnResult } from '../../bot/core/turn.ts';

/** A tiny engine for adapter tests: records events, dedupes on (channel, eventId), answers with `reply`. */
export function createScriptedEngine(reply: (event: IncomingEvent) => Reply[] | Promise<Reply[]>) {
  const events: IncomingEvent[] = [];
  const results = new Map<string, TurnResult>();
  const engine: Engine = {
    async handle(event) {
      const key = `${event.channel}:${event.eventId}`;
      const previous = results.get(key);
      if (previous) return { ...previous, duplicate: true };
      const pending: TurnResult = { replies: [], intent: null, flow: null, handoff: 'none' };
      results.set(key, pending);
      events.push(structuredClone(event));
      pending.replies = await reply(event);
      return pending;
    },
  };
  return { engine, events };
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let updateSeq = 50_000;
export function nextUpdateId(): number {
  return updateSeq++;
}

export function textUpdate(
  chatId: number,
  text: string,
  opts: { updateId?: number; lang?: string; chatType?: string } = {},
) {
  return {
    update_id: opts.updateId ?? nextUpdateId(),
    message: {
      message_id: Math.floor(Math.random() * 1e6),
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: opts.chatType ?? 'private' },
      from: { id: Math.abs(chatId), is_bot: false, first_name: 'Test', language_code: opts.lang ?? 'en' },
      text,
      ...(text.startsWith('/')
        ? { entities: [{ offset: 0, length: text.split(' ')[0]!.length, type: 'bot_command' }] }
        : {}),
    },
  };
}

export function callbackUpdate(chatId: number, messageId: number, data: string, updateId = nextUpdateId()) {
  return {
    update_id: updateId,
    callback_query: {
      id: `cq${updateId}`,
      from: { id: chatId, is_bot: false, first_name: 'Test', language_code: 'en' },
      message: { message_id: messageId, date: 0, chat: { id: chatId, type: 'private' }, text: 'x' },
      chat_instance: '1',
      data,
    },
  };
}

export function contactUpdate(chatId: number, phone: string, updateId = nextUpdateId()) {
  return {
    update_id: updateId,
    message: {
      message_id: Math.floor(Math.random() * 1e6),
      date: 0,
      chat: { id: chatId, type: 'private' },
      from: { id: chatId, is_bot: false, first_name: 'Test', language_code: 'en' },
      contact: { phone_number: phone, first_name: 'Test', user_id: chatId },
    },
  };
}

/** The inline keyboard of a sendMessage call: [{text, callback_data}] in order. */
export function keyboardOf(body: Record<string, unknown>): { text: string; callback_data: string }[] {
  const markup = body.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined;
  return markup?.inline_keyboard?.flat() ?? [];
}
