import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from '../../bot/logger.ts';
import { StoreError } from '../../bot/store/errors.ts';
import type { Store } from '../../bot/store/types.ts';
import type { Engine } from '../../bot/core/turn.ts';
import { splitMessage } from '../shared/split-message.ts';
import type { ChannelAdapter, Reply } from '../../bot/core/messages.ts';
import { createWechatApiClient, type WechatApiClient } from './api-client.ts';
import { renderWithChoices, resolveChoice } from './choices.ts';
import { WechatError, type WechatErrorCode } from './errors.ts';
import { createWechatCipher, type WechatCipher } from './message-crypto.ts';
import { createNonceCache } from './nonce-cache.ts';
import { parseWechatMessage, textOnlyNotice, type ParsedWechatMessage } from './parse-message.ts';
import { wechatSignature } from './signature.ts';
import { createPushVerifier, type QueryStrings } from './verify-push.ts';
import { encryptedReplyXml, parseWechatXml, textReplyXml } from './xml.ts';

export interface WechatAdapterOptions {
  /** The token set in the official-account console (server verification and signatures). */
  token: string;
  /** AppID/AppSecret: needed for safe mode and for the customer-service API (late replies, agents). */
  appId?: string;
  appSecret?: string;
  /** 43-character EncodingAESKey: enables safe mode (encrypt_type=aes), and then plaintext pushes are refused. */
  encodingAesKey?: string | undefined;
  /** The account's original id (gh_…): pushes with another ToUserName are refused. Unset = not checked (development). */
  accountId?: string | undefined;
  apiBase?: string;
  /** Route path; default /wechat. */
  path?: string;
  /** Answer passively when the turn finishes within this; otherwise "success" + customer-service API. Default 4000. */
  passiveReplyTimeoutMs?: number;
  /** Signed pushes whose timestamp is further than this from our clock are refused (replays). Default 5 min. */
  maxClockSkewMs?: number;
  now?: () => number;
  engine: Engine;
  store: Store;
  logger: Logger;
}

export interface WechatAdapter extends ChannelAdapter {
  readonly channel: 'wechat';
  router(): Router;
  /** Waits for late (customer-service API) deliveries in flight. */
  idle(): Promise<void>;
}

/** WeChat refuses passive text replies longer than 2,048 bytes. */
const PASSIVE_MAX_BYTES = 2048;
/** Customer-service messages are split below WeChat's text limit (CJK = 3 bytes a character). */
const CS_MAX_CHARS = 600;
const IN_FLIGHT_KEEP_MS = 60_000;
/** Refusals other than a bad signature (401); the response body names the code. */
const REFUSAL_STATUS: Partial<Record<WechatErrorCode, number>> = {
  plaintext_refused: 403,
  wrong_account: 403,
  replayed: 409,
};
const closedKey = (openId: string): string => `wechat:closed:${openId}`;

interface InFlight {
  done: Promise<void>;
  texts: string[];
  failed: boolean;
  delivered?: 'passive' | 'cs';
  lateScheduled: boolean;
}

