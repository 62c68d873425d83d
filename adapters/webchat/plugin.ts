import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import type { ReplySink } from '../../bot/core/messages.ts';
import type { Engine } from '../../bot/core/turn.ts';
import { createRateLimiter } from '../../bot/http/rate-limit.ts';
import type { Logger } from '../../bot/logger.ts';
import type { ChannelPlugin } from '../../bot/plugin/types.ts';
import type { Store } from '../../bot/store/types.ts';
import { sendThrough } from '../shared/plugin-support.ts';
import { createConversationLog } from './conversation-log.ts';
import { createWebchatRoutes } from './routes.ts';
import { createSessionRegistry } from './sessions.ts';
import { createWebchatSink } from './sink.ts';
import { secretKey } from './token.ts';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

/** The in-app chat API's own path prefixes: limited per address by the API limit, not charged to the webhook budget. */
export const WEBCHAT_API_PREFIXES: readonly string[] = ['/api/inapp/', '/api/sandbox/'];

export interface WebchatDeps {
  engine: Engine;
  store: Store;
  logger: Logger;
  /** HS256 key the app signs customer tokens with. */
  tokenKey: Uint8Array;
  /** Demo mode: `POST /api/sandbox/token` exists only while the sandbox wallet is in use, never in production. */
  sandboxTokens: boolean;
  /** Messages per conversation and minute. Default 60. */
  conversationPerMinute?: number;
  /** Open event streams per session on this instance. Default 3. */
  maxStreamsPerSession?: number;
  /** How long a session accepts messages. Default 24 hours. */
  sessionTtlMs?: number;
}

/**
 * Mounts the in-app chat: its API (sessions, messages, event streams, history, demo tokens) under the
 * JSON parser, and its page after the API's 404. Returns the sink that delivers later messages (agent
 * replies, notices) to in-app customers through the conversation log and the store's pub/sub.
 */
export function mountWebchat(routes: { api: Router; pages: Router }, deps: WebchatDeps): ReplySink {
  const sessions = createSessionRegistry(deps.store, { sessionTtlMs: deps.sessionTtlMs ?? 24 * 3600_000 });
  const log = createConversationLog(deps.store, { maxEntries: 200, ttlMs: 30 * 24 * 3600_000 });
  routes.api.use(
    createWebchatRoutes({
      engine: deps.engine,
      store: deps.store,
      sessions,
      log,
      tokenKey: deps.tokenKey,
      logger: deps.logger,
      conversationLimiter: createRateLimiter({ limit: deps.conversationPerMinute ?? 60, windowMs: 60_000 }),
      ...(deps.maxStreamsPerSession ? { maxStreamsPerSession: deps.maxStreamsPerSession } : {}),
      sandboxTokens: deps.sandboxTokens,
    }),
  );
  routes.pages.use(express.static(PUBLIC_DIR, { index: 'index.html', maxAge: '1h', fallthrough: true }));
  return createWebchatSink(deps.store, log);
}

/**
 * The in-app chat (the upay app's web view and the demo page) as a channel. Always on: it is the
 * channel the service runs with no channel variables set. Customers signed by the app (INAPP_TOKEN_SECRET)
 * are verified; without the secret a random one is used for the run (app tokens from elsewhere fail).
 */
export function createWebchatChannel(): ChannelPlugin {
  let sink: ReplySink | undefined;
  return {
    name: 'webchat',
    apiPrefixes: WEBCHAT_API_PREFIXES,
    enabled: () => true,
    mount(routes, { config, app }) {
      let tokenSecret = config.INAPP_TOKEN_SECRET;
      if (!tokenSecret) {
        tokenSecret = randomBytes(32).toString('base64url');
        app.logger.warn(
          'INAPP_TOKEN_SECRET is unset: using a random secret for this run (app tokens from elsewhere will not verify)',
        );
      }
      sink = mountWebchat(routes, {
        engine: app.engine,
        store: app.store,
        logger: app.logger,
        tokenKey: secretKey(tokenSecret),
        // Demo customer tokens: only with the in-process sandbox wallet, and never in production.
        sandboxTokens: app.sandboxInUse && config.NODE_ENV !== 'production',
        conversationPerMinute: config.RATE_LIMIT_CONVERSATION_PER_MINUTE,
        maxStreamsPerSession: config.INAPP_MAX_STREAMS_PER_SESSION,
        sessionTtlMs: config.INAPP_SESSION_TTL_MINUTES * 60_000,
      });
    },
    send: (conversationId, replies) => sendThrough('webchat', sink, conversationId, replies),
  };
}
