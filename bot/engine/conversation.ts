import { z } from 'zod';
import type { ChannelName } from '../core/messages.ts';
import type { Language } from '../../intents/types.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/types.ts';
import { rememberCustomerConversation } from '../core/customer-index.ts';
import { maskPendingFlow } from './contact-masking.ts';
import { TRANSCRIPT_PAGE_LINES, transcriptPageKey } from './transcript-pages.ts';

/**
 * The conversation record stored at `conv:<conversationId>`: plain JSON with a schema version.
 * A record of another schema version is migrated when a migration exists, otherwise started afresh
 * (logged), never half-read. Its `transcript` holds only the newest lines: every save moves full
 * pages of older ones to `conv-transcript:<conversationId>:<n>` (see saveConversation), so the record
 * rewritten on every turn stays small however long the conversation grows.
 */
export const CONVERSATION_SCHEMA_VERSION = 2;

const HandoffStateSchema = z.enum([
  'none',
  'requested',
  'queued',
  'claimed',
  'relaying',
  'resolved',
  'expired',
  'returned_to_bot',
]);
const HandoffReasonSchema = z.enum([
  'customer_request',
  'repeated_misunderstanding',
  'flow_failed',
  'fraud',
  'wallet_outage',
  'not_self_service',
  'customer_disagrees',
  'complaint',
]);
const LanguageSchema = z.enum(['zh', 'en']);
const ButtonSchema = z.object({ label: z.string(), value: z.string() });
/** A flow's last question, kept to ask again; with its message id, so the asked-again reply names it too. */
const ReplySchema = z.object({
  text: z.string(),
  buttons: z.array(ButtonSchema).optional(),
  id: z.string().optional(),
});
const EntitySchema = z.object({
  entity: z.enum(['phone', 'email', 'transaction_id', 'amount', 'code', 'date', 'card_number', 'password', 'id_card']),
  value: z.string(),
  start: z.number(),
  end: z.number(),
  sensitive: z.boolean().optional(),
  meta: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

const IdentitySchema = z.object({
  verified: z.boolean(),
  customerId: z.string().optional(),
  via: z.enum(['inapp', 'otp']).optional(),
  /** ISO time after which an OTP verification no longer counts. */
  expiresAt: z.string().optional(),
  maskedPhone: z.string().optional(),
  maskedEmail: z.string().optional(),
});

const PendingFlowSchema = z.object({
  id: z.string(),
  text: z.string().optional(),
  entities: z.array(EntitySchema),
});

const VerificationSchema = z.discriminatedUnion('step', [
  z.object({
    step: z.literal('ask_identifier'),
    /** The flow to start once verified (absent: verification asked for by itself, e.g. a shared contact). */
    pending: PendingFlowSchema.optional(),
    tries: z.number().int(),
  }),
  z.object({
    step: z.literal('ask_code'),
    pending: PendingFlowSchema.optional(),
    /** Absent when no code was sent (phone/email not registered, or the wallet refused): every code fails. */
    challengeId: z.string().optional(),
    customerId: z.string().optional(),
    /** Names the phone/email's OTP counters (an HMAC, see otp-limits.ts); absent in records from before them. */
    identifierHash: z.string().optional(),
    channel: z.enum(['sms', 'email']),
    sentTo: z.string(),
    expiresAt: z.string(),
    attemptsLeft: z.number().int(),
    resendsLeft: z.number().int(),
    maskedPhone: z.string().optional(),
    maskedEmail: z.string().optional(),
  }),
]);

const FlowSlotSchema = z.object({
  id: z.string(),
  /** The flow state, `{ v, step, ... }`, exactly as the flow returned it. */
  state: z.looseObject({ v: z.number(), step: z.string() }),
  startedAt: z.string(),
  /** The flow's last question, re-asked after a digression or a handback. */
  lastPrompt: z.array(ReplySchema),
});

const HandoffSchema = z.object({
  state: HandoffStateSchema,
  reason: HandoffReasonSchema.optional(),
  urgent: z.boolean().optional(),
  caseId: z.string().optional(),
  agentName: z.string().optional(),
  requestedAt: z.string().optional(),
});

const TranscriptLineSchema = z.object({ from: z.enum(['customer', 'bot', 'agent']), text: z.string(), at: z.string() });
const IntentTrailSchema = z.object({ intent: z.string(), confidence: z.number(), at: z.string() });

export const ConversationSchema = z.object({
  schema: z.literal(CONVERSATION_SCHEMA_VERSION),
  conversationId: z.string(),
  channel: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  language: LanguageSchema,
  languagePinned: z.boolean(),
  greeted: z.boolean(),
  identity: IdentitySchema,
  verification: VerificationSchema.optional(),
  flow: FlowSlotSchema.optional(),
  misunderstandings: z.number().int(),
  handoff: HandoffSchema,
  /** Set after a case closes: the next 1–5 answer is stored as that case's rating. */
  awaitingRatingFor: z.string().optional(),
  /** The (redacted) message the last clarification was about: "neither" searches the help articles with it. */
  clarifying: z.string().max(2000).optional(),
  /** The newest transcript lines (older ones are in pages: transcriptPages of them so far). */
  transcript: z.array(TranscriptLineSchema),
  /** Transcript pages archived so far; page n is at transcriptPageKey(conversationId, n). */
  transcriptPages: z.number().int().min(0),
  intentTrail: z.array(IntentTrailSchema),
  riskFlags: z.array(z.string()),
  linkedTransactions: z.array(z.string()),
  /** Internal notes from flows for the agent (never shown to the customer). */
  notes: z.array(z.string()),
  /** Every customer verified in this conversation (its transcript holds what they said): `forget` finds it by them. */
  customerIds: z.array(z.string()).default([]),
});

export type Conversation = z.infer<typeof ConversationSchema>;
export type VerificationDialog = z.infer<typeof VerificationSchema>;
export type PendingFlow = z.infer<typeof PendingFlowSchema>;
export type FlowSlot = z.infer<typeof FlowSlotSchema>;
export type StoredFlowState = FlowSlot['state'];
export type TranscriptLine = z.infer<typeof TranscriptLineSchema>;

export function conversationKey(conversationId: string): string {
  return `conv:${conversationId}`;
}

export function newConversation(
  conversationId: string,
  channel: ChannelName,
  language: Language,
  at: Date,
): Conversation {
  const iso = at.toISOString();
  return {
    schema: CONVERSATION_SCHEMA_VERSION,
    conversationId,
    channel,
    createdAt: iso,
    updatedAt: iso,
    language,
    languagePinned: false,
    greeted: false,
    identity: { verified: false },
    misunderstandings: 0,
    handoff: { state: 'none' },
    transcript: [],
    transcriptPages: 0,
    intentTrail: [],
    riskFlags: [],
    linkedTransactions: [],
    notes: [],
    customerIds: [],
  };
}

/** Migrations from older schema versions, keyed by the version they read. */
const MIGRATIONS: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {
  // 1 → 2: the whole transcript was in the record; it stays there as the newest lines, and the next save pages it.
  1: (old) => ({ ...old, schema: 2, transcriptPages: 0 }),
};

const TranscriptPageSchema = z.object({ lines: z.array(TranscriptLineSchema) });

/** Parses a stored record; returns undefined (and logs why) when it cannot be used. */
export function parseConversation(raw: unknown, logger: Logger, conversationId: string): Conversation | undefined {
  if (raw === undefined || raw === null) return undefined;
  let value = raw;
  if (typeof value === 'object' && value !== null && 'schema' in value) {
    let version = (value as { schema: unknown }).schema;
    for (;;) {
      if (typeof version !== 'number' || version === CONVERSATION_SCHEMA_VERSION) break;
      const migrate = MIGRATIONS[version];
      if (!migrate) break;
      value = migrate(value as Record<string, unknown>);
      version = (value as { schema: unknown }).schema;
    }
  }
  const parsed = ConversationSchema.safeParse(value);
  if (!parsed.success) {
    logger.warn(
      { conversationId, issues: parsed.error.issues.length },
      'stored conversation unreadable; starting afresh',
    );
    return undefined;
  }
  return parsed.data;
}

/**
 * The conversation's last `maxLines` transcript lines, oldest first: its archived pages (read only
 * here, when a case opens) and the newest lines in the record. A page that cannot be read is left
 * out (logged); the newest lines are always there.
 */
export async function loadTranscript(
  store: Store,
  conv: Conversation,
  maxLines: number,
  logger: Logger,
): Promise<TranscriptLine[]> {
  const first = Math.max(0, conv.transcriptPages - pagesKept(maxLines));
  const pages = await Promise.all(
    Array.from({ length: conv.transcriptPages - first }, async (_, i) => {
      try {
        const raw = await store.get(transcriptPageKey(conv.conversationId, first + i));
        if (raw === undefined) return []; // expired with its TTL
        const page = TranscriptPageSchema.safeParse(raw);
        if (page.success) return page.data.lines;
        logger.warn(
          { conversationId: conv.conversationId, page: first + i },
          'transcript page unreadable; left out of the case',
        );
      } catch (err) {
        logger.warn(
          { conversationId: conv.conversationId, page: first + i, err: String(err) },
          'transcript page could not be read; left out of the case',
        );
      }
      return [];
    }),
  );
  return [...pages.flat(), ...conv.transcript].slice(-maxLines);
}

export async function loadConversation(
  store: Store,
  conversationId: string,
  logger: Logger,
): Promise<Conversation | undefined> {
  return parseConversation(await store.get(conversationKey(conversationId)), logger, conversationId);
}

/** Pages kept for a transcript of `transcriptLines` lines: enough that they and the newest lines hold that many. */
const pagesKept = (transcriptLines: number): number => Math.ceil(transcriptLines / TRANSCRIPT_PAGE_LINES);

/**
 * Saves the conversation. Full pages of its oldest transcript lines go to their own keys first (so a
 * crash before the record is written leaves the record with those lines, and the next save writes
 * the same pages again); pages older than the last `transcriptLines` lines are deleted.
 */
export async function saveConversation(
  store: Store,
  conv: Conversation,
  at: Date,
  ttlMs: number,
  transcriptLines: number,
): Promise<void> {
  conv.updatedAt = at.toISOString();
  if (conv.transcript.length > TRANSCRIPT_PAGE_LINES) {
    const writes: Promise<unknown>[] = [];
    while (conv.transcript.length > TRANSCRIPT_PAGE_LINES) {
      const page = conv.transcriptPages;
      writes.push(
        store.set(
          transcriptPageKey(conv.conversationId, page),
          { lines: conv.transcript.slice(0, TRANSCRIPT_PAGE_LINES) },
          { ttlMs },
        ),
      );
      const stale = page - pagesKept(transcriptLines);
      if (stale >= 0) writes.push(store.delete(transcriptPageKey(conv.conversationId, stale)));
      conv.transcript = conv.transcript.slice(TRANSCRIPT_PAGE_LINES);
      conv.transcriptPages = page + 1;
    }
    await Promise.all(writes);
  }
  const customerId = conv.identity.customerId;
  if (customerId && !conv.customerIds.includes(customerId)) {
    // Index first: a conversation saved with a customer is always findable by `forget`, even after
    // its verification expires.
    await rememberCustomerConversation(store, customerId, conv.conversationId, { ttlMs, now: at });
    conv.customerIds.push(customerId);
  }
  await store.set(conversationKey(conv.conversationId), storable(conv), { ttlMs });
}

/**
 * The record as written: a flow waiting for verification keeps its trigger with phone/email masked
 * (the identifier was needed once, to send the code; whoever set `pending` may have left it raw).
 */
function storable(conv: Conversation): Conversation {
  const v = conv.verification;
  if (!v?.pending) return conv;
  return { ...conv, verification: { ...v, pending: maskPendingFlow(v.pending) } };
}
