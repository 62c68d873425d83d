import {
  WalletError,
  type Customer,
  type OtpChallenge,
  type OtpCheck,
  type WalletApi,
} from '../../../bot/wallet/types.ts';

/** An in-memory wallet with one frozen customer (C1), call counters, idempotency keys seen and fault injection. */
export interface FakeWallet extends WalletApi {
  calls: Record<string, number>;
  /** Idempotency keys seen per write operation (also of calls that failed). */
  keys: Record<string, string[]>;
  unfreezes: number;
  /** The next call to any method throws this error. */
  failNext(error: WalletError, count?: number): void;
  otpCode: string;
  expireChallenges(): void;
}

export function createFakeWallet(now: () => Date = () => new Date()): FakeWallet {
  const customers: Record<string, Customer & { phone: string; email: string }> = {
    C1: {
      customerId: 'C1',
      name: 'Li Wei',
      status: 'frozen',
      selfServiceUnfreeze: true,
      currency: 'CNY',
      phone: '+8613800001001',
      email: 'li@example.com',
      maskedPhone: '138****1001',
    },
  };
  const challenges = new Map<string, { customerId: string; attempts: number; expired: boolean }>();
  const doneKeys = new Map<string, unknown>();
  let failures: { error: WalletError; count: number } | undefined;
  const wallet: FakeWallet = {
    calls: {},
    keys: {},
    unfreezes: 0,
    otpCode: '123456',
    failNext(error, count = 1) {
      failures = { error, count };
    },
    expireChallenges() {
      for (const c of challenges.values()) c.expired = true;
    },
    async findCustomer(q) {
      count('findCustomer');
      const c = Object.values(customers).find(
        (x) => (q.phone && x.phone === q.phone) || (q.email && x.email === q.email),
      );
      return c ? { customerId: c.customerId, maskedPhone: '138****1001' } : null;
    },
    async getCustomer(id) {
      count('getCustomer');
      const c = customers[id];
      if (!c) throw new WalletError('not_found', 'no customer');
      return { ...c };
    },
    async sendOtp(customerId, opts) {
      count('sendOtp', opts.idempotencyKey);
      const challengeId = `ch${challenges.size + 1}`;
      challenges.set(challengeId, { customerId, attempts: 0, expired: false });
      return challenge(challengeId, opts.channel);
    },
    async resendOtp(challengeId, opts) {
      count('resendOtp', opts.idempotencyKey);
      const c = challenges.get(challengeId);
      if (!c) throw new WalletError('not_found', 'no challenge');
      c.expired = false;
      c.attempts = 0;
      return challenge(challengeId, 'sms');
    },
    async checkOtp(challengeId, code): Promise<OtpCheck> {
      count('checkOtp');
      const c = challenges.get(challengeId);
      if (!c) throw new WalletError('not_found', 'no challenge');
      if (c.attempts >= 5) return { ok: false, reason: 'too_many_attempts', attemptsLeft: 0 };
      if (c.expired) return { ok: false, reason: 'expired', attemptsLeft: 5 - c.attempts };
      if (code === wallet.otpCode) return { ok: true, customerId: c.customerId };
      c.attempts += 1;
      const left = 5 - c.attempts;
      return { ok: false, reason: left === 0 ? 'too_many_attempts' : 'wrong_code', attemptsLeft: left };
    },
    async sendPasswordResetLink(_id, opts) {
      count('sendPasswordResetLink', opts.idempotencyKey);
      return { sentTo: '138****1001', channel: 'sms' };
    },
    async unfreeze(id, opts) {
      count('unfreeze', opts.idempotencyKey);
      if (!doneKeys.has(opts.idempotencyKey)) {
        wallet.unfreezes += 1;
        doneKeys.set(opts.idempotencyKey, true);
      }
      const c = customers[id];
      if (!c) throw new WalletError('not_found', 'no customer');
      c.status = 'active';
      return { ...c };
    },
    async getBalance() {
      count('getBalance');
      return { amount: '1280.50', currency: 'CNY', asOf: new Date(0).toISOString() };
    },
    async listTransactions() {
      count('listTransactions');
      return { items: [] };
    },
    async getTransaction() {
      count('getTransaction');
      throw new WalletError('not_found', 'no tx');
    },
    async lockAccount(id, opts) {
      count('lockAccount', opts.idempotencyKey);
      const c = customers[id];
      if (!c) throw new WalletError('not_found', 'no customer');
      return { ...c, status: 'locked' };
    },
    async openDispute(_id, transactionId, opts) {
      count('openDispute', opts.idempotencyKey);
      return { disputeId: 'D1', transactionId, status: 'open' };
    },
    async ping() {
      count('ping');
    },
  };
  function count(op: string, key?: string): void {
    if (key) (wallet.keys[op] ??= []).push(key);
    if (failures && failures.count > 0) {
      failures.count -= 1;
      const error = failures.error;
      if (failures.count === 0) failures = undefined;
      throw error;
    }
    wallet.calls[op] = (wallet.calls[op] ?? 0) + 1;
  }
  function challenge(challengeId: string, channel: 'sms' | 'email'): OtpChallenge {
    return {
      challengeId,
      channel,
      sentTo: '138****1001',
      expiresAt: new Date(now().getTime() + 300_000).toISOString(),
      resendsLeft: 3,
    };
  }
  return wallet;
}
