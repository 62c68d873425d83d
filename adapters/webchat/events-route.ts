import type { Request, Response } from 'express';
import type { Store, Unsubscribe } from '../../bot/store/types.ts';
import type { Logger } from '../../bot/logger.ts';
import type { ConversationLog } from './conversation-log.ts';
import { shownEntry } from './reply-html.ts';
import type { InAppSession } from './sessions.ts';
import type { StreamLimiter } from './stream-limiter.ts';

export interface EventStreamDeps {
  store: Store;
  log: ConversationLog;
  logger: Logger;
  streams: StreamLimiter;
  heartbeatMs: number;
  sessionOf(req: Request): Promise<InAppSession>;
}

/** setTimeout fires at once for delays beyond this (about 24.8 days); longer waits re-arm. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * `GET /api/inapp/sessions/:sessionId/events`: server-sent events of pushed entries (agent
 * messages, notices), resumable with `Last-Event-ID`. The server ends a stream with a named event
 * the page can act on: `superseded` (a newer stream of the session took its place; the page stops
 * reconnecting) or `expired` (the session ended; a reconnect gets 410).
 */
export function eventStreamHandler(deps: EventStreamDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const session = await deps.sessionOf(req);
    const fromHeader =
      req.get('Last-Event-ID') ?? (typeof req.query.lastEventId === 'string' ? req.query.lastEventId : undefined);
    let lastSent = Number.parseInt(fromHeader ?? '', 10);
    if (!Number.isFinite(lastSent) || lastSent < 0) {
      // A first connection starts from now: history is fetched separately.
      lastSent = await deps.log.lastId(session.conversationId);
    }
    if (req.socket.destroyed) return; // the client left while the session was looked up

    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write('retry: 2000\n\n');

    let closed = false;
    const subscription: { unsubscribe?: Unsubscribe } = {};
    let expiryTimer: NodeJS.Timeout | undefined;
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), deps.heartbeatMs);
    const release = deps.streams.open(session.conversationId, () => end('superseded'));

    function cleanup(): void {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      clearTimeout(expiryTimer);
      release();
      if (subscription.unsubscribe) stopListening(subscription.unsubscribe);
    }
    function end(reason: 'superseded' | 'expired'): void {
      if (closed) return;
      res.write(`event: ${reason}\ndata: {}\n\n`);
      cleanup();
      res.end();
    }
    res.on('close', cleanup);
    // A stream that ends while the store is closing (shutdown, lost connection) cannot unsubscribe; nothing is lost.
    function stopListening(unsubscribe: Unsubscribe): void {
      unsubscribe().catch((error: unknown) =>
        deps.logger.debug(
          { err: String(error), conversationId: session.conversationId },
          'event stream unsubscribe failed',
        ),
      );
    }

    const expiresAtMs = Date.parse(session.expiresAt);
    const armExpiry = (): void => {
      const leftMs = expiresAtMs - Date.now();
      if (leftMs <= 0) return end('expired');
      expiryTimer = setTimeout(armExpiry, Math.min(leftMs, MAX_TIMER_MS));
    };
    armExpiry();

    let flushing = Promise.resolve();
    const flush = () => {
      flushing = flushing
        .then(async () => {
          if (closed) return;
          for (const entry of await deps.log.pushedSince(session.conversationId, lastSent)) {
            res.write(`id: ${entry.id}\nevent: message\ndata: ${JSON.stringify(shownEntry(entry))}\n\n`);
            lastSent = entry.id;
          }
        })
        .catch((error: unknown) =>
          deps.logger.warn({ err: String(error), conversationId: session.conversationId }, 'event stream flush failed'),
        );
    };
    const unsubscribe = await deps.store.subscribe(deps.log.channel(session.conversationId), flush);
    if (closed) {
      stopListening(unsubscribe); // ended while subscribing
      return;
    }
    subscription.unsubscribe = unsubscribe;
    flush();
  };
}
