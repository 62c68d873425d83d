import type { KnowledgeBase, KnowledgeEntry } from './knowledge-types.ts';
import type { IntentId, Locale } from './types.ts';

/** What a knowledge base holds besides its entries (the loader reads them from the files). */
export type KnowledgeParts<Flow extends string> = Omit<KnowledgeBase<Flow>, 'entries' | 'get'>;

/**
 * A knowledge base over entries already validated, per locale in the order the loader lists them: the loader's
 * (intents/knowledge.ts) and the console's overlay of taught changes (bot/teach/overlay.ts) build it alike.
 */
export function knowledgeBaseOf<Flow extends string>(
  parts: KnowledgeParts<Flow>,
  byLocale: ReadonlyMap<Locale, readonly KnowledgeEntry<Flow>[]>,
): KnowledgeBase<Flow> {
  const all = parts.locales.flatMap((locale) => byLocale.get(locale) ?? []);
  const index = new Map(all.map((e) => [`${e.locale}/${e.id}`, e]));
  return {
    ...parts,
    entries: (locale?: Locale) => (locale ? [...(byLocale.get(locale) ?? [])] : [...all]),
    get: (intent: IntentId, locale: Locale) => index.get(`${locale}/${intent}`),
  };
}
