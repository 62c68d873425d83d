/**
 * The domain catalogue: the ids code relies on by name. Flows are defined here; the core intents are
 * the NLU's (intents/types.ts, below bot/ in the import order) and re-exported so the bot has one place
 * to import ids from. The knowledge loader learns the flow ids as a parameter (bot/core/knowledge.ts).
 */
export { CORE_INTENT_IDS, type CoreIntentId, type IntentId } from '../../intents/types.ts';

/** Guided flows the engine can run. Knowledge files name one of these in their `flow` field. */
export const FLOW_IDS = [
  'forgot_password',
  'account_frozen',
  'payment_failed',
  'unrecognized_transaction',
  'check_balance',
  'transaction_history',
] as const;
export type FlowId = (typeof FLOW_IDS)[number];

export function isFlowId(value: string): value is FlowId {
  return (FLOW_IDS as readonly string[]).includes(value);
}
