import express, { type Router } from 'express';
import { Telegraf } from 'telegraf';
import type { InlineKeyboardButton, Update } from 'telegraf/types';
import type { Logger } from '../../bot/logger.ts';
import type { Store } from '../../bot/store/types.ts';
import type { Engine } from '../../bot/core/turn.ts';
import type { Button, ChannelAdapter, Reply } from '../../bot/core/messages.ts';
import { BOT_COMMANDS, shareContactLabels, textOnlyNotice } from './bot-commands.ts';
import { callWithRetry, DEFAULT_RETRY_POLICY, type RetryPolicy } from './call-api.ts';
import { decodeCallbackData, encodeCallbackData } from './callback-data.ts';
import { TelegramChannelError } from './errors.ts';
import { createKeyedQueue } from './keyed-queue.ts';
import { parseTelegramUpdate, type TelegramBotIdentity } from './parse-update.ts';
import { secretsEqual } from '../../bot/http/secret-compare.ts';
import { renderTelegramHtml, telegramHtmlToPlain } from '../shared/render/telegram-html.ts';
import { splitTelegramHtml } from './split-html.ts';
import { splitMessage } from '../shared/split-message.ts';
import { TELEGRAM_MAX_MESSAGE_CHARS } from './split-html.ts';

export interface TelegramAdapterOptions {
  token: string;
  /** Another Bot API server (tests, a local Bot API server). Default https://api.telegram.org. */
  apiRoot?: string;
  /** Webhook mode; absent = long polling. */
  webhook?: { url: string; secret: string };
  engine: Engine;
  store: Store;
  logger: Logger;
  retry?: Partial<RetryPolicy>;
  /** How long a pressed keyboard stays pressed (second presses ignored). Default 30 days. */
  pressedTtlMs?: number;
  maxMessageChars?: number;
}

export interface TelegramAdapter extends ChannelAdapter {
  readonly channel: 'telegram';
  readonly bot: Telegraf;
  /** getMe, setMyCommands (zh + default en), then setWebhook or long polling. */
  start(): Promise<void>;
  /** Stops polling and waits (bounded) for turns in flight. */
  stop(): Promise<void>;
  /** Queues one update (per-chat order kept) and resolves when it has been handled. */
  handleUpdate(update: Update): Promise<void>;
  /** Express router with the webhook route (path of the webhook URL); undefined in polling mode. */
  webhookRouter(): Router | undefined;
}

const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;
const closedKey = (chatId: number | string): string => `telegram:closed:${chatId}`;
const pressedKey = (chatId: number, messageId: number): string => `telegram:pressed:${chatId}:${messageId}`;

