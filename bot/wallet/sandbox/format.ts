/**
 * Phone/email normalisation and masking, business-day arithmetic, request fingerprints and secret
 * comparison for the sandbox wallet.
 */
import { timingSafeEqual } from 'node:crypto';

/**
 * Normalises a phone number to E.164. Accepts Chinese mobiles without a country code
 * (13800001001), +86/0086 prefixes, and any +<country><number>; spaces, dashes, dots and
 * parentheses are ignored. Returns null when it is not a phone number.
 */
export function normalizePhone(raw: string): string | null {
  const s = raw.trim().replace(/[\s\-().]/g, '');
  if (/^1[3-9]\d{9}$/.test(s)) return `+86${s}`;
  if (/^861[3-9]\d{9}$/.test(s)) return `+${s}`;
  if (/^00[1-9]\d{6,14}$/.test(s)) return `+${s.slice(2)}`;
  if (/^\+[1-9]\d{6,14}$/.test(s)) return s;
  return null;
}

export function normalizeEmail(raw: string): string | null {
  const s = raw.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) ? s : null;
}

/** 138****1001 for Chinese mobiles, +44******0002 otherwise. */
export function maskPhone(e164: string): string {
  if (/^\+861\d{10}$/.test(e164)) {
    const d = e164.slice(3);
    return `${d.slice(0, 3)}****${d.slice(-4)}`;
  }
  const digits = e164.replace(/^\+/, '');
  return `+${digits.slice(0, 2)}${'*'.repeat(Math.max(1, digits.length - 6))}${digits.slice(-4)}`;
}

/** li.wei@example.com → l***i@example.com. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length <= 1) return `${local}***@${domain}`;
  return `${local[0]}***${local[local.length - 1]}@${domain}`;
}

/** The masked form of a real address on a channel (what the contract shows as `sentTo`). */
export function maskAddress(channel: 'sms' | 'email', to: string): string {
  return channel === 'sms' ? maskPhone(to) : maskEmail(to);
}

/** The UTC calendar date `days` business days (Mon–Fri) after `from`, as yyyy-mm-dd. */
export function addBusinessDays(from: Date, days: number): string {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const dow = d.getUTCDay();
    if (dow !== 0 && dow !== 6) left -= 1;
  }
  return d.toISOString().slice(0, 10);
}

/** Stable JSON (sorted keys) for request fingerprints. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Compares a secret (API key, one-time code) in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
