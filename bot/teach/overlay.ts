/**
 * The knowledge the assistant runs on: the files (base) with the console's active changes laid over them, oldest
 * first. An assign adds texts to an intent's examples, a dismiss to out_of_scope's, a new intent adds an entry per
 * locale. The result always passes the loader's own checks: a text that already is an utterance of some intent
 * (after normalize) is skipped, never added twice, and a new intent is validated like a file (parseKnowledgeEntry).
 * Texts that the files already hold add nothing, so after `knowledge export` the overlay is a no-op.
 */
import { KnowledgeError } from '../errors.ts';
import { parseKnowledgeEntry } from '../../intents/knowledge.ts';
import { knowledgeBaseOf } from '../../intents/knowledge-base.ts';
import { normalize } from '../../intents/normalize.ts';
import type { Locale } from '../../intents/types.ts';
import { FLOW_IDS, type FlowId } from '../core/domain-ids.ts';
import type { KnowledgeBase, KnowledgeEntry } from '../core/knowledge.ts';
import { TeachError } from './errors.ts';
import { renderIntentFile } from './intent-file.ts';
import type { NewIntentChange, TeachChange } from './types.ts';

export const OUT_OF_SCOPE = 'out_of_scope';

/** Who holds a normalised utterance in a locale: the message of a duplicate names it like the loader does. */
interface Owner {
  intent: string;
  file: string;
  field: 'examples' | 'tests';
  text: string;
}

export interface SkippedChange {
  id: string;
  /** Why it added nothing (may quote taught texts, which are redacted: for the console, not for logs). */
  reason: string;
}

export interface OverlayResult {
  /** The base itself when no change adds anything (same object: caches keyed by it stay warm). */
  knowledge: KnowledgeBase;
  /** Texts added per `<locale>/<intent>`, in order (what `knowledge export` appends to the files). */
  added: Map<string, string[]>;
  /** The new intents that applied (what `knowledge export` writes as files). */
  newIntents: NewIntentChange[];
  /** Active changes that added nothing: every text already taught, their intent gone, or no longer valid. */
  skipped: SkippedChange[];
}

export interface OverlayOptions {
  /** This change must apply and add something, else TeachError `invalid_change` (validating a new change). */
  strictId?: string;
}

// The base's utterances, normalised once per loaded knowledge base (~30 ms for ~6,700 utterances).
const baseOwners = new WeakMap<KnowledgeBase, Map<Locale, Map<string, Owner>>>();

function ownersOf(base: KnowledgeBase): Map<Locale, Map<string, Owner>> {
  let owners = baseOwners.get(base);
  if (owners) return owners;
  owners = new Map();
  for (const locale of base.locales) {
    const byKey = new Map<string, Owner>();
    for (const entry of base.entries(locale)) {
      for (const field of ['examples', 'tests'] as const) {
        for (const text of entry[field]) {
          const key = normalize(text);
          if (!byKey.has(key)) byKey.set(key, { intent: entry.id, file: entry.file, field, text });
        }
      }
    }
    owners.set(locale, byKey);
  }
  baseOwners.set(base, owners);
  return owners;
}

