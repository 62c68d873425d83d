export { forgetCustomer, describeCounts, PrivacyError, type ForgetCounts, type ForgetResult } from './forget.ts';
export {
  sweepRetention,
  startRetentionSweeper,
  type RetentionOptions,
  type RetentionResult,
  type RetentionSweeperOptions,
} from './retention.ts';
export { rememberCustomerConversation, CUSTOMER_INDEX_PREFIX, customerIndexKey } from '../core/customer-index.ts';
export { RECORD_KINDS, type RecordFacts, type RecordKind } from './records.ts';
export { createRetentionPlugin } from './plugin.ts';
