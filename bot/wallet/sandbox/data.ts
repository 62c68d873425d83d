import type { CustomerStatus, Dispute, FreezeReason, Transaction } from '../types.ts';
import { addBusinessDays } from './format.ts';

/** Everything the sandbox wallet keeps (one lowdb document). */
export interface SandboxCustomer {
  id: string;
  name: string;
  /** E.164. */
  phone: string;
  email?: string;
  status: CustomerStatus;
  freezeReason?: FreezeReason;
  lockReason?: 'suspected_fraud' | 'customer_request';
  currency: string;
  /** Decimal string with two places. */
  balance: string;
  preferredLanguage: 'zh' | 'en';
}

export interface SandboxTransaction extends Transaction {
  customerId: string;
}

export interface SandboxDispute extends Dispute {
  customerId: string;
  reason: 'unrecognized' | 'failed_but_debited';
  openedAt: string;
}

export interface OtpRecord {
  challengeId: string;
  customerId: string;
  channel: 'sms' | 'email';
  /** Real destination (E.164 or email). */
  to: string;
  code: string;
  expiresAt: string;
  attempts: number;
  resends: number;
  verified: boolean;
  createdAt: string;
}

export interface OutboxEntry {
  id: string;
  kind: 'otp' | 'password_reset_link';
  customerId: string;
  channel: 'sms' | 'email';
  /** The real destination: the sandbox shows what a real wallet would have sent where. */
  to: string;
  text: string;
  /** The one-time code (kind 'otp'). */
  code?: string;
  /** The reset link (kind 'password_reset_link'). */
  link?: string;
  at: string;
}

export interface IdempotencyRecord {
  key: string;
  fingerprint: string;
  status: number;
  body: unknown;
  at: string;
}

export interface SandboxData {
  version: 1;
  seededAt: string;
  customers: SandboxCustomer[];
  transactions: SandboxTransaction[];
  disputes: SandboxDispute[];
  challenges: OtpRecord[];
  outbox: OutboxEntry[];
  idempotency: IdempotencyRecord[];
}