export function createWechatAdapter(opts: WechatAdapterOptions): WechatAdapter {
  const { engine, store, token } = opts;
  const logger = opts.logger.child({ channel: 'wechat' });
  const passiveTimeoutMs = opts.passiveReplyTimeoutMs ?? 4000;
  const cipher: WechatCipher | undefined = opts.encodingAesKey
    ? createWechatCipher(opts.encodingAesKey, requireAppId(opts.appId))
    : undefined;
  const api: WechatApiClient | undefined =
    opts.appId && opts.appSecret
      ? createWechatApiClient({
          appId: opts.appId,
          appSecret: opts.appSecret,
          logger,
          ...(opts.apiBase ? { baseUrl: opts.apiBase } : {}),
        })
      : undefined;
  if (!api)
    logger.warn('WECHAT_APP_ID/WECHAT_APP_SECRET not set: slow turns and agent messages cannot reach WeChat customers');
  if (!opts.accountId) logger.warn('WECHAT_ACCOUNT_ID not set: the ToUserName of pushes is not checked');
  if (!cipher)
    logger.warn('WECHAT_ENCODING_AES_KEY not set: plain mode, message bodies are not covered by the signature');

  const inFlight = new Map<string, InFlight>();
  const late = new Set<Promise<void>>();

  async function sendByApi(openId: string, texts: string[]): Promise<void> {
    if (!api) throw new WechatError('bad_config', 'the customer-service API needs WECHAT_APP_ID and WECHAT_APP_SECRET');
    for (const text of texts) {
      for (const piece of splitMessage(text, CS_MAX_CHARS)) await api.sendText(openId, piece);
    }
  }

  async function runTurn(parsed: Extract<ParsedWechatMessage, { kind: 'turn' }>, entry: InFlight): Promise<void> {
    const conversationId = `wechat:${parsed.openId}`;
    let input = parsed.input;
    if (input.kind === 'text') {
      const value = await resolveChoice(store, conversationId, input.text);
      if (value !== undefined) input = { kind: 'action', value };
    }
    if (input.kind === 'start') await store.delete(closedKey(parsed.openId));
    const result = await engine.handle({
      eventId: parsed.eventId,
      channel: 'wechat',
      conversationId,
      user: { id: parsed.openId },
      input,
      receivedAt: new Date().toISOString(),
    });
    // A duplicate handled elsewhere (another instance) was answered there.
    if (result.duplicate) return;
    let replies: Reply[] = result.replies;
    if (!replies.length && input.kind === 'unsupported') replies = [{ text: textOnlyNotice() }];
    entry.texts = await renderWithChoices(store, conversationId, replies);
  }

  function deliverLate(openId: string, entry: InFlight): void {
    if (entry.delivered || entry.failed || !entry.texts.length) return;
    entry.delivered = 'cs';
    const job = sendByApi(openId, entry.texts)
      .catch((err: unknown) =>
        logger.error({ err, errcode: (err as WechatError).errcode }, 'wechat customer-service delivery failed'),
      )
      .finally(() => late.delete(job));
    late.add(job);
  }

  function passiveXml(parsed: { openId: string; accountId: string }, content: string): string {
    const xml = textReplyXml({
      toUser: parsed.openId,
      fromUser: parsed.accountId,
      content,
      createTimeS: Math.floor(Date.now() / 1000),
    });
    if (!cipher) return xml;
    const encrypt = cipher.encrypt(xml);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(8).toString('hex');
    return encryptedReplyXml({
      encrypt,
      signature: wechatSignature([token, timestamp, nonce, encrypt]),
      timestamp,
      nonce,
    });
  }

  const maxClockSkewMs = opts.maxClockSkewMs ?? 5 * 60_000;
  const verifier = createPushVerifier({ token, cipher, maxClockSkewMs, now: opts.now ?? Date.now });
  const nonces = createNonceCache(store, { maxClockSkewMs });

  /** Verifies (signature, time, mode, nonce, account) and decrypts a push; what it asks the bot to do. */
  async function openPush(req: Request): Promise<ParsedWechatMessage> {
    const push = verifier.verifyPush(queryStrings(req), typeof req.body === 'string' ? req.body : '');
    // Only after the signature checked out, so unsigned traffic cannot fill the store or burn nonces.
    if (!(await nonces.admit(push.replay)))
      throw new WechatError('replayed', 'this timestamp and nonce were used before');
    const msg = parseWechatXml(push.xml);
    const parsed = parseWechatMessage(msg);
    if (opts.accountId && msg.ToUserName !== opts.accountId)
      throw new WechatError('wrong_account', 'ToUserName is not this account');
    return parsed;
  }

  async function onMessage(req: Request, res: Response): Promise<void> {
    let parsed: ParsedWechatMessage;
    try {
      parsed = await openPush(req);
    } catch (err) {
      if (err instanceof WechatError && err.code === 'bad_signature') {
        logger.warn({ ip: req.ip }, 'wechat message with a bad signature');
        res.status(401).type('text/plain').send('unauthorized');
        return;
      }
      // The store failing is ours to answer (5xx, WeChat retries), not a bad message.
      if (err instanceof StoreError) throw err;
      const code: WechatErrorCode = err instanceof WechatError ? err.code : 'bad_message';
      logger.warn({ code, ip: req.ip }, 'wechat message rejected');
      res
        .status(REFUSAL_STATUS[code] ?? 400)
        .type('text/plain')
        .send(code);
      return;
    }
    if (parsed.kind === 'unsubscribe') {
      await store.set(closedKey(parsed.openId), { at: new Date().toISOString() }, { ttlMs: 365 * 24 * 3600_000 });
      logger.info({ conversationId: `wechat:${parsed.openId}` }, 'wechat customer unsubscribed');
      res.type('text/plain').send('success');
      return;
    }
    if (parsed.kind === 'ignore') {
      res.type('text/plain').send('success');
      return;
    }

    // Scoped to the customer: another sender reusing a MsgId must never be handed this customer's answer.
    const flightKey = `${parsed.openId}\n${parsed.eventId}`;
    let entry = inFlight.get(flightKey);
    if (!entry) {
      const fresh: InFlight = { done: Promise.resolve(), texts: [], failed: false, lateScheduled: false };
      fresh.done = runTurn(parsed, fresh).catch((err: unknown) => {
        fresh.failed = true;
        logger.error({ err, eventId: parsed.eventId }, 'wechat turn failed');
      });
      inFlight.set(flightKey, fresh);
      setTimeout(() => inFlight.delete(flightKey), IN_FLIGHT_KEEP_MS).unref();
      entry = fresh;
    } else {
      logger.info({ eventId: parsed.eventId }, 'wechat retry of a message already received');
    }

    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([
      entry.done.then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), passiveTimeoutMs);
      }),
    ]);
    clearTimeout(timer);

    const content = entry.texts.join('\n\n');
    const passiveOk =
      inTime && !entry.failed && content && entry.delivered !== 'cs' && Buffer.byteLength(content) <= PASSIVE_MAX_BYTES;
    if (passiveOk) {
      entry.delivered = 'passive';
      res.type('application/xml').send(passiveXml(parsed, content));
      return;
    }
    res.type('text/plain').send('success');
    if (!entry.lateScheduled) {
      entry.lateScheduled = true;
      const openId = parsed.openId;
      const target = entry;
      void target.done.then(() => deliverLate(openId, target));
    }
  }

  return {
    channel: 'wechat',

    async send(conversationId: string, replies: Reply[]): Promise<void> {
      const match = /^wechat:(.+)$/.exec(conversationId);
      if (!match?.[1]) throw new WechatError('bad_conversation', `not a WeChat conversation id: ${conversationId}`);
      const openId = match[1];
      if (await store.get(closedKey(openId)))
        throw new WechatError('unsubscribed', 'the customer unfollowed the account; message not sent');
      await sendByApi(openId, await renderWithChoices(store, conversationId, replies));
    },

    router(): Router {
      const router = express.Router();
      const path = opts.path ?? '/wechat';
      router.get(path, (req, res) => {
        const q = queryStrings(req);
        if (!verifier.verificationValid(q)) {
          logger.warn({ ip: req.ip }, 'wechat server verification failed');
          res.status(401).type('text/plain').send('unauthorized');
          return;
        }
        res.type('text/plain').send(q.echostr);
      });
      router.post(path, express.text({ type: () => true, limit: '64kb' }), (req, res, next) => {
        onMessage(req, res).catch(next);
      });
      return router;
    },

    async idle(): Promise<void> {
      await Promise.all([...inFlight.values()].map((e) => e.done));
      while (late.size) await Promise.all([...late]);
    },
  };
}

function requireAppId(appId: string | undefined): string {
  if (!appId)
    throw new WechatError(
      'bad_config',
      'WECHAT_ENCODING_AES_KEY needs WECHAT_APP_ID (it is part of every encrypted message)',
    );
  return appId;
}

function queryStrings(req: Request): QueryStrings {
  const out: QueryStrings = {};
  for (const [k, v] of Object.entries(req.query)) if (typeof v === 'string') out[k] = v;
  return out;
}
