import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../bot/errors.ts';

export type SlackSignatureErrorCode =
  'signature_missing' | 'timestamp_invalid' | 'timestamp_stale' | 'signature_mismatch';

export class SlackSignatureError extends AppError {
  constructor(
    readonly reason: SlackSignatureErrorCode,
    message: string,
  ) {
    super(`slack_${reason}`, message);
    this.name = 'SlackSignatureError';
  }
}

export interface SlackSignatureInput {
  signingSecret: string;
  /** The exact bytes Slack sent (JSON for events, `payload=` form for interactivity). */
  rawBody: Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs: number;
  /** Requests older (or further in the future) than this are rejected. Default 300 s. */
  toleranceS?: number;
}

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{rawBody}` with the signing secret. */
export function slackSignature(signingSecret: string, timestamp: string, rawBody: Buffer | string): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

export type SlackSignatureHeaders = Omit<SlackSignatureInput, 'rawBody' | 'signingSecret'>;

const SIGNATURE_FORMAT = /^v0=[0-9a-f]{64}$/;

/**
 * The checks that need no body: both headers present, the signature shaped like a v0 HMAC and the
 * timestamp inside the window. Run before reading the body, so a stranger cannot make us read it.
 */
export function checkSlackHeaders(input: SlackSignatureHeaders): void {
  const { timestamp, signature } = input;
  if (!timestamp || !signature)
    throw new SlackSignatureError('signature_missing', 'X-Slack-Signature or X-Slack-Request-Timestamp missing');
  if (!/^\d{1,12}$/.test(timestamp))
    throw new SlackSignatureError('timestamp_invalid', 'X-Slack-Request-Timestamp is not a number of seconds');
  const toleranceS = input.toleranceS ?? 300;
  if (Math.abs(Math.floor(input.nowMs / 1000) - Number(timestamp)) > toleranceS) {
    throw new SlackSignatureError('timestamp_stale', 'request timestamp is outside the allowed window (replay?)');
  }
  if (!SIGNATURE_FORMAT.test(signature))
    throw new SlackSignatureError('signature_mismatch', 'request signature does not match');
}

/** Throws SlackSignatureError unless the request is signed by Slack within the time window (constant-time compare). */
export function verifySlackSignature(input: SlackSignatureInput): void {
  checkSlackHeaders(input);
  const timestamp = input.timestamp as string;
  const expected = Buffer.from(slackSignature(input.signingSecret, timestamp, input.rawBody), 'utf8');
  const given = Buffer.from(input.signature as string, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new SlackSignatureError('signature_mismatch', 'request signature does not match');
  }
}
