/**
 * The wallet seam. The project owns the contract (bot/wallet/openapi.yaml); the HTTP client
 * (bot/wallet/client.ts) checks every response with zod, and the sandbox (bot/wallet/sandbox/)
 * implements it with the demo customers C1001–C1005.
 * Every write takes an idempotency key: the same key never acts twice.
 */

// The values of the contract's enumerations, listed once for these types and the zod schemas (schemas.ts).
export const CUSTOMER_STATUSES = ['active', 'frozen', 'locked', 'closed'] as const;
export const FREEZE_REASONS = [
  'too_many_password_attempts',
  'risk_review',
  'kyc_expired',
  'legal_hold',
  'customer_requested',
] as const;
export const TRANSACTION_STATUSES = ['success', 'failed', 'pending', 'reversed'] as const;
export const FAILURE_REASONS = [
  'insufficient_balance',
  'network_error',
  'risk_declined',
  'merchant_error',
  'card_declined',
  'limit_exceeded',
] as const;

export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];
export type FreezeReason = (typeof FREEZE_REASONS)[number];

export interface CustomerRef {
  customerId: string;
  /** Masked, e.g. 138****1001 / l***i@example.com. */
  maskedPhone?: string;
  maskedEmail?: string;
}

export interface Customer extends CustomerRef {
  name: string;
  status: CustomerStatus;
  freezeReason?: FreezeReason;
  /** Whether the customer may unfreeze themself after verification. */
  selfServiceUnfreeze: boolean;
  currency: string;
  preferredLanguage?: 'zh' | 'en';
}

export interface Balance {
  /** Decimal string with two places, e.g. "1280.50". */
  amount: string;
  currency: string;
  asOf: string;
}

export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];
export type FailureReason = (typeof FAILURE_REASONS)[number];

export interface Refund {
  status: 'none' | 'pending' | 'completed';
  /** ISO date (yyyy-mm-dd) the refund is expected by, when pending. */
  expectedBy?: string;
  businessDays?: number;
  amount?: string;
}

export interface Transaction {
  id: string;
  type: 'payment' | 'transfer' | 'topup' | 'withdrawal' | 'refund';
  status: TransactionStatus;
  amount: string;
  currency: string;
  /** Merchant or recipient shown to the customer, e.g. 京东商城, 张伟, ONLINE-STORE-8812. */
  counterparty: string;
  createdAt: string;
  failureReason?: FailureReason;
  /** True when money left the account (a failed payment can still be debited). */
  debited: boolean;
  refund?: Refund;
  disputeId?: string;
}

export interface TransactionPage {
  items: Transaction[];
  nextCursor?: string;
}

export interface OtpChallenge {
  challengeId: string;
  channel: 'sms' | 'email';
  /** Masked destination the code went to. */
  sentTo: string;
  expiresAt: string;
  resendsLeft: number;
}

export type OtpCheck =
  | { ok: true; customerId: string }
  | { ok: false; reason: 'wrong_code' | 'expired' | 'too_many_attempts'; attemptsLeft: number };

export interface Dispute {
  disputeId: string;
  transactionId: string;
  status: 'open' | 'investigating' | 'resolved';
}

export interface WalletApi {
  /** Finds a customer by phone (E.164 or Chinese mobile) or email; null when none. */
  findCustomer(query: { phone?: string; email?: string }): Promise<CustomerRef | null>;
  getCustomer(customerId: string): Promise<Customer>;
  /** Sends a one-time code (5 min expiry, 5 attempts, limited resends). */
  sendOtp(customerId: string, opts: { channel: 'sms' | 'email'; idempotencyKey: string }): Promise<OtpChallenge>;
  /** Resend for an existing challenge; fails with code `resend_limit` once exhausted. */
  resendOtp(challengeId: string, opts: { idempotencyKey: string }): Promise<OtpChallenge>;
  checkOtp(challengeId: string, code: string): Promise<OtpCheck>;
  sendPasswordResetLink(
    customerId: string,
    opts: { idempotencyKey: string },
  ): Promise<{ sentTo: string; channel: 'sms' | 'email' }>;
  unfreeze(customerId: string, opts: { idempotencyKey: string }): Promise<Customer>;
  getBalance(customerId: string): Promise<Balance>;
  listTransactions(
    customerId: string,
    opts?: { limit?: number; cursor?: string; status?: TransactionStatus },
  ): Promise<TransactionPage>;
  getTransaction(customerId: string, transactionId: string): Promise<Transaction>;
  /** Protective lock after suspected fraud: card payments and transfers stop at once. */
  lockAccount(
    customerId: string,
    opts: { reason: 'suspected_fraud' | 'customer_request'; idempotencyKey: string },
  ): Promise<Customer>;
  openDispute(
    customerId: string,
    transactionId: string,
    opts: { reason: 'unrecognized' | 'failed_but_debited'; idempotencyKey: string },
  ): Promise<Dispute>;
  /** Throws when the wallet is unreachable (readiness probe). */
  ping(): Promise<void>;
}

export type WalletErrorCode =
  /** The resource does not exist (unknown customer or transaction). */
  | 'not_found'
  /** The wallet refused the request (4xx): not allowed, bad input, limit reached. */
  | 'rejected'
  | 'resend_limit'
  /** The wallet is down or answered 5xx. */
  | 'unavailable'
  | 'timeout'
  /** The response did not match the contract. */
  | 'bad_response';

export class WalletError extends Error {
  override readonly name = 'WalletError';
  constructor(
    readonly code: WalletErrorCode,
    message: string,
    readonly status?: number,
    /**
     * The wallet's own error code from `{"error":{"code"}}` when it sent one, e.g.
     * 'unfreeze_not_allowed', 'not_frozen', 'challenge_locked', 'rate_limited', 'circuit_open'.
     */
    readonly apiCode?: string,
  ) {
    super(message);
  }

  /** Outages (network, 5xx, timeouts) as opposed to the wallet saying no. */
  get isOutage(): boolean {
    return this.code === 'unavailable' || this.code === 'timeout' || this.code === 'bad_response';
  }
}
