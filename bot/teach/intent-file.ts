/**
 * The text of a console-taught intent's file, `<locale>/<id>.md`: what `knowledge export` writes and what the
 * console's new intents are validated as (intents/knowledge.ts parseKnowledgeEntry), so both agree.
 */
import { Document, isScalar, isSeq } from 'yaml';
import type { NewIntentEntry } from './types.ts';

/** Front matter like the hand-written files: plain id and title, examples in double quotes, `source: console`. */
export function renderIntentFile(id: string, entry: Pick<NewIntentEntry, 'title' | 'answer' | 'examples'>): string {
  const doc = new Document({ id, title: entry.title, source: 'console', examples: entry.examples, tests: [] });
  quoteItems(doc, 'examples');
  return `---\n${doc.toString({ lineWidth: 0 })}---\n\n${entry.answer.trim()}\n`;
}

/** Double-quotes every string of the front matter list `key` (new items and old ones the same way). */
export function quoteItems(doc: Document, key: string): void {
  const seq = doc.get(key, true);
  if (!isSeq(seq)) return;
  for (const item of seq.items) if (isScalar(item) && typeof item.value === 'string') item.type ??= 'QUOTE_DOUBLE';
}
