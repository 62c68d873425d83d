import { AppError } from '../errors.ts';
import type { DeskCase } from './case-record.ts';

/** A suggested FAQ answer for the agent, shown under a customer message in the thread. */
export interface Suggestion {
  intent: string;
  confidence: number;
  locale: 'zh-CN' | 'en';
  /** The answer text as it would be sent (already filled from knowledge). */
  answer: string;
}

export type ThreadMessage =
  | { kind: 'customer'; text: string; suggestion?: Suggestion }
  /** Something the desk tells the agents in the thread (customer left, ticket created …). */
  | { kind: 'notice'; text: string };

/**
 * Where the desk shows cases: Slack in production (adapters/slack/transport.ts), a recorder in tests.
 * Every method throws DeskTransportError on failure so the outbox can decide to retry.
 */
export interface DeskTransport {
  /** Posts the case message (state, buttons) and returns where it went. */
  postCase(record: DeskCase): Promise<{ channel: string; ts: string }>;
  /** Re-renders the case message after a state change. */
  updateCase(record: DeskCase): Promise<void>;
  postThread(record: DeskCase, message: ThreadMessage): Promise<void>;
  /** The agent's display name, or undefined when it cannot be found. */
  agentName(agentId: string): Promise<string | undefined>;
}

export type DeskTransportErrorCode = 'unavailable' | 'rate_limited' | 'rejected';

export class DeskTransportError extends AppError {
  constructor(
    readonly transportCode: DeskTransportErrorCode,
    message: string,
    /** Retry-After from the platform, when it said. */
    readonly retryAfterMs?: number,
  ) {
    super(`desk_${transportCode}`, message);
    this.name = 'DeskTransportError';
  }

  /** Outages and rate limits are retried; rejected calls (bad channel, bad blocks) are not. */
  get retryable(): boolean {
    return this.transportCode !== 'rejected';
  }
}
