import { maskEmail, maskPhone } from '../../intents/redact.ts';
import type { Entity } from '../../intents/types.ts';

/** A phone number or email the customer gave to be verified with. */
export type Identifier = { kind: 'phone'; value: string } | { kind: 'email'; value: string };

/**
 * Starts only where a run of local-part characters starts: any later start in the same run reaches the
 * same '@' and the same domain, so the match is unchanged, but each run is scanned once, not once per
 * character (the unanchored form was quadratic on a long run without '@').
 */
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/u;
/** Bounded: at most 18 characters from each start. */
const PHONE = /(?:\+?\d[\d\s-]{6,16}\d)/u;

/** Normalises a phone number: E.164 for Chinese mobiles (+86…), digits with + otherwise. */
export function normalizePhone(raw: string): string | undefined {
  const plus = raw.trim().startsWith('+');
  const digits = raw.replace(/\D/gu, '');
  if (!plus && /^1[3-9]\d{9}$/u.test(digits)) return `+86${digits}`;
  if (plus && digits.length >= 8 && digits.length <= 15) return `+${digits}`;
  if (!plus && digits.length >= 8 && digits.length <= 15 && digits.startsWith('86') && /^861[3-9]\d{9}$/u.test(digits))
    return `+${digits}`;
  return undefined;
}

/** The identifier in a message: NLU entities first, then a plain pattern match. */
export function findIdentifier(text: string, entities: readonly Entity[]): Identifier | undefined {
  const email = entities.find((e) => e.entity === 'email');
  if (email) return { kind: 'email', value: email.value.toLowerCase() };
  const phone = entities.find((e) => e.entity === 'phone');
  if (phone) {
    const normalized = normalizePhone(phone.value);
    if (normalized) return { kind: 'phone', value: normalized };
  }
  const emailMatch = EMAIL.exec(text);
  if (emailMatch) return { kind: 'email', value: emailMatch[0].toLowerCase() };
  const phoneMatch = PHONE.exec(text);
  if (phoneMatch) {
    const normalized = normalizePhone(phoneMatch[0]);
    if (normalized) return { kind: 'phone', value: normalized };
  }
  return undefined;
}

/** A one-time code typed alone (spaces allowed): "123456", "123 456". */
export function findCode(text: string): string | undefined {
  const compact = text.replace(/[\s-]/gu, '');
  const m = /^(?:code|验证码|驗證碼|[:：])*(\d{4,8})[.。!！]?$/iu.exec(compact);
  return m?.[1];
}

export function maskIdentifier(id: Identifier): string {
  return id.kind === 'phone' ? maskPhone(id.value) : maskEmail(id.value);
}
