/**
 * `knowledge/values.yaml`: every number or fact an operator owns (contact details, limits, fees, arrival times,
 * hours, ages) in one file, marked `sample: true` until the operator has set real values. Answers reference
 * them as `{{group.key}}` (e.g. `{{contact.hotline}}`, `{{limits.transfer_daily}}`), so no answer states a
 * number of its own and each value is changed in one place. A value is a string or number, or one per locale.
 */
import { z } from 'zod';
import { KnowledgeError } from './errors.ts';
import type { ContactInfo } from './knowledge-types.ts';
import type { Locale } from './types.ts';

export const VALUES_FILE = 'values.yaml';

const localized = z.strictObject({ 'zh-CN': z.string().min(1), en: z.string().min(1) });
const scalar = z.union([z.string().min(1), z.number()]);
const value = z.union([scalar, localized]);

const contactSchema = z.strictObject({
  hotline: z.string().min(1),
  email: z.email(),
  hours: localized,
  social: localized,
  emailReplyHours: z.number().int().positive(),
});

const GROUP_NAME = /^[a-z][a-z0-9_]{0,39}$/;
const KEY_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,59}$/;

export const valuesSchema = z
  .object({
    sample: z.boolean(),
    contact: contactSchema,
  })
  .catchall(z.record(z.string().regex(KEY_NAME, 'value names are letters, digits and _'), value))
  .superRefine((data, ctx) => {
    for (const group of Object.keys(data)) {
      if (group !== 'sample' && !GROUP_NAME.test(group)) {
        ctx.addIssue({ code: 'custom', path: [group], message: 'group names are lower-case letters, digits and _' });
      }
    }
  });

export type KnowledgeValues = z.infer<typeof valuesSchema>;

/** The `{{name}}` → text table for one locale. */
export function valueTable(values: KnowledgeValues, locale: Locale): Map<string, string> {
  const table = new Map<string, string>();
  for (const [group, entries] of Object.entries(values)) {
    if (group === 'sample' || typeof entries !== 'object' || entries === null) continue;
    for (const [key, v] of Object.entries(entries as Record<string, unknown>)) {
      if (typeof v === 'string' || typeof v === 'number') table.set(`${group}.${key}`, String(v));
      else if (v && typeof v === 'object' && locale in v)
        table.set(`${group}.${key}`, String((v as Record<string, string>)[locale]));
    }
  }
  return table;
}

export function contactOf(values: KnowledgeValues): ContactInfo {
  return { sample: values.sample, ...values.contact };
}

// Bounded and without nested quantifiers: linear on any body.
const PLACEHOLDER = /\{\{\s{0,8}([^{}\s]{1,120})\s{0,8}\}\}/g;

/** Fills `{{group.key}}` placeholders; an unknown name fails with the file, the field and the name. */
export function fillPlaceholders(body: string, table: Map<string, string>, file: string): string {
  return body.replace(PLACEHOLDER, (match, name: string) => {
    const filled = table.get(name);
    if (filled === undefined) {
      throw new KnowledgeError(
        file,
        'answer',
        `unknown value ${match}: add "${name.replace('.', ': ')}" to ${VALUES_FILE} (sample values are fine)`,
      );
    }
    return filled;
  });
}