/** Lays the active (not undone) `changes`, given oldest first, over `base`. */
export function overlayKnowledge(
  base: KnowledgeBase,
  changes: readonly TeachChange[],
  opts: OverlayOptions = {},
): OverlayResult {
  const owners = new Map([...ownersOf(base)].map(([locale, byKey]) => [locale, new Map(byKey)]));
  const entries = new Map(base.locales.map((locale) => [locale, base.entries(locale)]));
  const result: OverlayResult = { knowledge: base, added: new Map(), newIntents: [], skipped: [] };
  const intentIds = new Set(base.intents);

  const addTexts = (change: TeachChange & { texts: string[] }, intent: string, locale: Locale): string | undefined => {
    const list = entries.get(locale);
    const index = list?.findIndex((e) => e.id === intent) ?? -1;
    const entry = list?.[index];
    if (!list || !entry) return `intent: "${intent}" does not exist (unknown, undone or removed from the files)`;
    const byKey = owners.get(locale) ?? new Map<string, Owner>();
    const fresh: string[] = [];
    let firstSkip: string | undefined;
    change.texts.forEach((raw, i) => {
      const text = raw.trim();
      const key = normalize(text);
      const owner = byKey.get(key);
      if (key === '' || owner) {
        firstSkip ??=
          key === ''
            ? `texts[${i}]: "${text}" has no words the classifier can use`
            : `texts[${i}]: "${text}" already is an utterance of ${owner?.intent} (${owner?.file} ${owner?.field})`;
        return;
      }
      byKey.set(key, { intent, file: entry.file, field: 'examples', text });
      fresh.push(text);
    });
    if (fresh.length === 0) return firstSkip ?? 'no texts';
    list[index] = { ...entry, examples: [...entry.examples, ...fresh] };
    const slot = `${locale}/${intent}`;
    result.added.set(slot, [...(result.added.get(slot) ?? []), ...fresh]);
    return undefined;
  };

  const addIntent = (change: NewIntentChange): string | undefined => {
    if (intentIds.has(change.intent)) return `intent: "${change.intent}" already exists`;
    const parsed = parseNewIntent(base, change);
    for (const entry of parsed) {
      const byKey = owners.get(entry.locale) ?? new Map<string, Owner>();
      entry.examples.forEach((text, i) => {
        const owner = byKey.get(normalize(text));
        if (owner && owner.intent !== entry.id)
          throw new KnowledgeError(
            entry.locale,
            `examples[${i}]`,
            `duplicate utterance "${text}" also in ${owner.file} (${owner.field}: "${owner.text}"): one utterance, one intent`,
          );
      });
    }
    for (const entry of parsed) {
      const byKey = owners.get(entry.locale) ?? new Map<string, Owner>();
      for (const text of entry.examples) {
        const key = normalize(text);
        if (!byKey.has(key)) byKey.set(key, { intent: entry.id, file: entry.file, field: 'examples', text });
      }
      // Where the loader would list its file (sorted by name): the overlay and the exported files then train on
      // the same examples in the same order, so they share one cached model (bot/nlu-cache.ts fingerprint).
      const list = entries.get(entry.locale) ?? [];
      const at = list.findIndex((e) => `${e.id}.md` > `${entry.id}.md`);
      list.splice(at < 0 ? list.length : at, 0, entry);
    }
    intentIds.add(change.intent);
    result.newIntents.push(change);
    return undefined;
  };

  let changed = false;
  for (const change of changes) {
    if (change.undone) continue;
    let reason: string | undefined;
    try {
      if (change.kind === 'assign') reason = addTexts(change, change.intent, change.locale);
      else if (change.kind === 'dismiss') reason = addTexts(change, OUT_OF_SCOPE, change.locale);
      else reason = addIntent(change);
    } catch (error) {
      if (!(error instanceof KnowledgeError)) throw error;
      reason = error.message;
    }
    if (reason === undefined) changed = true;
    else if (change.id === opts.strictId) throw new TeachError('invalid_change', reason);
    else result.skipped.push({ id: change.id, reason });
  }
  if (changed) result.knowledge = knowledgeOf(base, entries, [...intentIds].sort());
  return result;
}

/**
 * The entries of a new intent, one per locale of the knowledge base, each validated as the file `knowledge export`
 * would write (so the console and `knowledge check` agree). Throws KnowledgeError naming the locale and field.
 */
export function parseNewIntent(
  base: KnowledgeBase,
  change: Pick<NewIntentChange, 'intent' | 'entries'>,
): KnowledgeEntry[] {
  const missing = base.locales.filter((locale) => !change.entries.some((e) => e.locale === locale));
  if (missing.length > 0)
    throw new KnowledgeError(
      'entries',
      missing.join(', '),
      `missing: a new intent needs an entry in every locale (${base.locales.join(', ')})`,
    );
  return base.locales.map((locale) => {
    const input = change.entries.find((e) => e.locale === locale);
    if (!input) throw new KnowledgeError('entries', locale, 'missing');
    return parseKnowledgeEntry<FlowId>(renderIntentFile(change.intent, input), {
      locale,
      fileName: `${change.intent}.md`,
      file: locale,
      values: base.values[locale],
      flowIds: FLOW_IDS,
    });
  });
}

function knowledgeOf(base: KnowledgeBase, byLocale: Map<Locale, KnowledgeEntry[]>, intents: string[]): KnowledgeBase {
  const { dir, locales, contact, values, articles } = base;
  // The same articles array: the article index (bot/engine/article-answer.ts) is built once for it, not per retrain.
  return knowledgeBaseOf({ dir, locales, contact, values, intents, ...(articles ? { articles } : {}) }, byLocale);
}
