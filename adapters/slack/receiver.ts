import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from '../../bot/logger.ts';
import type { Store } from '../../bot/store/types.ts';
import { keys } from '../../bot/handoff/case-record.ts';
import { readCappedBody } from './body-reader.ts';
import { SlackSignatureError, checkSlackHeaders, verifySlackSignature } from './verify.ts';

/**
 * Slack's event and interactivity payloads are small, but a block_actions payload echoes the whole
 * case message: three sections of up to 2,900 CJK characters, form-encoded at ~9 bytes each, come
 * near 80 KB. 128 KiB leaves room; anything larger is not Slack's and is refused unread (413).
 */
export const DEFAULT_MAX_BODY_BYTES = 128 * 1024;

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
  /** Larger bodies are answered 413 without being read whole. Default DEFAULT_MAX_BODY_BYTES. */
  maxBodyBytes?: number;
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
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new SyntaxError('payload is not an object');
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
 * A Bolt receiver mounted on the main express server. In order: the signature headers are checked
 * (present, v0-shaped, timestamp within ±5 min; 401) before any body byte is read; the body is read
 * up to a small cap (413 beyond, refused unread when Content-Length says so); the v0 HMAC is
 * verified over the raw bytes in constant time (401); only then is the body parsed. It answers
 * url_verification, drops deliveries already handled (Slack retries, `X-Slack-Retry-Num`),
 * acknowledges at once and lets Bolt run the listeners after the response.
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
    // No body parser here: the receiver reads the raw bytes itself, after the header checks.
    router.post(this.opts.path ?? '/slack/events', (req, res) => {
      void this.handle(req, res).catch((error: unknown) => {
        this.opts.logger.error({ err: error instanceof Error ? error.name : 'unknown' }, 'slack request failed');
        if (!res.headersSent) res.status(500).json({ error: 'internal' });
      });
    });
    return router;
  }

  /** Answers before the body was read: the connection is closed so its unread rest is dropped, not drained. */
  private refuseUnread(res: Response, status: 401 | 413, error: string): void {
    res.set('connection', 'close').status(status).json({ error });
  }

  private async readBody(req: Request, res: Response): Promise<Buffer | undefined> {
    const parsed: unknown = req.body;
    if (parsed !== undefined) {
      // A parser ran before this route: only untouched raw bytes can be verified.
      if (Buffer.isBuffer(parsed) && parsed.length <= (this.opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)) return parsed;
      res
        .status(Buffer.isBuffer(parsed) ? 413 : 400)
        .json({ error: Buffer.isBuffer(parsed) ? 'body_too_large' : 'body_unreadable' });
      return undefined;
    }
    const read = await readCappedBody(req, this.opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    if (read.ok) return read.raw;
    if (read.reason === 'too_large') {
      this.opts.logger.warn({ reason: 'body_too_large' }, 'slack request rejected');
      this.refuseUnread(res, 413, 'body_too_large');
    } else if (!res.headersSent) {
      res.status(400).json({ error: 'body_unreadable' });
    }
    return undefined;
  }

  private async handle(req: Request, res: Response): Promise<void> {
    const { logger } = this.opts;
    const signed = {
      timestamp: header(req, 'x-slack-request-timestamp'),
      signature: header(req, 'x-slack-signature'),
      nowMs: (this.opts.nowMs ?? Date.now)(),
    };
    let raw: Buffer | undefined;
    try {
      checkSlackHeaders(signed);
      raw = await this.readBody(req, res);
      if (!raw) return;
      verifySlackSignature({ ...signed, signingSecret: this.opts.signingSecret, rawBody: raw });
    } catch (error) {
      if (error instanceof SlackSignatureError) {
        logger.warn({ reason: error.reason }, 'slack request rejected');
        if (raw) res.status(401).json({ error: error.reason });
        else this.refuseUnread(res, 401, error.reason);
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
    if (
      dedupeKey &&
      !(await this.opts.store.setIfAbsent(dedupeKey, true, { ttlMs: this.opts.dedupeTtlMs ?? 3600_000 }))
    ) {
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
      logger.error(
        { err: error instanceof Error ? error.name : 'unknown', type: body.type },
        'slack event processing failed',
      );
    });
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }
}
