/**
 * Support console accounts, kept in the configured store (`staff:<name>`) so every instance sees them.
 * Roles: a viewer reads; an editor also teaches; an admin also manages staff.
 */
import { randomBytes } from 'node:crypto';
import type { Store } from '../store/types.ts';
import {
  DEFAULT_SCRYPT_COST,
  hashPassword,
  PasswordError,
  verifyNothing,
  verifyPassword,
  type ScryptCost,
} from './password.ts';

export const STAFF_ROLES = ['admin', 'editor', 'viewer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** 1–64 of a-z, 0-9, `.`, `_`, `-`: safe in store keys, logs and URLs as they are. */
export const STAFF_NAME_PATTERN = /^[a-z0-9._-]{1,64}$/;

const KEY_PREFIX = 'staff:';
/** How long a looked-up account (or its absence) is trusted on this instance. */
const CACHE_MS = 5_000;
const CACHE_MAX_ENTRIES = 1_000;

export interface StaffAccount {
  name: string;
  role: StaffRole;
  createdAt: string;
}

/** An account with its random id: a removed and re-added name is another account (its old sessions stay ended). */
export interface StaffIdentity extends StaffAccount {
  id: string;
}

interface StaffRecord extends StaffIdentity {
  passwordHash: string;
}

export class StaffError extends Error {
  constructor(
    readonly code: 'invalid_name' | 'invalid_role' | 'weak_password' | 'exists' | 'not_found',
    message: string,
  ) {
    super(message);
    this.name = 'StaffError';
  }
}

export function isStaffRole(role: unknown): role is StaffRole {
  return typeof role === 'string' && (STAFF_ROLES as readonly string[]).includes(role);
}

/** May `role` do what `needed` may? admin ⊇ editor ⊇ viewer. */
export function roleAllows(role: StaffRole, needed: StaffRole): boolean {
  return STAFF_ROLES.indexOf(role) <= STAFF_ROLES.indexOf(needed);
}

export interface StaffAccountsOptions {
  /** scrypt cost for new hashes and for the dummy work on unknown names (tests pass a cheap one). */
  scryptCost?: ScryptCost;
  now?: () => Date;
}

export interface StaffAccounts {
  add(name: string, role: StaffRole, password: string): Promise<StaffAccount>;
  list(): Promise<StaffAccount[]>;
  /** True when the account existed. */
  remove(name: string): Promise<boolean>;
  /** The account, read from the store (no cache). */
  get(name: string): Promise<StaffAccount | undefined>;
  /** The account as this instance saw it at most 5 s ago (session checks on every request). */
  getCached(name: string): Promise<StaffIdentity | undefined>;
  /** The account when the password matches; about the same time whether or not the name exists. */
  verify(name: string, password: string): Promise<StaffIdentity | undefined>;
  /** Whether any account exists (cached 5 s): the console is off without one. */
  anyExists(): Promise<boolean>;
}

function publicPart(record: StaffRecord): StaffAccount {
  return { name: record.name, role: record.role, createdAt: record.createdAt };
}

function identityOf(record: StaffRecord): StaffIdentity {
  return { ...publicPart(record), id: record.id };
}

function isRecord(value: unknown): value is StaffRecord {
  const r = value as Partial<StaffRecord> | undefined;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.name === 'string' &&
    typeof r.id === 'string' &&
    isStaffRole(r.role) &&
    typeof r.passwordHash === 'string' &&
    typeof r.createdAt === 'string'
  );
}

export function createStaffAccounts(store: Store, opts: StaffAccountsOptions = {}): StaffAccounts {
  const cost = opts.scryptCost ?? DEFAULT_SCRYPT_COST;
  const now = opts.now ?? (() => new Date());
  const cache = new Map<string, { account: StaffIdentity | undefined; atMs: number }>();
  let anyCache: { exists: boolean; atMs: number } | undefined;

  async function read(name: string): Promise<StaffRecord | undefined> {
    if (!STAFF_NAME_PATTERN.test(name)) return undefined;
    const value = await store.get<unknown>(KEY_PREFIX + name);
    return isRecord(value) ? value : undefined;
  }

  function forgetCached(name: string): void {
    cache.delete(name);
    anyCache = undefined;
  }

  return {
    async add(name, role, password) {
      if (!STAFF_NAME_PATTERN.test(name))
        throw new StaffError('invalid_name', 'a name is 1–64 characters of a-z, 0-9, ".", "_" and "-"');
      if (!isStaffRole(role)) throw new StaffError('invalid_role', `the role must be one of ${STAFF_ROLES.join(', ')}`);
      let passwordHash: string;
      try {
        passwordHash = await hashPassword(password, cost);
      } catch (error) {
        if (error instanceof PasswordError && error.code === 'weak_password')
          throw new StaffError('weak_password', error.message);
        throw error;
      }
      const id = randomBytes(16).toString('base64url');
      const record: StaffRecord = { name, role, id, createdAt: now().toISOString(), passwordHash };
      // setIfAbsent needs a TTL; accounts are kept, so the won key is rewritten without one right after.
      const won = await store.setIfAbsent(KEY_PREFIX + name, record, { ttlMs: 60_000 });
      if (!won) throw new StaffError('exists', `an account named "${name}" already exists; remove it first`);
      await store.set(KEY_PREFIX + name, record);
      forgetCached(name);
      return publicPart(record);
    },

    async list() {
      const accounts: StaffAccount[] = [];
      for await (const key of store.keys(KEY_PREFIX)) {
        const record = await read(key.slice(KEY_PREFIX.length));
        if (record) accounts.push(publicPart(record));
      }
      return accounts.sort((a, b) => a.name.localeCompare(b.name));
    },

    async remove(name) {
      const existed = (await read(name)) !== undefined;
      if (existed) await store.delete(KEY_PREFIX + name);
      forgetCached(name);
      return existed;
    },

    async get(name) {
      const record = await read(name);
      return record ? publicPart(record) : undefined;
    },

    async getCached(name) {
      const nowMs = now().getTime();
      const hit = cache.get(name);
      if (hit && nowMs - hit.atMs < CACHE_MS) return hit.account;
      const record = await read(name);
      const account = record ? identityOf(record) : undefined;
      if (cache.size >= CACHE_MAX_ENTRIES) cache.clear();
      cache.set(name, { account, atMs: nowMs });
      return account;
    },

    async verify(name, password) {
      const record = await read(name);
      if (!record) return verifyNothing(password, cost).then(() => undefined);
      return (await verifyPassword(password, record.passwordHash)) ? identityOf(record) : undefined;
    },

    async anyExists() {
      const nowMs = now().getTime();
      if (anyCache && nowMs - anyCache.atMs < CACHE_MS) return anyCache.exists;
      let exists = false;
      for await (const key of store.keys(KEY_PREFIX)) {
        if (isRecord(await store.get<unknown>(key))) {
          exists = true;
          break;
        }
      }
      anyCache = { exists, atMs: nowMs };
      return exists;
    },
  };
}