/** Freeze reasons the customer may lift themself after verification. */
export const SELF_SERVICE_FREEZE_REASONS: readonly FreezeReason[] = [
  'too_many_password_attempts',
  'customer_requested',
];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The demo customers (other engineers' tests and demos rely on these exact ids and facts):
 * - C1001 李伟 active CNY 1280.50: T1001A success, T1001B failed but debited (refund pending,
 *   3 business days), T1001C pending transfer to 张伟, T1001D–T1001I older successes.
 * - C1002 Emma Brown frozen too_many_password_attempts (self-service unfreeze), GBP, en.
 * - C1003 王芳 frozen risk_review (human only).
 * - C1004 陈杰 frozen kyc_expired (re-upload ID in the app; no self-unfreeze).
 * - C1005 John Lee active USD 42.10: T1005A failed not debited (insufficient_balance),
 *   T1005B success 89.99 to ONLINE-STORE-8812 (not recognised).
 * - C1006 赵敏 frozen legal_hold (human only).
 * - C1007 Sofia Garcia frozen customer_requested (self-service unfreeze), en.
 */
export function createSeedData(now: Date): SandboxData {
  const t = now.getTime();
  const ago = (ms: number): string => new Date(t - ms).toISOString();
  const tx = (customerId: string, fields: Omit<SandboxTransaction, 'customerId'>): SandboxTransaction => ({
    customerId,
    ...fields,
  });

  const customers: SandboxCustomer[] = [
    {
      id: 'C1001',
      name: '李伟',
      phone: '+8613800001001',
      email: 'li.wei@example.com',
      status: 'active',
      currency: 'CNY',
      balance: '1280.50',
      preferredLanguage: 'zh',
    },
    {
      id: 'C1002',
      name: 'Emma Brown',
      phone: '+447700900002',
      email: 'emma.brown@example.com',
      status: 'frozen',
      freezeReason: 'too_many_password_attempts',
      currency: 'GBP',
      balance: '356.20',
      preferredLanguage: 'en',
    },
    {
      id: 'C1003',
      name: '王芳',
      phone: '+8613800001003',
      email: 'wang.fang@example.com',
      status: 'frozen',
      freezeReason: 'risk_review',
      currency: 'CNY',
      balance: '8640.00',
      preferredLanguage: 'zh',
    },
    {
      id: 'C1004',
      name: '陈杰',
      phone: '+8613800001004',
      email: 'chen.jie@example.com',
      status: 'frozen',
      freezeReason: 'kyc_expired',
      currency: 'CNY',
      balance: '215.75',
      preferredLanguage: 'zh',
    },
    {
      id: 'C1005',
      name: 'John Lee',
      phone: '+14155550105',
      email: 'john.lee@example.com',
      status: 'active',
      currency: 'USD',
      balance: '42.10',
      preferredLanguage: 'en',
    },
    {
      id: 'C1006',
      name: '赵敏',
      phone: '+8613800001006',
      email: 'zhao.min@example.com',
      status: 'frozen',
      freezeReason: 'legal_hold',
      currency: 'CNY',
      balance: '3020.00',
      preferredLanguage: 'zh',
    },
    {
      id: 'C1007',
      name: 'Sofia Garcia',
      phone: '+14155550107',
      email: 'sofia.garcia@example.com',
      status: 'frozen',
      freezeReason: 'customer_requested',
      currency: 'USD',
      balance: '518.40',
      preferredLanguage: 'en',
    },
  ];

  const olderC1001: Array<[string, string, string, number]> = [
    ['T1001D', '45.80', '美团外卖', 5],
    ['T1001E', '12.00', '滴滴出行', 7],
    ['T1001F', '168.00', '中国移动', 10],
    ['T1001G', '89.90', '盒马鲜生', 14],
    ['T1001H', '23.50', '瑞幸咖啡', 20],
    ['T1001I', '1200.00', '房东 刘强', 30],
  ];

  const transactions: SandboxTransaction[] = [
    tx('C1001', {
      id: 'T1001C',
      type: 'transfer',
      status: 'pending',
      amount: '500.00',
      currency: 'CNY',
      counterparty: '张伟',
      createdAt: ago(30 * 60_000),
      debited: true,
    }),
    tx('C1001', {
      id: 'T1001B',
      type: 'payment',
      status: 'failed',
      amount: '299.00',
      currency: 'CNY',
      counterparty: '京东商城',
      createdAt: ago(DAY_MS),
      failureReason: 'merchant_error',
      debited: true,
      refund: { status: 'pending', expectedBy: addBusinessDays(now, 3), businessDays: 3, amount: '299.00' },
    }),
    tx('C1001', {
      id: 'T1001A',
      type: 'payment',
      status: 'success',
      amount: '35.00',
      currency: 'CNY',
      counterparty: '星巴克',
      createdAt: ago(3 * DAY_MS),
      debited: true,
    }),
    ...olderC1001.map(([id, amount, counterparty, days]) =>
      tx('C1001', {
        id,
        type: 'payment',
        status: 'success',
        amount,
        currency: 'CNY',
        counterparty,
        createdAt: ago(days * DAY_MS + 2 * HOUR_MS),
        debited: true,
      }),
    ),
    tx('C1002', {
      id: 'T1002A',
      type: 'payment',
      status: 'success',
      amount: '24.99',
      currency: 'GBP',
      counterparty: 'Tesco',
      createdAt: ago(2 * DAY_MS),
      debited: true,
    }),
    tx('C1003', {
      id: 'T1003A',
      type: 'transfer',
      status: 'success',
      amount: '5000.00',
      currency: 'CNY',
      counterparty: '周明',
      createdAt: ago(2 * DAY_MS),
      debited: true,
    }),
    tx('C1004', {
      id: 'T1004A',
      type: 'payment',
      status: 'success',
      amount: '58.00',
      currency: 'CNY',
      counterparty: '肯德基',
      createdAt: ago(4 * DAY_MS),
      debited: true,
    }),
    tx('C1005', {
      id: 'T1005B',
      type: 'payment',
      status: 'success',
      amount: '89.99',
      currency: 'USD',
      counterparty: 'ONLINE-STORE-8812',
      createdAt: ago(DAY_MS + 3 * HOUR_MS),
      debited: true,
    }),
    tx('C1005', {
      id: 'T1005A',
      type: 'payment',
      status: 'failed',
      amount: '120.00',
      currency: 'USD',
      counterparty: 'Best Buy',
      createdAt: ago(2 * DAY_MS),
      failureReason: 'insufficient_balance',
      debited: false,
      refund: { status: 'none' },
    }),
    tx('C1006', {
      id: 'T1006A',
      type: 'topup',
      status: 'success',
      amount: '3000.00',
      currency: 'CNY',
      counterparty: '招商银行',
      createdAt: ago(6 * DAY_MS),
      debited: false,
    }),
    tx('C1007', {
      id: 'T1007A',
      type: 'payment',
      status: 'success',
      amount: '15.60',
      currency: 'USD',
      counterparty: 'Uber',
      createdAt: ago(3 * DAY_MS),
      debited: true,
    }),
  ];

  return {
    version: 1,
    seededAt: now.toISOString(),
    customers,
    transactions,
    disputes: [],
    challenges: [],
    outbox: [],
    idempotency: [],
  };
}
