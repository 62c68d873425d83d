/**
 * Redaction before anything is stored, logged or sent to Slack: card numbers, passwords, one-time codes
 * and ID card numbers are replaced by tags; phone numbers and e-mail addresses are masked.
 */
import { extractEntities } from './entities.ts';
import type { Entity, EntityType } from './types.ts';

export interface RedactOptions {
  /** Phones become a masked form (138****1001) when true (default), the tag `[phone]` when false. */
  keepMaskedPhone?: boolean;
}

export interface RedactResult {
  text: string;
  /** Entity types that were replaced or masked, in order of first appearance, each once. */
  found: EntityType[];
}

/** "+8613800001001" → "138****1001"; other countries keep "+", 3 leading and 4 trailing digits: "+447*****0002". */
export function maskPhone(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  if (digits.startsWith('86') && digits.length === 13) return `${digits.slice(2, 5)}****${digits.slice(-4)}`;
  if (digits.length <= 7) return `+${'*'.repeat(digits.length)}`;
  return `+${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** "li.si@example.com" → "l***i@example.com"; a one- or two-character local part keeps its first character only. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  const local = email.slice(0, at);
  const masked = local.length <= 2 ? `${local[0]}***` : `${local[0]}***${local[local.length - 1]}`;
  return `${masked}${email.slice(at)}`;
}

function replacement(entity: Entity, opts: RedactOptions): string | undefined {
  switch (entity.entity) {
    case 'card_number':
      return `[card ${entity.value}]`;
    case 'password':
      return '[password]';
    case 'code':
      return '[code]';
    case 'id_card':
      return '[id]';
    case 'phone':
      return opts.keepMaskedPhone === false ? '[phone]' : maskPhone(entity.value);
    case 'email':
      return maskEmail(entity.value);
    default:
      return undefined;
  }
}

function redactOnce(text: string, opts: RedactOptions, found: EntityType[]): string {
  let out = '';
  let cursor = 0;
  for (const entity of extractEntities(text)) {
    const tag = replacement(entity, opts);
    if (tag === undefined) continue;
    out += text.slice(cursor, entity.start) + tag;
    cursor = entity.end;
    if (!found.includes(entity.entity)) found.push(entity.entity);
  }
  return out + text.slice(cursor);
}

/** Most messages settle in one pass; run-together input ("密码是abc+86 138 0000 1001") can need a second. */
const MAX_PASSES = 3;

export function redact(text: string, opts: RedactOptions = {}): RedactResult {
  const found: EntityType[] = [];
  let current = text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = redactOnce(current, opts, found);
    if (next === current) break;
    current = next;
  }
  return { text: current, found };
}
