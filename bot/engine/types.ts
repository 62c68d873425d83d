import type { Reply, ReplySink } from '../core/messages.ts';
import type { KnowledgeBase } from '../core/knowledge.ts';
import type { Language, Nlu } from '../../intents/types.ts';
import type { FlowId } from '../core/domain-ids.ts';
import type { Flow } from '../flows/types.ts';
import type { HandoffDesk } from '../handoff/types.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/types.ts';
import type { HandoffReason } from '../core/turn.ts';
import type { WalletApi } from '../wallet/types.ts';
import type { TurnEvent } from '../analytics/turn-event.ts';

/** Counters and timings the engine reports; the server maps them to Prometheus (prom-client). */
export interface EngineMetrics {
  turn(channel: string, intent: string | null): void;
  nluConfidence(confidence: number): void;
  flowOutcome(flow: string, outcome: string): void;
  handoff(reason: HandoffReason): void;
  turnLatency(ms: number, channel?: string): void;
  walletError(code: string): void;
}

/** Tunables with safe defaults; tests shrink the times. */
export interface EngineOptions {
  /** How long an event id is remembered for dedupe and its result kept for retries. Default 10 min. */
  dedupeTtlMs: number;
  /** Conversation lock: expiry and how long a turn waits for it. Defaults 30 s / 10 s. */
  lockTtlMs: number;
  lockWaitMs: number;
  /** How long a retried event waits for the first attempt's result. Default 15 s. */
  duplicateWaitMs: number;
  /** Conversations are forgotten after this long without a message. Default 30 days. */
  conversationTtlMs: number;
  /** Handoff case records (`case:<id>`, with the rating). Default 90 days. */
  caseTtlMs: number;
  /** Phone/email + code verification lasts this long on anonymous channels. Default 30 min. */
  verificationTtlMs: number;
  /** Below this confidence a message counts as not understood. Default 0.4. */
  minConfidence: number;
  /** A question in the middle of a flow is answered as a digression at or above this. Default 0.7. */
  digressionConfidence: number;
  /** A message in the middle of a flow switches to another flow at or above this. Default 0.8. */
  switchConfidence: number;
  /** Transcript lines and intent trail entries kept per conversation. Defaults 50 / 10. */
  transcriptLines: number;
  intentTrail: number;
  /** Code resends the engine allows (also limited by the wallet). Default 2. */
  maxResends: number;
  /** Wrong identifiers before the engine gives up asking. Default 3. */
  maxIdentifierTries: number;
  /** Longest customer text a turn processes (MAX_MESSAGE_CHARS); the rest is cut and the customer told. Default 2000. */
  maxMessageChars: number;
  /** One-time codes: the window over which the limits below count (OTP_WINDOW_MINUTES). Default 60 min. */
  otpWindowMs: number;
  /** Wrong codes per phone/email within the window, across resends and conversations. Default 10. */
  otpMaxAttemptsPerIdentifier: number;
  /** Codes sent (first sends and resends) per phone/email within the window. Default 5. */
  otpMaxChallengesPerIdentifier: number;
  /** Codes sent per client (in-app: its address; elsewhere: the platform user) within the window. Default 20. */
  otpMaxChallengesPerClient: number;
  /**
   * HMAC key naming the OTP counters in the store (they never hold the phone/email itself). The
   * default is a fixed string: give a secret so that a store reader cannot test guessed numbers.
   */
  otpHashKey: string;
}

export interface EngineDeps {
  store: Store;
  nlu: Nlu;
  knowledge: KnowledgeBase;
  wallet: WalletApi;
  flows: Partial<Record<FlowId, Flow>>;
  logger: Logger;
  desk?: HandoffDesk;
  /** Proactive messages to the customer's channel (agent messages, notices). */
  sink?: ReplySink;
  metrics?: EngineMetrics;
  now?: () => Date;
  /** Random source for ids (tests make it deterministic). Default crypto.randomUUID. */
  newId?: () => string;
  options?: Partial<EngineOptions>;
  /**
   * Help-article search for questions no intent answers (intents/articles.ts): the best passage as a reply
   * with "did this help?" buttons, or undefined below the calibrated threshold.
   */
  articleAnswer?: (text: string, language: Language, opts?: ArticleAnswerOptions) => Reply | undefined;
  /**
   * Receives the analytics event of every turn that ran (also a failed one; not duplicates, a busy conversation
   * or an unreachable store). Called synchronously after the turn: it must only queue (TurnEventLog.record).
   */
  onTurnEvent?: (event: TurnEvent) => void;
}

export interface ArticleAnswerOptions {
  /**
   * The article answers against a reading of the NLU (an unsure FAQ intent, or a confident out-of-scope), so it
   * must cover the question well, not merely match it (article-answer.ts).
   */
  strict?: boolean;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  dedupeTtlMs: 10 * 60_000,
  lockTtlMs: 30_000,
  lockWaitMs: 10_000,
  duplicateWaitMs: 15_000,
  conversationTtlMs: 30 * 24 * 3600_000,
  caseTtlMs: 90 * 24 * 3600_000,
  verificationTtlMs: 30 * 60_000,
  minConfidence: 0.4,
  digressionConfidence: 0.7,
  switchConfidence: 0.8,
  transcriptLines: 50,
  intentTrail: 10,
  maxResends: 2,
  maxIdentifierTries: 3,
  maxMessageChars: 2000,
  otpWindowMs: 60 * 60_000,
  otpMaxAttemptsPerIdentifier: 10,
  otpMaxChallengesPerIdentifier: 5,
  otpMaxChallengesPerClient: 20,
  otpHashKey: 'upay-otp-limits',
};

export const noopMetrics: EngineMetrics = {
  turn: () => undefined,
  nluConfidence: () => undefined,
  flowOutcome: () => undefined,
  handoff: () => undefined,
  turnLatency: () => undefined,
  walletError: () => undefined,
};
