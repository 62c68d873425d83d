/**
 * A small in-memory WalletApi for flow unit tests: the sandbox's demo customers (same seed),
 * idempotent writes keyed by idempotency key, a call log, and injectable failures.
 */
import { createSeedData, SELF_SERVICE_FREEZE_REASONS } from '../../bot/wallet/sandbox/data.ts';
import type { SandboxCustomer, SandboxTransaction } from '../../bot/wallet/sandbox/data.ts';
import type {
  Balance,
  Customer,
  CustomerRef,
  Dispute,
  OtpChallenge,
  OtpCheck,
  Transaction,
  TransactionPage,
  TransactionStatus,
  WalletApi,
} from '../../bot/wallet/types.ts';
import { WalletError } from '../../bot/wallet/types.ts';

export type WalletOp = keyof WalletApi;

export interface WalletCall {
  op: WalletOp;
  customerId?: string;
  idempotencyKey?: string;
  args: unknown[];
}

const WRITE_OPS: ReadonlySet<WalletOp> = new Set([
  'sendOtp',
  'resendOtp',
  'sendPasswordResetLink',
  'unfreeze',
  'lockAccount',
  'openDispute',
]);

function maskPhone(phone: string): string {
  const digits = phone.replace(/^\+86/, '');
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

export class FakeWallet implements WalletApi {
  readonly calls: WalletCall[] = [];
  /** Writes that acted, one per distinct idempotency key. */
  readonly writes: { op: WalletOp; key: string; customerId: string }[] = [];
  readonly disputes: (Dispute & { customerId: string; reason: string })[] = [];
  private readonly customers: SandboxCustomer[];
  private readonly transactions: SandboxTransaction[];
  private readonly replies = new Map<string, unknown>();
  private readonly failures: { op: WalletOp | '*'; error: WalletError }[] = [];
  /** When set, every call fails with this error (e.g. an outage). */
  failAll: WalletError | undefined;
  /** Where reset links go (the sandbox default is SMS). */
  resetChannel: 'sms' | 'email' = 'sms';
  /** Customers whose self-service unfreeze is switched off whatever the reason. */
  readonly noSelfService = new Set<string>();

  constructor(private readonly now: Date) {
    const seed = createSeedData(now);
    this.customers = seed.customers;
    this.transactions = seed.transactions;
  }

  /** The next call of `op` (or any op with '*') fails with `error`. */
  failNext(op: WalletOp | '*', error: WalletError): this {
    this.failures.push({ op, error });
    return this;
  }

  /** Writes that acted for an operation (distinct idempotency keys). */
  writeCount(op: WalletOp, customerId?: string): number {
    return this.writes.filter((w) => w.op === op && (customerId === undefined || w.customerId === customerId)).length;
  }

  callCount(op: WalletOp): number {
    return this.calls.filter((c) => c.op === op).length;
  }

  customer(id: string): SandboxCustomer {
    const c = this.customers.find((x) => x.id === id);
    if (!c) throw new WalletError('not_found', `customer ${id} not found`, 404);
    return c;
  }

  addTransaction(tx: SandboxTransaction): void {
    this.transactions.push(tx);
  }

  removeTransactions(customerId: string): void {
    for (let i = this.transactions.length - 1; i >= 0; i--)
      if (this.transactions[i]?.customerId === customerId) this.transactions.splice(i, 1);
  }

  private enter(op: WalletOp, args: unknown[], customerId?: string, idempotencyKey?: string): void {
    this.calls.push({ op, args, ...(customerId ? { customerId } : {}), ...(idempotencyKey ? { idempotencyKey } : {}) });
    if (this.failAll) throw this.failAll;
    const i = this.failures.findIndex((f) => f.op === op || f.op === '*');
    if (i >= 0) {
      const [failure] = this.failures.splice(i, 1);
      if (failure) throw failure.error;
    }
  }

  /** Runs a write once per idempotency key; a repeated key replays the first answer. */
  private once<T>(op: WalletOp, customerId: string, key: string, act: () => T): T {
    const id = `${op}:${key}`;
    if (this.replies.has(id)) return this.replies.get(id) as T;
    const value = act();
    this.replies.set(id, value);
    this.writes.push({ op, key, customerId });
    return value;
  }

  private view(c: SandboxCustomer): Customer {
    return {
      customerId: c.id,
      name: c.name,
      status: c.status,
      ...(c.freezeReason ? { freezeReason: c.freezeReason } : {}),
      selfServiceUnfreeze:
        !this.noSelfService.has(c.id) &&
        c.status === 'frozen' &&
        c.freezeReason !== undefined &&
        SELF_SERVICE_FREEZE_REASONS.includes(c.freezeReason),
      currency: c.currency,
      preferredLanguage: c.preferredLanguage,
      maskedPhone: maskPhone(c.phone),
    };
  }

  private tx(t: SandboxTransaction): Transaction {
    const { customerId: _owner, ...rest } = t;
    return structuredClone(rest);
  }

  async findCustomer(query: { phone?: string; email?: string }): Promise<CustomerRef | null> {
    this.enter('findCustomer', [query]);
    const c = this.customers.find((x) => x.phone === query.phone || (query.email && x.email === query.email));
    return c ? { customerId: c.id, maskedPhone: maskPhone(c.phone) } : null;
  }

  async getCustomer(customerId: string): Promise<Customer> {
    this.enter('getCustomer', [customerId], customerId);
    return this.view(this.customer(customerId));
  }

  async sendOtp(customerId: string, opts: { channel: 'sms' | 'email'; idempotencyKey: string }): Promise<OtpChallenge> {
    this.enter('sendOtp', [customerId, opts], customerId, opts.idempotencyKey);
    const c = this.customer(customerId);
    return this.once('sendOtp', customerId, opts.idempotencyKey, () => ({
      challengeId: `CH-${customerId}`,
      channel: opts.channel,
      sentTo: maskPhone(c.phone),
      expiresAt: new Date(this.now.getTime() + 300_000).toISOString(),
      resendsLeft: 3,
    }));
  }

  async resendOtp(challengeId: string, opts: { idempotencyKey: string }): Promise<OtpChallenge> {
    this.enter('resendOtp', [challengeId, opts], undefined, opts.idempotencyKey);
    throw new WalletError('resend_limit', 'not supported by the fake', 429);
  }

  async checkOtp(challengeId: string, code: string): Promise<OtpCheck> {
    this.enter('checkOtp', [challengeId, code]);
    return { ok: true, customerId: challengeId.replace(/^CH-/, '') };
  }

  async sendPasswordResetLink(
    customerId: string,
    opts: { idempotencyKey: string },
  ): Promise<{ sentTo: string; channel: 'sms' | 'email' }> {
    this.enter('sendPasswordResetLink', [customerId, opts], customerId, opts.idempotencyKey);
    const c = this.customer(customerId);
    if (c.status === 'locked') throw new WalletError('rejected', 'account locked', 409);
    return this.once('sendPasswordResetLink', customerId, opts.idempotencyKey, () =>
      this.resetChannel === 'email'
        ? { sentTo: 'l***i@example.com', channel: 'email' as const }
        : { sentTo: maskPhone(c.phone), channel: 'sms' as const },
    );
  }

  async unfreeze(customerId: string, opts: { idempotencyKey: string }): Promise<Customer> {
    this.enter('unfreeze', [customerId, opts], customerId, opts.idempotencyKey);
    const c = this.customer(customerId);
    return this.once('unfreeze', customerId, opts.idempotencyKey, () => {
      if (c.status !== 'frozen' || !this.view(c).selfServiceUnfreeze)
        throw new WalletError('rejected', 'unfreeze not allowed', 409);
      c.status = 'active';
      delete c.freezeReason;
      return this.view(c);
    });
  }

  async getBalance(customerId: string): Promise<Balance> {
    this.enter('getBalance', [customerId], customerId);
    const c = this.customer(customerId);
    return { amount: c.balance, currency: c.currency, asOf: this.now.toISOString() };
  }

  async listTransactions(
    customerId: string,
    opts: { limit?: number; cursor?: string; status?: TransactionStatus } = {},
  ): Promise<TransactionPage> {
    this.enter('listTransactions', [customerId, opts], customerId);
    this.customer(customerId);
    const all = this.transactions
      .filter((t) => t.customerId === customerId && (!opts.status || t.status === opts.status))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const offset = opts.cursor ? Number(opts.cursor) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw new WalletError('rejected', 'bad cursor', 400);
    const limit = opts.limit ?? 20;
    const items = all.slice(offset, offset + limit).map((t) => this.tx(t));
    return offset + limit < all.length ? { items, nextCursor: String(offset + limit) } : { items };
  }

  async getTransaction(customerId: string, transactionId: string): Promise<Transaction> {
    this.enter('getTransaction', [customerId, transactionId], customerId);
    const t = this.transactions.find((x) => x.id === transactionId && x.customerId === customerId);
    if (!t) throw new WalletError('not_found', `transaction ${transactionId} not found`, 404);
    return this.tx(t);
  }

  async lockAccount(
    customerId: string,
    opts: { reason: 'suspected_fraud' | 'customer_request'; idempotencyKey: string },
  ): Promise<Customer> {
    this.enter('lockAccount', [customerId, opts], customerId, opts.idempotencyKey);
    const c = this.customer(customerId);
    return this.once('lockAccount', customerId, opts.idempotencyKey, () => {
      c.status = 'locked';
      return this.view(c);
    });
  }

  async openDispute(
    customerId: string,
    transactionId: string,
    opts: { reason: 'unrecognized' | 'failed_but_debited'; idempotencyKey: string },
  ): Promise<Dispute> {
    this.enter('openDispute', [customerId, transactionId, opts], customerId, opts.idempotencyKey);
    const t = this.transactions.find((x) => x.id === transactionId && x.customerId === customerId);
    if (!t) throw new WalletError('not_found', `transaction ${transactionId} not found`, 404);
    return this.once('openDispute', customerId, opts.idempotencyKey, () => {
      const dispute = {
        disputeId: `D${String(this.disputes.length + 1).padStart(5, '0')}`,
        transactionId,
        status: 'open' as const,
      };
      this.disputes.push({ ...dispute, customerId, reason: opts.reason });
      t.disputeId = dispute.disputeId;
      return dispute;
    });
  }

  async ping(): Promise<void> {
    this.enter('ping', []);
  }

  /** True when `op` is a write (takes an idempotency key). */
  static isWrite(op: WalletOp): boolean {
    return WRITE_OPS.has(op);
  }
}
