import { z } from 'zod';
import type { ChannelName } from '../../adapters/types.ts';
import type { Language } from '../../intents/types.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/types.ts';
import { rememberCustomerConversation } from '../privacy/customer-index.ts';

/**
 * The conversation record stored at `conv:<conversationId>`: plain JSON with a schema version.
 * A record of another schema version is migrated when a migration exists, otherwise started afresh
 * (logged), never half-read.
 */
export const CONVERSATION_SCHEMA_VERSION = 1;

const HandoffStateSchema = z.enum(['none', 'requested', 'queued', 'claimed', 'relaying', 'resolved', 'expired', 'returned_to_bot']);
const HandoffReasonSchema = z.enum([
  'customer_request',
  'repeated_misunderstanding',
  'flow_failed',
  'fraud',
  'wallet_outage',
  'not_self_service',
  'customer_disagrees',
]);
const LanguageSchema = z.enum(['zh', 'en']);
const ButtonSchema = z.object({ label: z.string(), value: z.string() });
const ReplySchema = z.object({ text: z.string(), buttons: z.array(ButtonSchema).optional() });
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
    /** Absent when the phone/email is not registered: no code was sent and every code fails. */
    challengeId: z.string().optional(),
    customerId: z.string().optional(),
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
  transcript: z.array(TranscriptLineSchema),
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

export function newConversation(conversationId: string, channel: ChannelName, language: Language, at: Date): Conversation {
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
    intentTrail: [],
    riskFlags: [],
    linkedTransactions: [],
    notes: [],
    customerIds: [],
  };
}

/** Migrations from older schema versions, keyed by the version they read. None yet. */
const MIGRATIONS: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {};

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
    logger.warn({ conversationId, issues: parsed.error.issues.length }, 'stored conversation unreadable; starting afresh');
    return undefined;
  }
  return parsed.data;
}

export async function loadConversation(store: Store, conversationId: string, logger: Logger): Promise<Conversation | undefined> {
  return parseConversation(await store.get(conversationKey(conversationId)), logger, conversationId);
}

export async function saveConversation(store: Store, conv: Conversation, at: Date, ttlMs: number): Promise<void> {
  conv.updatedAt = at.toISOString();
  const customerId = conv.identity.customerId;
  if (customerId && !conv.customerIds.includes(customerId)) {
    // Index first: a conversation saved with a customer is always findable by `forget`, even after
    // its verification expires.
    await rememberCustomerConversation(store, customerId, conv.conversationId, { ttlMs, now: at });
    conv.customerIds.push(customerId);
  }
  await store.set(conversationKey(conv.conversationId), conv, { ttlMs });
}
