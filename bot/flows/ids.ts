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
