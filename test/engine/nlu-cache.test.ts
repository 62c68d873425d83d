import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadOrTrainNlu, nluFingerprint, pretrainNlu } from '../../bot/nlu-cache.ts';
import { loadKnowledge } from '../../bot/core/knowledge.ts';
import type { KnowledgeBase } from '../../bot/core/knowledge.ts';
import { createNlu, knowledgeExamples } from '../../intents/nlu.ts';
import type { Nlu } from '../../intents/types.ts';
import { recordingLogger } from '../support/logger.ts';

/** The knowledge base with its first example left out (another fingerprint). */
function withoutFirstExample(kb: KnowledgeBase): KnowledgeBase {
  const [first] = kb.entries();
  return {
    ...kb,
    dir: kb.dir,
    locales: kb.locales,
    contact: kb.contact,
    get: (intent, locale) => kb.get(intent, locale),
    entries: (locale) => kb.entries(locale).map((e) => (e === first ? { ...e, examples: e.examples.slice(1) } : e)),
  };
}

const NOW = new Date('2026-11-25T12:00:00Z');
let kb: KnowledgeBase;
let reference: Nlu;
const dirs: string[] = [];

beforeAll(async () => {
  kb = await loadKnowledge('knowledge');
  reference = createNlu(kb);
});
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function cacheDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'upay-nlu-cache-'));
  dirs.push(dir);
  return join(dir, 'nlu-cache');
}

function expectSameAsTrained(nlu: Nlu): void {
  for (const { text } of knowledgeExamples(kb, 'tests'))
    expect(nlu.parse(text, { now: NOW })).toEqual(reference.parse(text, { now: NOW }));
}

describe('NLU model cache (DATA_DIR/nlu-cache)', () => {
  it('trains and caches on the first start; the next start loads the model and parses identically', async () => {
    const dir = await cacheDir();
    const first = recordingLogger();
    expectSameAsTrained(await loadOrTrainNlu(kb, { dir, logger: first.logger }));
    expect(first.messages).toContain('NLU trained');
    expect(await readdir(dir)).toEqual([`nlu-${await nluFingerprint(kb)}.v8`]);

    const second = recordingLogger();
    expectSameAsTrained(await loadOrTrainNlu(kb, { dir, logger: second.logger }));
    expect(second.messages).toEqual(['NLU model loaded from the cache']);
  });

  it('retrains when the knowledge changed, and keeps only the current model', async () => {
    const dir = await cacheDir();
    await loadOrTrainNlu(kb, { dir, logger: recordingLogger().logger });
    const edited = withoutFirstExample(kb);
    expect(await nluFingerprint(edited)).not.toBe(await nluFingerprint(kb));
    const log = recordingLogger();
    await loadOrTrainNlu(edited, { dir, logger: log.logger });
    expect(log.messages).toContain('NLU trained');
    expect(await readdir(dir)).toEqual([`nlu-${await nluFingerprint(edited)}.v8`]);
  });

  it('a corrupt cache file is reported and replaced by a fresh model', async () => {
    const dir = await cacheDir();
    await loadOrTrainNlu(kb, { dir, logger: recordingLogger().logger });
    await writeFile(join(dir, `nlu-${await nluFingerprint(kb)}.v8`), 'not a model');
    const log = recordingLogger();
    expectSameAsTrained(await loadOrTrainNlu(kb, { dir, logger: log.logger }));
    expect(log.messages).toContain('NLU model cache unreadable; training');
    const again = recordingLogger();
    await loadOrTrainNlu(kb, { dir, logger: again.logger });
    expect(again.messages).toEqual(['NLU model loaded from the cache']);
  });

  it('an unwritable cache directory only costs the training', async () => {
    const dir = await cacheDir();
    await writeFile(dir, 'a file where the directory should be');
    const log = recordingLogger();
    expectSameAsTrained(await loadOrTrainNlu(kb, { dir, logger: log.logger }));
    expect(log.messages).toContain('could not cache the NLU model; the next start trains again');
  });

  it('loads a model trained at install time (seed directory) when DATA_DIR has none, and caches nothing new', async () => {
    const seedDir = await cacheDir();
    const file = await pretrainNlu(kb, seedDir);
    const modifiedMs = (await stat(file)).mtimeMs;
    expect(await pretrainNlu(kb, seedDir)).toBe(file);
    expect((await stat(file)).mtimeMs).toBe(modifiedMs); // already there: not trained again
    const dir = await cacheDir();
    const log = recordingLogger();
    expectSameAsTrained(await loadOrTrainNlu(kb, { dir, seedDir, logger: log.logger }));
    expect(log.messages).toEqual(['NLU model loaded from the cache']);
  });

  it('ignores a seed trained on other knowledge', async () => {
    const seedDir = await cacheDir();
    await pretrainNlu(withoutFirstExample(kb), seedDir);
    const log = recordingLogger();
    await loadOrTrainNlu(kb, { dir: await cacheDir(), seedDir, logger: log.logger });
    expect(log.messages).toContain('NLU trained');
  });

  it('the install-time script never fails the install', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['scripts/pretrain-nlu.mjs'], {
      env: { ...process.env, KNOWLEDGE_DIR: '/nonexistent-knowledge' },
    });
    expect(stdout).toBe('');
    expect(stderr).toMatch(/NLU model not pretrained .*it will train at start/);
  });

  it('without a directory it just trains', async () => {
    const log = recordingLogger();
    expectSameAsTrained(await loadOrTrainNlu(kb, { logger: log.logger }));
    expect(log.messages).toEqual([]);
  });
});
