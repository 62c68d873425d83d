import express, { type Request, type Response, type Router } from 'express';
import type { ZodError } from 'zod';
import type { IncomingEvent } from '../../bot/core/messages.ts';
import type { Engine, TurnResult } from '../../bot/core/turn.ts';
import type { Store } from '../../bot/store/types.ts';
import type { Logger } from '../../bot/logger.ts';
import { HttpError } from '../../bot/http/errors.ts';
import { rateLimitError, type RateLimiter } from '../../bot/http/rate-limit.ts';
import { redact } from '../../intents/redact.ts';
import { CreateSessionBody, MessageBody, SandboxTokenBody } from './schemas.ts';
import { describeZodError } from '../../bot/http/zod-error.ts';
import { signCustomerToken, TokenError, verifyCustomerToken } from './token.ts';
import type { InAppSession, SessionRegistry } from './sessions.ts';
import { entryOfReply, type ConversationLog } from './conversation-log.ts';
import { eventStreamHandler } from './events-route.ts';
import { replyHtml, shownEntry } from './reply-html.ts';
import { createStreamLimiter } from './stream-limiter.ts';

export interface WebchatRoutesDeps {
  engine: Engine;
  store: Store;
  sessions: SessionRegistry;
  log: ConversationLog;
  tokenKey: Uint8Array;
  logger: Logger;
  /** Per-conversation message limit. */
  conversationLimiter: RateLimiter;
  /** Demo mode: `POST /api/sandbox/token` exists only while the sandbox wallet is in use. */
  sandboxTokens: boolean;
  /** Event stream keep-alive comment interval. */
  heartbeatMs?: number;
  /** Open event streams per session on this instance (INAPP_MAX_STREAMS_PER_SESSION); one more closes the oldest. Default 3. */
  maxStreamsPerSession?: number;
}

function parseBody<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodError } },
  body: unknown,
): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw new HttpError(400, 'invalid_request', describeZodError(result.error));
  return result.data;
}

/** The public shape of a turn: that of `upay-bot chat --jsonl`, plus each reply's sanitized `html` for the page. */
function turnBody(result: TurnResult) {
  return {
    replies: result.replies.map((r) => ({
      text: r.text,
      html: replyHtml(r.text),
      ...(r.buttons?.length ? { buttons: r.buttons } : {}),
    })),
    intent: result.intent,
    flow: result.flow,
    handoff: result.handoff,
  };
}

export function createWebchatRoutes(deps: WebchatRoutesDeps): Router {
  const router = express.Router();
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  const streams = createStreamLimiter(deps.maxStreamsPerSession ?? 3);

  async function sessionOf(req: Request): Promise<InAppSession> {
    const found = await deps.sessions.lookup(String(req.params.sessionId));
    if (found.status === 'unknown') throw new HttpError(404, 'session_not_found', 'no such session');
    if (found.status === 'expired')
      throw new HttpError(410, 'session_expired', 'the session has expired; start a new one');
    return found.session;
  }

  router.get('/api/inapp/config', (_req: Request, res: Response) => {
    res.json({ sandbox: deps.sandboxTokens, locales: ['zh', 'en'] });
  });

  router.post('/api/inapp/sessions', async (req: Request, res: Response) => {
    const body = parseBody(CreateSessionBody, req.body);
    let customerId: string | undefined;
    let tokenExpiresAt: Date | undefined;
    if (body.token !== undefined) {
      try {
        const token = await verifyCustomerToken(body.token, deps.tokenKey);
        customerId = token.customerId;
        tokenExpiresAt = token.expiresAt;
      } catch (error) {
        const code = error instanceof TokenError ? error.code : 'token_invalid';
        throw new HttpError(
          401,
          code,
          code === 'token_expired' ? 'the customer token has expired' : 'the customer token is not valid',
        );
      }
    }
    const session = await deps.sessions.create({
      ...(customerId ? { customerId } : {}),
      ...(body.locale ? { locale: body.locale } : {}),
      ...(tokenExpiresAt ? { tokenExpiresAt } : {}),
    });
    // A brand-new conversation opens with the assistant's welcome, kept in the history.
    if ((await deps.log.lastId(session.conversationId)) === 0) {
      const result = await deps.engine.handle(eventFor(req, session, START_EVENT, { kind: 'start' }));
      await deps.log.append(
        session.conversationId,
        result.replies.map((r) => entryOfReply(r)),
      );
    }
    res
      .status(201)
      .json({ sessionId: session.sessionId, conversationId: session.conversationId, expiresAt: session.expiresAt });
  });

  router.post('/api/inapp/sessions/:sessionId/messages', async (req: Request, res: Response) => {
    const session = await sessionOf(req);
    const body = parseBody(MessageBody, req.body);
    const wait = deps.conversationLimiter.take(session.conversationId);
    if (wait) throw rateLimitError(wait);
    const input: IncomingEvent['input'] =
      body.kind === 'text' ? { kind: 'text', text: body.text } : { kind: 'action', value: body.value };
    const result = await deps.engine.handle(eventFor(req, session, body.clientMessageId, input));
    if (!result.duplicate) {
      // Typed words as the engine stored them (redacted once per turn); a pressed button as its label,
      // found in the log read under the append's lock (one read per turn).
      await deps.log.append(session.conversationId, (current) => [
        {
          from: 'customer',
          text: body.kind === 'text' ? (result.customerText ?? redact(body.text).text) : labelOf(body.value, current),
        },
        ...result.replies.map((r) => entryOfReply(r)),
      ]);
    }
    res.json(turnBody(result));
  });

  router.get('/api/inapp/sessions/:sessionId/history', async (req: Request, res: Response) => {
    const session = await sessionOf(req);
    const entries = await deps.log.history(session.conversationId);
    res.json({
      conversationId: session.conversationId,
      locale: session.locale ?? null,
      entries: entries.map(shownEntry),
    });
  });

  router.get(
    '/api/inapp/sessions/:sessionId/events',
    eventStreamHandler({ store: deps.store, log: deps.log, logger: deps.logger, streams, heartbeatMs, sessionOf }),
  );

  if (deps.sandboxTokens) {
    router.post('/api/sandbox/token', async (req: Request, res: Response) => {
      const body = parseBody(SandboxTokenBody, req.body);
      res.json({ token: await signCustomerToken(body.customerId, deps.tokenKey, 3600) });
    });
  }

  return router;
}

/** The welcome turn's id within its conversation: `#` is outside the client message id alphabet, so no message collides with it. */
const START_EVENT = '#start';

/** The engine's event. Nothing in it carries the session id (the engine stores and logs what it gets). */
function eventFor(
  req: Request,
  session: InAppSession,
  clientMessageId: string,
  input: IncomingEvent['input'],
): IncomingEvent {
  return {
    eventId: `${session.conversationId}:${clientMessageId}`,
    channel: 'webchat',
    conversationId: session.conversationId,
    user: { id: session.customerId ?? session.conversationId, ...(session.locale ? { locale: session.locale } : {}) },
    input,
    ...(session.customerId ? { verifiedCustomerId: session.customerId } : {}),
    receivedAt: new Date().toISOString(),
    ...(req.ip ? { clientIp: req.ip } : {}),
  };
}

/** A pressed button shows in the history as its label, as the customer saw it. */
function labelOf(value: string, history: readonly { buttons?: readonly { label: string; value: string }[] }[]): string {
  for (let i = history.length - 1; i >= 0; i--) {
    const button = history[i]?.buttons?.find((b) => b.value === value);
    if (button) return button.label;
  }
  return value;
}
