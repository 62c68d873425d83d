import { isLegacyChineseIdValid } from '../../intents/entities.ts';
import type { Entity } from '../../intents/types.ts';
import type { Conversation, TranscriptLine } from './conversation.ts';

export type Redactor = (text: string) => string;

/** Things a customer should never type in a chat: they are warned when they do. */
const NEVER_SHARE = new Set(['password', 'card_number', 'id_card']);

/** Never stored: passwords, card and ID numbers, one-time codes (anything the NLU marks sensitive). */
export function isSensitiveEntity(e: Entity): boolean {
  return e.sensitive === true || NEVER_SHARE.has(e.entity);
}

/** A password, card number or ID number: the customer gets the "never share this" warning. */
export function warnsCustomer(e: Entity): boolean {
  return NEVER_SHARE.has(e.entity);
}

/** True when the message holds something the customer must be warned about. */
export function mustWarn(text: string, entities: readonly Entity[]): boolean {
  return entities.some(warnsCustomer) || redactFallback(text) !== text;
}

/** Replaces the spans of sensitive entities (card numbers, passwords, ID numbers) with a marker. */
export function redactSpans(
  text: string,
  entities: readonly Entity[],
  which: (e: Entity) => boolean = isSensitiveEntity,
): string {
  const spans = entities
    .filter(which)
    .filter((e) => e.start >= 0 && e.end <= text.length && e.end > e.start)
    .sort((a, b) => b.start - a.start);
  let out = text;
  let lastStart = Number.POSITIVE_INFINITY;
  for (const e of spans) {
    if (e.end > lastStart) continue; // overlapping span already covered
    out = `${out.slice(0, e.start)}[redacted]${out.slice(e.end)}`;
    lastStart = e.start;
  }
  return out;
}

/**
 * Engine-side safety net applied after the NLU's redactor: long digit runs (card numbers, ID
 * numbers) and whatever follows a password keyword.
 */
export function redactFallback(text: string): string {
  return (
    text
      .replace(/(密码|密碼|password|passwd|pwd|pin)(\s*(?:是|为|為|is|:|：|=)\s*)(\S+)/giu, '$1$2[redacted]')
      .replace(/(?<![+\d])\d[\d -]{14,22}\d\b/gu, (m) => {
        const digits = m.replace(/\D/gu, '');
        return digits.length >= 16 && digits.length <= 19 ? '[redacted]' : m;
      })
      .replace(/\b\d{17}[\dXx]\b/gu, '[redacted]')
      // The 15-digit legacy ID form (area code, YYMMDD, sequence), checked so order numbers are left alone.
      .replace(/(?<![\dA-Za-z])\d{15}(?![\dA-Za-z])/gu, (m) => (isLegacyChineseIdValid(m) ? '[redacted]' : m))
  );
}

/** The text as it may be stored: sensitive spans, then the NLU redactor, then the safety net. */
export function redactForStorage(text: string, entities: readonly Entity[], redact: Redactor): string {
  return redactFallback(redact(redactSpans(text, entities)));
}

export function addTranscriptLine(conv: Conversation, line: TranscriptLine, maxLines: number): void {
  conv.transcript.push(line);
  if (conv.transcript.length > maxLines) conv.transcript.splice(0, conv.transcript.length - maxLines);
}

export function addIntent(conv: Conversation, intent: string, confidence: number, at: Date, max: number): void {
  conv.intentTrail.push({ intent, confidence: Math.round(confidence * 1000) / 1000, at: at.toISOString() });
  if (conv.intentTrail.length > max) conv.intentTrail.splice(0, conv.intentTrail.length - max);
}

export function addUnique(list: string[], values: readonly string[] | undefined, max = 20): void {
  for (const v of values ?? []) if (!list.includes(v)) list.push(v);
  if (list.length > max) list.splice(0, list.length - max);
}
