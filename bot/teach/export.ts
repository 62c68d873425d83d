/**
 * `knowledge export`: writes the console's active changes into the knowledge files, for review and commit.
 * Assigned and dismissed texts are appended to the intent's `examples` (the YAML document is edited in place:
 * other front matter, comments and the answer stay as they are); a new intent becomes `<locale>/<id>.md` with
 * `source: console`. Exactly what the overlay adds is written, so the overlay on the exported files adds nothing
 * more and the running service keeps its model (same examples, same order, same cache fingerprint).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument, isSeq } from 'yaml';
import { KnowledgeError } from '../errors.ts';
import { loadKnowledge } from '../core/knowledge.ts';
import type { Store } from '../store/types.ts';
import { createChangeStore } from './change-store.ts';
import { quoteItems, renderIntentFile } from './intent-file.ts';
import { overlayKnowledge, type SkippedChange } from './overlay.ts';

export interface ExportedFile {
  /** Relative to the knowledge directory, `/`-separated (`en/fees.md`). */
  file: string;
  /** Examples added to an existing file, or the examples of a new one. */
  examples: number;
  created: boolean;
}

export interface ExportResult {
  files: ExportedFile[];
  /** Active changes that added nothing to these files (already exported, or their intent is gone). */
  skipped: SkippedChange[];
}

export async function exportChanges(store: Store, dir: string): Promise<ExportResult> {
  const root = path.resolve(dir);
  const files = await loadKnowledge(root);
  const { changes } = await createChangeStore(store).read();
  const overlay = overlayKnowledge(files, changes);
  const written: ExportedFile[] = [];
  const done = new Set<string>();

  for (const change of overlay.newIntents) {
    for (const entry of change.entries) {
      const slot = `${entry.locale}/${change.intent}`;
      // Texts assigned to the new intent after it was created go into its file too.
      const examples = [...entry.examples, ...(overlay.added.get(slot) ?? [])];
      await writeFile(
        path.join(root, entry.locale, `${change.intent}.md`),
        renderIntentFile(change.intent, { ...entry, examples }),
        {
          flag: 'wx', // never overwrite a file: the overlay only adds intents the files do not have
        },
      );
      written.push({ file: `${slot}.md`, examples: examples.length, created: true });
      done.add(slot);
    }
  }
  for (const [slot, texts] of overlay.added) {
    if (done.has(slot)) continue;
    const [locale, intent] = slot.split('/') as [string, string];
    const entry = files.entries().find((e) => e.locale === locale && e.id === intent);
    if (!entry) continue;
    await appendExamples(path.join(root, entry.file), entry.file, texts);
    written.push({ file: entry.file, examples: texts.length, created: false });
  }
  return { files: written, skipped: overlay.skipped };
}

/** Appends `texts` to the `examples` list of an intent file's front matter, leaving everything else as it was. */
async function appendExamples(fullPath: string, file: string, texts: readonly string[]): Promise<void> {
  const text = (await readFile(fullPath, 'utf8')).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const end = text.indexOf('\n---', 3);
  if (!text.startsWith('---\n') || end < 0) throw new KnowledgeError(file, 'front matter', 'not found');
  const doc = parseDocument(text.slice(4, end + 1));
  const examples = doc.get('examples', true);
  if (!isSeq(examples)) throw new KnowledgeError(file, 'examples', 'not a list');
  for (const example of texts) examples.add(doc.createNode(example));
  quoteItems(doc, 'examples');
  await writeFile(fullPath, `---\n${doc.toString({ lineWidth: 0 })}${text.slice(end + 1)}`);
}
