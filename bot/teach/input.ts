/**
 * The size caps and shape checks of what the console sends to the teacher. Texts of a group (assign, dismiss)
 * are taken as they come, within the caps: a group can be larger than a change, so the first (newest) texts are
 * kept and over-long ones left out; the change lists exactly what it taught. What staff type for a new intent
 * is refused instead, naming the locale and field, so nothing they wrote is dropped silently.
 */
import { normalize } from '../../intents/normalize.ts';
import type { Locale } from '../../intents/types.ts';
import { TeachError } from './errors.ts';
import type { NewIntentEntry } from './types.ts';

export const TEACH_LIMITS = {
  /** Texts one assign or dismiss teaches. */
  textsPerChange: 200,
  textChars: 500,
  /** Examples of one locale of a new intent. */
  examplesPerEntry: 100,
  titleChars: 200,
  answerChars: 4000,
  nameChars: 64,
  groupIdChars: 200,
} as const;

function invalid(message: string): TeachError {
  return new TeachError('invalid_change', message);
}

export function checkName(value: unknown, field: string, maxChars: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`${field}: required`);
  if (value.length > maxChars) throw invalid(`${field}: longer than ${maxChars} characters`);
  return value.trim();
}

export function checkLocale(value: unknown, locales: readonly Locale[]): Locale {
  const found = locales.find((l) => l === value);
  if (!found) throw invalid(`locale: must be one of ${locales.join(', ')}`);
  return found;
}

/**
 * A group's texts as one change teaches them: trimmed, one per normalised form, at most `textsPerChange`, each at
 * most `textChars` (longer ones are left out: a customer's essay is a poor example). Throws when none is left.
 */
export function cleanTexts(value: unknown): string[] {
  if (!Array.isArray(value)) throw invalid('texts: must be a list of texts');
  const seen = new Set<string>();
  const texts: string[] = [];
  for (const item of value) {
    if (texts.length >= TEACH_LIMITS.textsPerChange) break;
    if (typeof item !== 'string') continue;
    const text = item.trim();
    if (text.length > TEACH_LIMITS.textChars) continue;
    const key = normalize(text);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    texts.push(text);
  }
  if (texts.length === 0)
    throw invalid(`texts: no text to teach (each needs words and at most ${TEACH_LIMITS.textChars} characters)`);
  return texts;
}

/** A new intent's entries, checked for shape and size only; the knowledge rules come after (overlay.ts). */
export function checkEntries(value: unknown, locales: readonly Locale[]): NewIntentEntry[] {
  if (!Array.isArray(value)) throw invalid(`entries: must be a list, one entry per locale (${locales.join(', ')})`);
  const entries: NewIntentEntry[] = [];
  for (const [i, raw] of value.entries()) {
    if (!raw || typeof raw !== 'object') throw invalid(`entries[${i}]: must be an object`);
    const item = raw as Record<string, unknown>;
    const locale = checkLocale(item.locale, locales);
    if (entries.some((e) => e.locale === locale)) throw invalid(`${locale}: entries: given twice`);
    const title = checkName(item.title, `${locale}: title`, TEACH_LIMITS.titleChars);
    if (typeof item.answer !== 'string' || item.answer.trim() === '') throw invalid(`${locale}: answer: required`);
    if (item.answer.length > TEACH_LIMITS.answerChars)
      throw invalid(`${locale}: answer: longer than ${TEACH_LIMITS.answerChars} characters`);
    if (!Array.isArray(item.examples)) throw invalid(`${locale}: examples: must be a list of texts`);
    if (item.examples.length > TEACH_LIMITS.examplesPerEntry)
      throw invalid(`${locale}: examples: more than ${TEACH_LIMITS.examplesPerEntry}`);
    const examples = item.examples.map((example: unknown, j: number) => {
      if (typeof example !== 'string') throw invalid(`${locale}: examples[${j}]: must be a text`);
      if (example.length > TEACH_LIMITS.textChars)
        throw invalid(`${locale}: examples[${j}]: longer than ${TEACH_LIMITS.textChars} characters`);
      return example.trim();
    });
    entries.push({ locale, title, answer: item.answer.trim(), examples });
  }
  const missing = locales.filter((l) => !entries.some((e) => e.locale === l));
  if (missing.length > 0)
    throw invalid(`${missing.join(', ')}: entries: missing (a new intent needs every locale: ${locales.join(', ')})`);
  return entries;
}
