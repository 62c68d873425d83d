import { describe, expect, it } from 'vitest';
import {
  createGate,
  DEFAULT_SCRYPT_COST,
  hashPassword,
  passwordProblem,
  PasswordError,
  verifyNothing,
  verifyPassword,
} from '../../bot/console/password.ts';
import { createStaffAccounts } from '../../bot/console/staff.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import { CHEAP_SCRYPT } from './helpers.ts';

describe('staff passwords (scrypt)', () => {
  it('stores scrypt$N$r$p$salt$hash with a 16-byte salt and a 32-byte key; salts differ', async () => {
    const a = await hashPassword('twelve chars', CHEAP_SCRYPT);
    const b = await hashPassword('twelve chars', CHEAP_SCRYPT);
    const [kind, n, r, p, salt, key] = a.split('$');
    expect([kind, n, r, p]).toEqual(['scrypt', '1024', '8', '1']);
    expect(Buffer.from(salt as string, 'base64url')).toHaveLength(16);
    expect(Buffer.from(key as string, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  it('verifies with the parameters stored in the hash', async () => {
    const stored = await hashPassword('twelve chars', { N: 2 ** 11, r: 4, p: 2 });
    expect(await verifyPassword('twelve chars', stored)).toBe(true);
    expect(await verifyPassword('twelve chars!', stored)).toBe(false);
    // The same input typed as composed or decomposed characters (NFC) is the same password.
    const accented = await hashPassword('café au lait!', CHEAP_SCRYPT);
    expect(await verifyPassword('cafe\u0301 au lait!', accented)).toBe(true);
  });

  it('the production cost is 2^17 · 8 · 1 and runs within its maxmem', async () => {
    expect(DEFAULT_SCRYPT_COST).toEqual({ N: 131072, r: 8, p: 1 });
    const stored = await hashPassword('twelve chars');
    expect(stored.startsWith('scrypt$131072$8$1$')).toBe(true);
    expect(await verifyPassword('twelve chars', stored)).toBe(true);
  }, 20_000);

  it('refuses malformed or oversized stored parameters instead of allocating', async () => {
    const good = await hashPassword('twelve chars', CHEAP_SCRYPT);
    const parts = good.split('$');
    for (const bad of [
      'plain',
      ['bcrypt', ...parts.slice(1)].join('$'),
      ['scrypt', String(2 ** 24), ...parts.slice(2)].join('$'),
      ['scrypt', '1000', ...parts.slice(2)].join('$'),
      [...parts.slice(0, 5), 'short'].join('$'),
    ])
      await expect(verifyPassword('twelve chars', bad)).rejects.toBeInstanceOf(PasswordError);
  });

  it('policy: 12 to 256 characters (counted as characters, not bytes)', async () => {
    expect(passwordProblem('elevenchars')).toMatch(/at least 12/);
    expect(passwordProblem('十二个字的密码十二个字的密')).toBeUndefined();
    expect(passwordProblem('x'.repeat(256))).toBeUndefined();
    expect(passwordProblem('x'.repeat(257))).toMatch(/at most 256/);
    await expect(hashPassword('short', CHEAP_SCRYPT)).rejects.toMatchObject({ code: 'weak_password' });
  });

  it('an unknown name costs a hash too (verifyNothing) and is never accepted', async () => {
    expect(await verifyNothing('twelve chars', CHEAP_SCRYPT)).toBe(false);
    const staff = createStaffAccounts(createMemoryStore(), { scryptCost: CHEAP_SCRYPT });
    await staff.add('ana', 'viewer', 'twelve chars');
    expect(await staff.verify('ana', 'twelve chars')).toMatchObject({ name: 'ana', role: 'viewer' });
    expect(await staff.verify('bob', 'twelve chars')).toBeUndefined();
    expect(await staff.verify('../ana', 'twelve chars')).toBeUndefined();
  });

  it('the hash gate runs at most `limit` jobs at once and refuses beyond its queue', async () => {
    const run = createGate(2, 3);
    let running = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const job = () =>
      new Promise<void>((resolve) => {
        running++;
        most = Math.max(most, running);
        releases.push(() => {
          running--;
          resolve();
        });
      });
    const jobs = Array.from({ length: 5 }, () => run(job));
    await expect(run(job)).rejects.toMatchObject({ code: 'busy' });
    while (releases.length || running) {
      await new Promise((r) => setTimeout(r, 1));
      releases.shift()?.();
    }
    await Promise.all(jobs);
    expect(most).toBe(2);
  });
});
