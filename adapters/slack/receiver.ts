import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from '../../bot/logger.ts';
import type { Store } from '../../bot/store/types.ts';
import { keys } from '../../bot/handoff/case-record.ts';
import { SlackSignatureError, verifySlackSignature } from './verify.ts';

export interface SlackReceiverOptions {
  signingSecret: string;
  store: Store;
  logger: Logger;
  /** Route path. Default /slack/events (Events API and interactivity share it). */
  path?: string;
  /** Clock for the timestamp window (tests). */
  nowMs?: () => number;
  /** How long handled event ids are remembered. Default 1 h (Slack retries within minutes). */
  dedupeTtlMs?: number;
  bodyLimit?: string;
}

type SlackBody = Record<string, unknown>;

function header(req: Request, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Parses the verified raw body: JSON (Events API) or form with `payload=` (interactivity). */
export function parseSlackBody(raw: Buffer, contentType: string | undefined): SlackBody {
  const text = raw.toString('utf8');
  if ((contentType ?? '').includes('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(text);
    const payload = form.get('payload');
    if (payload !== null) {
      const parsed: unknown = JSON.parse(payload);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SyntaxError('payload is not an object');
      return parsed as SlackBody;
    }
    return Object.fromEntries(form.entries());
  }
  const parsed: unknown = JSON.parse(text);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SyntaxError('body is not an object');
  return parsed as SlackBody;
}

/** A key that is the same for Slack's retries of one delivery, or undefined when there is none. */
export function dedupeKeyOf(body: SlackBody): string | undefined {
  if (body.type === 'event_callback' && typeof body.event_id === 'string') return keys.slackEvent(body.event_id);
  if (body.type === 'block_actions') {
    const user = (body.user as { id?: unknown } | undefined)?.id;
    const action = (body.actions as { action_ts?: unknown; action_id?: unknown }[] | undefined)?.[0];
    if (typeof user === 'string' && action && typeof action.action_ts === 'string') {
      return keys.slackAction(`${user}:${String(action.action_id)}:${action.action_ts}`);
    }
  }
  return undefined;
}

/**
 * A Bolt receiver mounted on the main express server: verifies the v0 signature over the raw bytes
 * (401 on a bad signature or a timestamp outside ±5 min), answers url_verification, drops
 * deliveries already handled (Slack retries, `X-Slack-Retry-Num`), acknowledges at once and lets
 * Bolt run the listeners after the response.
 */
export class SlackEventsReceiver implements Receiver {
  private bolt: App | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly opts: SlackReceiverOptions) {}

  init(app: App): void {
    this.bolt = app;
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    await this.idle();
  }

  /** Resolves when every event acknowledged so far has been processed. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  router(): Router {
    const router = express.Router();
    router.post(this.opts.path ?? '/slack/events', express.raw({ type: () => true, limit: this.opts.bodyLimit ?? '1mb' }), (req, res) => {
      void this.handle(req, res).catch((error: unknown) => {
        this.opts.logger.error({ err: error instanceof Error ? error.name : 'unknown' }, 'slack request failed');
        if (!res.headersSent) res.status(500).json({ error: 'internal' });
      });
    });
    return router;
  }

  private async handle(req: Request, res: Response): Promise<void> {
    const { logger } = this.opts;
    const raw: unknown = req.body;
    if (!Buffer.isBuffer(raw)) {
      res.status(400).json({ error: 'body_unreadable' });
      return;
    }
    try {
      verifySlackSignature({
        signingSecret: this.opts.signingSecret,
        rawBody: raw,
        timestamp: header(req, 'x-slack-request-timestamp'),
        signature: header(req, 'x-slack-signature'),
        nowMs: (this.opts.nowMs ?? Date.now)(),
      });
    } catch (error) {
      if (error instanceof SlackSignatureError) {
        logger.warn({ reason: error.reason }, 'slack request rejected');
        res.status(401).json({ error: error.reason });
        return;
      }
      throw error;
    }

    let body: SlackBody;
    try {
      body = parseSlackBody(raw, header(req, 'content-type'));
    } catch {
      res.status(400).json({ error: 'body_invalid' });
      return;
    }
    if (body.ssl_check) {
      res.status(200).end();
      return;
    }
    if (body.type === 'url_verification') {
      res.json({ challenge: typeof body.challenge === 'string' ? body.challenge : '' });
      return;
    }

    const retryHeader = header(req, 'x-slack-retry-num');
    const retryNum = retryHeader !== undefined && /^\d+$/.test(retryHeader) ? Number(retryHeader) : undefined;
    const dedupeKey = dedupeKeyOf(body);
    if (dedupeKey && !(await this.opts.store.setIfAbsent(dedupeKey, true, { ttlMs: this.opts.dedupeTtlMs ?? 3600_000 }))) {
      logger.info({ retryNum, type: body.type }, 'slack delivery already handled; ignored');
      res.status(200).end();
      return;
    }

    // Acknowledge within Slack's 3 s; the work runs after the response.
    res.status(200).end();
    const event: ReceiverEvent = {
      body,
      ack: async () => undefined,
      ...(retryNum !== undefined ? { retryNum } : {}),
      ...(header(req, 'x-slack-retry-reason') ? { retryReason: header(req, 'x-slack-retry-reason') as string } : {}),
    };
    const bolt = this.bolt;
    if (!bolt) {
      logger.error({}, 'slack receiver used before Bolt was initialised');
      return;
    }
    const work = bolt.processEvent(event).catch((error: unknown) => {
      logger.error({ err: error instanceof Error ? error.name : 'unknown', type: body.type }, 'slack event processing failed');
    });
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }
}
