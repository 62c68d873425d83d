import { createHash, timingSafeEqual } from 'node:crypto';

/** WeChat's signature: SHA-1 hex of the parts sorted lexicographically and joined without separator. */
export function wechatSignature(parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''), 'utf8')
    .digest('hex');
}

/** Constant-time check of a hex signature against the expected one. */
export function signatureMatches(given: unknown, parts: string[]): boolean {
  if (typeof given !== 'string' || !/^[0-9a-f]{40}$/i.test(given)) return false;
  const expected = Buffer.from(wechatSignature(parts), 'hex');
  return timingSafeEqual(Buffer.from(given.toLowerCase(), 'hex'), expected);
}
