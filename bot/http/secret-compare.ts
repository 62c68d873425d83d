import { createHash, timingSafeEqual } from 'node:crypto';

/** Constant-time string comparison (hashing first so different lengths leak nothing either). */
export function secretsEqual(given: string | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}
