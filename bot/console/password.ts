/**
 * Staff passwords: Node's built-in memory-hard scrypt, stored as `scrypt$N$r$p$salt$hash` (base64url) so a
 * verification uses the parameters the hash was made with (a later cost change does not lock anyone out).
 * At most a few hashes run at once: each one takes 128·N·r bytes (128 MiB at the default cost), so a burst
 * of logins queues instead of exhausting memory.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptCost {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/** The production cost: 2^17 · 8 · 128 bytes = 128 MiB and a few hundred milliseconds per hash. */
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

export const PASSWORD_MIN_CHARS = 12;
export const PASSWORD_MAX_CHARS = 256;

const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Highest cost a stored hash may ask for (a tampered record must not make us allocate gigabytes). */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

/** A password or a hash the service refuses; `code` says which. */
export class PasswordError extends Error {
  constructor(
    readonly code: 'weak_password' | 'bad_hash' | 'busy',
    message: string,
  ) {
    super(message);
    this.name = 'PasswordError';
  }
}

/** Why a password is refused, or undefined when it meets the policy (12–256 characters). */
export function passwordProblem(password: string): string | undefined {
  const chars = [...password].length;
  if (chars < PASSWORD_MIN_CHARS) return `the password must have at least ${PASSWORD_MIN_CHARS} characters`;
  if (chars > PASSWORD_MAX_CHARS) return `the password must have at most ${PASSWORD_MAX_CHARS} characters`;
  return undefined;
}

/** Runs at most `limit` jobs at once; beyond `maxQueued` waiting it refuses (PasswordError `busy`). */
export function createGate(limit: number, maxQueued: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async function run<T>(job: () => Promise<T>): Promise<T> {
    if (running >= limit) {
      if (waiting.length >= maxQueued) throw new PasswordError('busy', 'too many sign-ins at once; retry shortly');
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    running++;
    try {
      return await job();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

const gate = createGate(2, 100);

function deriveKey(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = { N: cost.N, r: cost.r, p: cost.p, maxmem: 256 * cost.N * cost.r };
  return gate(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        // NFC: the same password typed through different input methods hashes the same.
        scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) =>
          error ? reject(error) : resolve(key),
        );
      }),
  );
}

export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<string> {
  const problem = passwordProblem(password);
  if (problem) throw new PasswordError('weak_password', problem);
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveKey(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

interface ParsedHash {
  cost: ScryptCost;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash {
  const parts = stored.split('$');
  const [kind, n, r, p, salt, key] = parts;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const valid =
    parts.length === 6 &&
    kind === 'scrypt' &&
    Number.isInteger(cost.N) &&
    cost.N >= 2 &&
    cost.N <= MAX_N &&
    (cost.N & (cost.N - 1)) === 0 &&
    Number.isInteger(cost.r) &&
    cost.r >= 1 &&
    cost.r <= MAX_R &&
    Number.isInteger(cost.p) &&
    cost.p >= 1 &&
    cost.p <= MAX_P;
  const saltBytes = Buffer.from(salt ?? '', 'base64url');
  const keyBytes = Buffer.from(key ?? '', 'base64url');
  if (!valid || saltBytes.length < 8 || keyBytes.length !== KEY_BYTES)
    throw new PasswordError('bad_hash', 'a stored password hash is malformed');
  return { cost, salt: saltBytes, key: keyBytes };
}

/** True when `password` matches the stored hash; compared in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  const key = await deriveKey(password, parsed.salt, parsed.cost);
  return timingSafeEqual(key, parsed.key);
}

const dummySalt = randomBytes(SALT_BYTES);
const dummyKey = randomBytes(KEY_BYTES);

/** The work of a verification for a name that has no account, so the answer's timing does not reveal it. */
export async function verifyNothing(password: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<false> {
  const key = await deriveKey(password, dummySalt, cost);
  timingSafeEqual(key, dummyKey);
  return false;
}
