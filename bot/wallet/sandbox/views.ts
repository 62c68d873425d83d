import type { Customer, Transaction } from '../types.ts';
import { SELF_SERVICE_FREEZE_REASONS, type SandboxCustomer, type SandboxTransaction } from './data.ts';
import { maskEmail, maskPhone } from './format.ts';
import { ApiError } from './http.ts';

/** What the contract shows of a stored customer (masked contact details). */
export function toCustomer(c: SandboxCustomer): Customer {
  const frozen = c.status === 'frozen';
  return {
    customerId: c.id,
    maskedPhone: maskPhone(c.phone),
    maskedEmail: c.email ? maskEmail(c.email) : undefined,
    name: c.name,
    status: c.status,
    freezeReason: frozen ? c.freezeReason : undefined,
    selfServiceUnfreeze: frozen && c.freezeReason !== undefined && SELF_SERVICE_FREEZE_REASONS.includes(c.freezeReason),
    currency: c.currency,
    preferredLanguage: c.preferredLanguage,
  };
}

export function toTransaction(t: SandboxTransaction): Transaction {
  const { customerId: _customerId, ...rest } = t;
  return rest;
}

export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m?.[1]) throw new ApiError(400, 'invalid_cursor', 'cursor is not one this wallet issued');
  return Number(m[1]);
}
