/** The NLU seam: what the engine learns from one message. Shapes follow Rasa's parse output. */

export type Language = 'zh' | 'en';
export type Locale = 'zh-CN' | 'en';

/**
 * The intents that code relies on by name (flows, handoff, out-of-scope, small talk, the in-app API's reports).
 * Every other intent comes from the knowledge files alone: a new `knowledge/<locale>/<id>.md` pair is a new intent.
 */
export const CORE_INTENT_IDS = [
  'forgot_password',
  'account_frozen',
  'payment_failed',
  'unrecognized_transaction',
  'security',
  'contact_support',
  'human_agent',
  'check_balance',
  'transaction_history',
  'payment_methods',
  'register',
  'fees',
  'greeting',
  'thanks',
  'goodbye',
  'out_of_scope',
] as const;
export type CoreIntentId = (typeof CORE_INTENT_IDS)[number];
/** An intent id: a core one or any id a knowledge file defines (lower-case letters, digits, _). */
export type IntentId = string;
export const INTENT_ID_PATTERN = /^[a-z][a-z0-9_]{1,59}$/;

export interface IntentScore {
  name: string;
  confidence: number;
}

export type EntityType =
  'phone' | 'email' | 'transaction_id' | 'amount' | 'code' | 'date' | 'card_number' | 'password' | 'id_card';

export interface Entity {
  entity: EntityType;
  /** Normalised value: E.164 phone, lower-case email, "299.00" amount, ISO date (yyyy-mm-dd) for dates. */
  value: string;
  /** Character offsets into the original text, end exclusive. */
  start: number;
  end: number;
  /** Card numbers, passwords, ID card numbers: never kept, redacted before storing. */
  sensitive?: boolean;
  /** Extra facts, e.g. `{ currency: 'CNY' }` for amounts, `{ relative: 'yesterday' }` for dates. */
  meta?: Record<string, string | number>;
}

export interface NluResult {
  text: string;
  language: Language;
  intent: IntentScore;
  intent_ranking: IntentScore[];
  entities: Entity[];
  /** True when the top two intents are too close to call: the engine asks which one was meant. */
  ambiguous: boolean;
}

export interface Nlu {
  readonly intents: readonly string[];
  parse(text: string, opts?: { now?: Date }): NluResult;
  /**
   * The same answer as `parse`, possibly computed on another thread (bot/threads/nlu-thread.ts), so that a
   * server's turns can use a second core. Absent: callers use `parse`.
   */
  parseAsync?(text: string, opts?: { now?: Date }): Promise<NluResult>;
}
