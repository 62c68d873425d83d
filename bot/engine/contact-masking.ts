import { maskEmail, maskPhone, redact } from '../../intents/redact.ts';
import type { Entity } from '../../intents/types.ts';
import type { PendingFlow } from './conversation.ts';
import { findIdentifier, normalizePhone } from './identifiers.ts';

/**
 * PII at rest: phone numbers and e-mails are needed once (to look the customer up and send a code),
 * so what is stored after that keeps them masked. Flows never need them (they look for transaction
 * ids, amounts and dates), so they get them masked from the start.
 */

/** Phone and e-mail entities with their values masked ("138****1001", "l***i@example.com"); others as they are. */
export function maskContactEntities<E extends Pick<Entity, 'entity' | 'value'>>(entities: readonly E[]): E[] {
  return entities.map((e) => {
    if (e.value.includes('*')) return e; // masked already
    if (e.entity === 'phone') return { ...e, value: maskPhone(normalizePhone(e.value) ?? e.value) };
    if (e.entity === 'email') return { ...e, value: maskEmail(e.value) };
    return e;
  });
}

/** The triggering text redacted again; dropped when a phone/email can still be read in it (fail closed). */
export function maskTriggerText(text: string): string | undefined {
  const redacted = redact(text).text;
  return findIdentifier(redacted, []) ? undefined : redacted;
}

/** A pending flow as it may be stored: text redacted, phone/email entities masked. */
export function maskPendingFlow(pending: PendingFlow): PendingFlow {
  const text = pending.text === undefined ? undefined : maskTriggerText(pending.text);
  return { id: pending.id, ...(text !== undefined ? { text } : {}), entities: maskContactEntities(pending.entities) };
}
