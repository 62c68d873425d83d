/** The registry of guided flows, one per FlowId. */
import { accountFrozenFlow } from './account-frozen.ts';
import { checkBalanceFlow } from './check-balance.ts';
import { forgotPasswordFlow } from './forgot-password.ts';
import type { FlowId } from '../core/domain-ids.ts';
import { paymentFailedFlow } from './payment-failed.ts';
import { transactionHistoryFlow } from './transaction-history.ts';
import type { Flow } from './types.ts';
import { unrecognizedTransactionFlow } from './unrecognized-transaction.ts';

export const FLOWS: Record<FlowId, Flow> = {
  forgot_password: forgotPasswordFlow,
  account_frozen: accountFrozenFlow,
  payment_failed: paymentFailedFlow,
  unrecognized_transaction: unrecognizedTransactionFlow,
  check_balance: checkBalanceFlow,
  transaction_history: transactionHistoryFlow,
};

export function getFlow(id: FlowId): Flow {
  return FLOWS[id];
}