export function createTelegramAdapter(opts: TelegramAdapterOptions): TelegramAdapter {
  const { engine, store } = opts;
  const logger = opts.logger.child({ channel: 'telegram' });
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
  const maxChars = opts.maxMessageChars ?? TELEGRAM_MAX_MESSAGE_CHARS;
  const bot = new Telegraf(opts.token, opts.apiRoot ? { telegram: { apiRoot: opts.apiRoot } } : {});
  const queue = createKeyedQueue();
  let identity: TelegramBotIdentity | undefined;
  let polling: Promise<void> | undefined;

  bot.use((ctx) => {
    void handleUpdate(ctx.update);
  });
  bot.catch((err) => logger.error({ err }, 'telegram middleware failed'));

  async function me(): Promise<TelegramBotIdentity> {
    if (!identity) {
      const info = await callWithRetry('getMe', () => bot.telegram.getMe(), logger, retry);
      bot.botInfo = info;
      identity = { id: info.id, username: info.username };
    }
    return identity;
  }

  function handleUpdate(update: Update): Promise<void> {
    const chatKey = chatKeyOf(update);
    return queue.run(chatKey, async () => {
      try {
        await processUpdate(update);
      } catch (err) {
        logger.error({ err, updateId: update.update_id }, 'telegram update failed');
      }
    });
  }

  async function processUpdate(update: Update): Promise<void> {
    if ('my_chat_member' in update && update.my_chat_member) {
      const m = update.my_chat_member;
      if (m.chat.type === 'private') {
        if (m.new_chat_member.status === 'kicked') await markClosed(m.chat.id);
        else if (m.new_chat_member.status === 'member') await store.delete(closedKey(m.chat.id));
      }
      return;
    }
    const parsed = parseTelegramUpdate(update, await me());
    if (!parsed) return;
    const { event, chatId } = parsed;

    if (parsed.callback) {
      const { queryId, messageId, data } = parsed.callback;
      await callWithRetry('answerCallbackQuery', () => bot.telegram.answerCbQuery(queryId), logger, retry).catch(
        (err: unknown) => logger.warn({ err }, 'answerCallbackQuery failed'),
      );
      if (messageId !== undefined) {
        const first = await store.setIfAbsent(pressedKey(chatId, messageId), 1, {
          ttlMs: opts.pressedTtlMs ?? 30 * 24 * 3600_000,
        });
        if (!first) {
          logger.info({ updateId: update.update_id }, 'keyboard already pressed: ignored');
          return;
        }
        await callWithRetry(
          'editMessageReplyMarkup',
          () => bot.telegram.editMessageReplyMarkup(chatId, messageId, undefined, { inline_keyboard: [] }),
          logger,
          retry,
        ).catch((err: unknown) => logger.warn({ err }, 'could not remove the pressed keyboard'));
      }
      const value = await decodeCallbackData(store, data);
      // An expired short id still reaches the engine, which answers "that button is no longer active".
      event.input = { kind: 'action', value: value ?? data };
    }

    await store.delete(closedKey(chatId));
    const result = await engine.handle(event);
    if (result.duplicate) return;
    let replies = result.replies;
    if (!replies.length && event.input.kind === 'unsupported') replies = [{ text: textOnlyNotice(event.user.locale) }];
    await deliver(chatId, replies, parsed.replyToMessageId, !event.isGroup);
  }

  async function markClosed(chatId: number): Promise<void> {
    await store.set(closedKey(chatId), { at: new Date().toISOString() }, { ttlMs: 365 * 24 * 3600_000 });
    logger.info({ conversationId: `telegram:${chatId}` }, 'telegram conversation closed: the bot is blocked');
  }

  async function keyboard(buttons: Button[]): Promise<InlineKeyboardButton[][]> {
    return Promise.all(
      buttons.map(async (b) => [{ text: b.label, callback_data: await encodeCallbackData(store, b.value) }]),
    );
  }

  /**
   * Sends replies in order. In private chats (`offerContact`) a reply asking for the phone number is
   * followed by a one-time keyboard that shares the customer's own contact, in the reply's language.
   */
  async function deliver(
    chatId: number,
    replies: Reply[],
    replyToMessageId?: number,
    offerContact = true,
  ): Promise<void> {
    let replyTo = replyToMessageId;
    try {
      for (const reply of replies) {
        await deliverOne(reply);
        if (reply.requestContact && offerContact) {
          const labels = shareContactLabels(/[\u4e00-\u9fff]/u.test(reply.text) ? 'zh' : 'en');
          const keyboard = {
            keyboard: [[{ text: labels.button, request_contact: true }]],
            one_time_keyboard: true,
            resize_keyboard: true,
          };
          await callWithRetry(
            'sendMessage',
            () => bot.telegram.sendMessage(chatId, labels.prompt, { reply_markup: keyboard }),
            logger,
            retry,
          );
        }
      }
    } catch (err) {
      if (err instanceof TelegramChannelError && err.code === 'blocked') await markClosed(chatId);
      throw err;
    }

    async function deliverOne(reply: Reply): Promise<void> {
      const chunks = splitTelegramHtml(renderTelegramHtml(reply), maxChars);
      for (const [i, chunk] of chunks.entries()) {
        const last = i === chunks.length - 1;
        const markup = last && reply.buttons?.length ? { inline_keyboard: await keyboard(reply.buttons) } : undefined;
        try {
          await sendChunk(chunk, 'HTML', markup);
        } catch (err) {
          if (!(err instanceof TelegramChannelError && err.code === 'bad_entities')) throw err;
          // Once, as plain text: a reply the customer can read beats formatting Telegram refused.
          logger.warn(
            { conversationId: `telegram:${chatId}` },
            'telegram refused the HTML entities: resent as plain text',
          );
          const pieces = splitMessage(telegramHtmlToPlain(chunk), maxChars);
          for (const [j, piece] of pieces.entries())
            await sendChunk(piece, undefined, j === pieces.length - 1 ? markup : undefined);
        }
      }
    }

    async function sendChunk(
      text: string,
      parseMode: 'HTML' | undefined,
      markup: { inline_keyboard: InlineKeyboardButton[][] } | undefined,
    ): Promise<void> {
      const extra = {
        ...(parseMode ? { parse_mode: parseMode } : {}),
        ...(markup ? { reply_markup: markup } : {}),
        ...(replyTo !== undefined
          ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } }
          : {}),
      };
      await callWithRetry('sendMessage', () => bot.telegram.sendMessage(chatId, text, extra), logger, retry);
      replyTo = undefined;
    }
  }

  return {
    channel: 'telegram',
    bot,
    handleUpdate,

    async send(conversationId: string, replies: Reply[]): Promise<void> {
      const match = /^telegram:(-?\d+)$/.exec(conversationId);
      if (!match)
        throw new TelegramChannelError('bad_conversation', `not a Telegram conversation id: ${conversationId}`);
      const chatId = Number(match[1]);
      if (await store.get(closedKey(chatId))) {
        throw new TelegramChannelError('blocked', 'the customer has blocked the bot; message not sent', 403);
      }
      await deliver(chatId, replies);
    },

    async start(): Promise<void> {
      await me();
      for (const [lang, commands] of [
        ['zh', BOT_COMMANDS.zh],
        [undefined, BOT_COMMANDS.en],
      ] as const) {
        await callWithRetry(
          'setMyCommands',
          () => bot.telegram.setMyCommands(commands, lang ? { language_code: lang } : {}),
          logger,
          retry,
        ).catch((err: unknown) => logger.warn({ err, lang: lang ?? 'default' }, 'setMyCommands failed'));
      }
      if (opts.webhook) {
        await callWithRetry(
          'setWebhook',
          () =>
            bot.telegram.setWebhook(opts.webhook!.url, {
              secret_token: opts.webhook!.secret,
              allowed_updates: [...ALLOWED_UPDATES],
            }),
          logger,
          retry,
        );
        logger.info({ mode: 'webhook' }, 'telegram channel started');
        return;
      }
      polling = bot.launch({ allowedUpdates: [...ALLOWED_UPDATES] }).catch((err: unknown) => {
        logger.error({ err }, 'telegram long polling stopped with an error');
      });
      logger.info({ mode: 'polling' }, 'telegram channel started');
    },

    async stop(): Promise<void> {
      if (polling) {
        try {
          bot.stop('shutdown');
        } catch {
          // not running any more
        }
        await polling;
        polling = undefined;
      }
      await Promise.race([queue.idle(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    },

    webhookRouter(): Router | undefined {
      const webhook = opts.webhook;
      if (!webhook) return undefined;
      const router = express.Router();
      const path = new URL(webhook.url).pathname || '/';
      router.post(
        path,
        (req, res, next) => {
          if (!secretsEqual(req.get('x-telegram-bot-api-secret-token'), webhook.secret)) {
            logger.warn({ ip: req.ip }, 'telegram webhook: wrong secret token');
            res.status(401).json({ error: { code: 'unauthorized', message: 'bad secret token' } });
            return;
          }
          next();
        },
        express.json({ limit: '1mb' }),
        (req, res) => {
          const update: unknown = req.body;
          if (
            typeof update !== 'object' ||
            update === null ||
            typeof (update as { update_id?: unknown }).update_id !== 'number'
          ) {
            res.status(400).json({ error: { code: 'invalid_request', message: 'not a Telegram update' } });
            return;
          }
          // Acknowledge at once; the turn runs in the background (per-chat order kept).
          void handleUpdate(update as Update);
          res.sendStatus(200);
        },
      );
      return router;
    },
  };
}

function chatKeyOf(update: Update): string {
  if ('message' in update && update.message) return String(update.message.chat.id);
  if ('callback_query' in update && update.callback_query?.message)
    return String(update.callback_query.message.chat.id);
  if ('my_chat_member' in update && update.my_chat_member) return String(update.my_chat_member.chat.id);
  return 'other';
}
