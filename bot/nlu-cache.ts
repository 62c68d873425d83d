import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { ClassifierModel } from '../intents/classifier.ts';
import type { KnowledgeBase } from './core/knowledge.ts';
import {
  createNluFromClassifier,
  createNluFromModelWords,
  knowledgeExamples,
  trainKnowledgeClassifier,
} from '../intents/nlu.ts';
import { createSegmenter, domainWordsFromKnowledge } from '../intents/segment.ts';
import type { Nlu } from '../intents/types.ts';
import type { Logger } from './logger.ts';

/** Bump when the cache file layout changes. */
const CACHE_FORMAT = 1;
const INTENTS_DIR = new URL('../intents/', import.meta.url);
const LOCK_FILE = new URL('../package-lock.json', import.meta.url);

/**
 * Models trained at install time (`npm ci` runs the `prepare` script, scripts/pretrain-nlu.mjs), read
 * when DATA_DIR has none yet, so that even the first start after an install loads instead of training.
 */
export const NLU_SEED_DIR = fileURLToPath(new URL('../node_modules/.cache/upay-support/nlu/', import.meta.url));

export interface NluCacheOptions {
  /** Directory of the cached model (DATA_DIR/nlu-cache); undefined = always train. */
  dir?: string;
  /** Read-only directory of a model trained at install time (`NLU_SEED_DIR`), tried after `dir`. */
  seedDir?: string;
  logger: Logger;
  /**
   * Trains off the event loop (bot/threads/train-thread.ts: a retrain while the service runs, bot/teach/);
   * default: `trainKnowledgeClassifier` here, synchronously (start-up, CLI).
   */
  trainModel?: (kb: KnowledgeBase, domainWords: string[]) => Promise<ClassifierModel>;
}

/**
 * What a trained knowledge model depends on: the training examples, the NLU code (intents/*.ts),
 * the locked dependency versions (segmenter, converter, stemmer) and the Node version (the file is
 * v8-serialised). Equal fingerprints, equal models: a cached model is only used when they match.
 */
export async function nluFingerprint(kb: KnowledgeBase): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`format ${CACHE_FORMAT} node ${process.version}\u0000`);
  for (const { label, text } of knowledgeExamples(kb, 'examples')) hash.update(`${label}\u0000${text}\u0000`);
  const sources = (await readdir(INTENTS_DIR)).filter((f) => f.endsWith('.ts')).sort();
  for (const file of sources) hash.update(file).update(await readFile(new URL(file, INTENTS_DIR)));
  hash.update(await readFile(LOCK_FILE).catch(() => 'no lock file'));
  return hash.digest('hex').slice(0, 32);
}

/**
 * The knowledge-base NLU, from the model cached under `dir` when it was trained on exactly these
 * examples with exactly this code, otherwise trained (~1 s) and cached for the next start. A missing,
 * corrupt or unwritable cache only costs the training: it is never an error.
 */
export async function loadOrTrainNlu(kb: KnowledgeBase, opts: NluCacheOptions): Promise<Nlu> {
  return (await loadOrTrainNluModel(kb, opts)).nlu;
}

/** A trained knowledge model: the NLU, the model it parses with and the segmenter's domain words. */
export interface TrainedNlu {
  nlu: Nlu;
  model: ClassifierModel;
  domainWords: string[];
}

/** `loadOrTrainNlu`, with the model it parses with and the segmenter's domain words (what an NLU thread needs: bot/threads/nlu-thread.ts). */
export async function loadOrTrainNluModel(kb: KnowledgeBase, opts: NluCacheOptions): Promise<TrainedNlu> {
  const { dir, logger } = opts;
  // Computed once here for the classifier, the cached model's rebuild and the thread.
  const domainWords = domainWordsFromKnowledge(kb);
  const train = async (): Promise<{ nlu: Nlu; model: ClassifierModel }> => {
    if (opts.trainModel) {
      const model = await opts.trainModel(kb, domainWords);
      return { nlu: createNluFromModelWords(model, domainWords), model };
    }
    const classifier = trainKnowledgeClassifier(kb, { segmenter: createSegmenter(domainWords) });
    return { nlu: createNluFromClassifier(classifier), model: classifier.model() };
  };
  if (dir === undefined) return { ...(await train()), domainWords };
  const fingerprint = await nluFingerprint(kb);
  const name = modelFileName(fingerprint);
  const file = join(dir, name);
  for (const candidate of opts.seedDir === undefined ? [file] : [file, join(opts.seedDir, name)]) {
    try {
      const model = deserialize(await readFile(candidate)) as ClassifierModel;
      const nlu = createNluFromModelWords(model, domainWords);
      logger.debug({ fingerprint, file: candidate }, 'NLU model loaded from the cache');
      return { nlu, model, domainWords };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        logger.warn({ err: String(error), file: candidate }, 'NLU model cache unreadable; training');
    }
  }
  const startedMs = performance.now();
  const { nlu, model } = await train();
  logger.debug({ trainMs: Math.round(performance.now() - startedMs) }, 'NLU trained');
  await saveModel(dir, file, model).catch((error: unknown) =>
    logger.warn({ err: String(error), dir }, 'could not cache the NLU model; the next start trains again'),
  );
  return { nlu, model, domainWords };
}

/** The cache file of a model: the fingerprint says which knowledge and code it was trained with. */
function modelFileName(fingerprint: string): string {
  return `nlu-${fingerprint}.v8`;
}

/** Writes the model atomically (temp file + rename) and removes models of older fingerprints. */
async function saveModel(dir: string, file: string, model: ClassifierModel): Promise<void> {
  await mkdir(dir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, serialize(model));
  await rename(temp, file);
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    if (path !== file && name.startsWith('nlu-') && (name.endsWith('.v8') || name.endsWith('.tmp')))
      await unlink(path).catch(() => undefined);
  }
}

/**
 * Trains the knowledge model and writes it to `dir` (install time: scripts/pretrain-nlu.mjs), unless a
 * model with the same fingerprint is already there. Returns the file.
 */
export async function pretrainNlu(kb: KnowledgeBase, dir: string): Promise<string> {
  const file = join(dir, modelFileName(await nluFingerprint(kb)));
  const present = await stat(file).then(
    () => true,
    () => false,
  );
  if (!present) await saveModel(dir, file, trainKnowledgeClassifier(kb).model());
  return file;
}
