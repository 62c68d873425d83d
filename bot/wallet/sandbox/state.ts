import { randomBytes, randomInt } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { z } from 'zod';
import { Low, Memory } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import {
  createSeedData,
  type OtpRecord,
  type SandboxCustomer,
  type SandboxData,
  type SandboxTransaction,
} from './data.ts';
import { parseFaults, type Faults, type FaultsInput } from './faults.ts';
import { ApiError, createMutex, idempotent, type HandlerResult } from './http.ts';
import { parseBody } from './requests.ts';

export interface SandboxOptions {
  /** Every one-time code is this (six digits) instead of a random one. */
  fixedOtp?: string;
  /** Persist to this JSON file (seeded when missing); in memory otherwise. */
  dataFile?: string;
  now?: () => Date;
  /** When set, /v1/* and /sandbox/* require `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Initial fault injection (also settable with POST /sandbox/faults). */
  faults?: FaultsInput;
  /** New OTP challenges per customer per rolling hour. Default 10. */
  otpSendsPerHour?: number;
}

export type SandboxState = ReturnType<typeof createSandboxState>;

/**
 * The sandbox wallet's data (one lowdb document, loaded lazily: `ready`), its fault settings, and
 * what every route uses to read it: lookups that answer 404, ids, codes, and the idempotent write wrapper.
 */
export function createSandboxState(opts: SandboxOptions) {
  const now = opts.now ?? (() => new Date());
  const db = new Low<SandboxData>(
    opts.dataFile ? new JSONFile<SandboxData>(opts.dataFile) : new Memory<SandboxData>(),
    createSeedData(now()),
  );
  const ready = (async () => {
    try {
      await db.read();
    } catch (err) {
      throw new Error(
        `sandbox wallet: cannot read ${opts.dataFile}: ${err instanceof Error ? err.message : String(err)}`,
        {
          cause: err,
        },
      );
    }
    // lowdb keeps the default data when the file is missing or empty.
    if (!db.data || db.data.version !== 1) db.data = createSeedData(now());
    await db.write();
  })();
  const exclusive = createMutex();
  let faults: Faults = parseFaults(opts.faults);

  function customerOr404(id: string): SandboxCustomer {
    const c = db.data.customers.find((x) => x.id === id);
    if (!c) throw new ApiError(404, 'not_found', 'no such customer');
    return c;
  }

  const write = (fn: (req: Request) => Promise<HandlerResult> | HandlerResult): RequestHandler =>
    idempotent(db, exclusive, now, fn);

  return {
    db,
    ready,
    now,
    exclusive,
    otpSendsPerHour: opts.otpSendsPerHour ?? 10,
    faults: () => faults,
    setFaults(next: Faults): void {
      faults = next;
    },
    newCode: (): string => opts.fixedOtp ?? String(randomInt(0, 1_000_000)).padStart(6, '0'),
    newId: (prefix: string): string => `${prefix}${randomBytes(8).toString('hex')}`,
    customerOr404,
    /** The customer of a `/v1/customers/:id/…` route. */
    customerOf: (req: Request): SandboxCustomer => customerOr404(String(req.params.id)),
    /** The transaction of a `/v1/customers/:id/transactions/:txId…` route. */
    transactionOf(req: Request): SandboxTransaction {
      const customerId = customerOr404(String(req.params.id)).id;
      const t = db.data.transactions.find((x) => x.id === String(req.params.txId) && x.customerId === customerId);
      if (!t) throw new ApiError(404, 'not_found', 'no such transaction');
      return t;
    },
    /** The challenge of a `/v1/otp/:challengeId/…` route. */
    challengeOf(req: Request): OtpRecord {
      const ch = db.data.challenges.find((x) => x.challengeId === String(req.params.challengeId));
      if (!ch) throw new ApiError(404, 'not_found', 'no such challenge');
      return ch;
    },
    /** A write route (Idempotency-Key required, one at a time; see http.ts). */
    write,
    /** A write route on the account of `/v1/customers/:id/…`: the body checked, the customer found and not closed. */
    accountWrite<B>(
      schema: z.ZodType<B>,
      fn: (body: B, c: SandboxCustomer) => Promise<HandlerResult> | HandlerResult,
    ): RequestHandler {
      return write(async (req) => {
        const body = parseBody(schema, req);
        const c = customerOr404(String(req.params.id));
        refuseClosed(c);
        return fn(body, c);
      });
    },
  };
}

/** A customer whose account is closed can do nothing. */
export function refuseClosed(c: SandboxCustomer): void {
  if (c.status === 'closed') throw new ApiError(409, 'account_closed', 'the account is closed');
}

/** The real address for a channel, or 409 when the customer has none. */
export function addressFor(c: SandboxCustomer, channel: 'sms' | 'email'): string {
  const to = channel === 'sms' ? c.phone : c.email;
  if (!to) throw new ApiError(409, 'channel_unavailable', 'the customer has no address for that channel');
  return to;
}
