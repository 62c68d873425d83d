/**
 * The retrain's two threads: the training thread gives the model the main thread would train, and the live NLU
 * swaps its threaded NLU without dropping a parse in flight.
 */
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../bot/core/knowledge.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createLiveNlu, type TrainedNlu } from '../../bot/teach/live-nlu.ts';
import { createTrainThread } from '../../bot/threads/train-thread.ts';
import type { ThreadedNlu } from '../../bot/threads/nlu-thread.ts';
import { createNluFromModelWords, knowledgeExamples, trainKnowledgeClassifier } from '../../intents/nlu.ts';
import { createSegmenter, domainWordsFromKnowledge } from '../../intents/segment.ts';
import type { Nlu, NluResult } from '../../intents/types.ts';

const SMALL = { minExamples: 3, minTests: 2, minOutOfScope: 4, minOutOfScopeTests: 2 };

describe('training thread', () => {
  it('trains the model trainKnowledgeClassifier trains here', async () => {
    const kb = await loadKnowledge('test/fixtures/knowledge/valid', SMALL);
    const domainWords = domainWordsFromKnowledge(kb);
    const thread = createTrainThread();
    try {
      const examples = kb.locales.flatMap((locale) => knowledgeExamples(kb, 'examples', locale));
      const model = await thread.train(examples, domainWords);
      const here = trainKnowledgeClassifier(kb, { segmenter: createSegmenter(domainWords) }).model();
      expect(model).toEqual(here);
      const nlu = createNluFromModelWords(model, domainWords);
      expect(nlu.parse('how much are the fees').intent.name).toBe('fees');
    } finally {
      await thread.close();
    }
  }, 60_000);

  it('a worker that stops fails its job instead of hanging; the next job starts a new worker', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'train-thread-'));
    const entry = path.join(dir, 'exits.mjs');
    await writeFile(
      entry,
      "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(3));\n",
    );
    const thread = createTrainThread({ entry: pathToFileURL(entry) });
    try {
      await expect(thread.train([], [])).rejects.toMatchObject({ code: 'stopped' });
      await expect(thread.train([], [])).rejects.toMatchObject({ code: 'stopped' });
    } finally {
      await thread.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

/** A threaded NLU stand-in whose parses wait until released, naming the generation that answered. */
function fakeThreaded(name: string) {
  const waiting: (() => void)[] = [];
  let closed = false;
  const result = (text: string): NluResult => ({
    text,
    language: 'en',
    intent: { name, confidence: 1 },
    intent_ranking: [],
    entities: [],
    ambiguous: false,
  });
  const nlu: ThreadedNlu = {
    intents: [name],
    parse: result,
    parseAsync: (text) => new Promise((resolve) => waiting.push(() => resolve(result(text)))),
    ready: async () => true,
    close: async () => {
      closed = true;
    },
  };
  return { nlu, release: () => waiting.splice(0).forEach((go) => go()), isClosed: () => closed };
}

function trained(name: string): TrainedNlu {
  const nlu: Nlu = { intents: [name], parse: (text) => ({ ...fakeThreaded(name).nlu.parse(text) }) };
  return { nlu, model: {} as TrainedNlu['model'], domainWords: [name] };
}

describe('live NLU', () => {
  it('swaps: new parses go to the new model; the old thread closes once its parse in flight is answered', async () => {
    const threads = new Map<string, ReturnType<typeof fakeThreaded>>();
    const live = createLiveNlu(trained('old'), {
      threaded: true,
      logger: silentLogger,
      createThreaded: (t) => {
        const fake = fakeThreaded(t.domainWords[0] ?? '');
        threads.set(t.domainWords[0] ?? '', fake);
        return fake.nlu;
      },
    });
    const inFlight = live.parseAsync?.('hello');
    await live.swap(trained('new'));
    expect(live.parse('x').intent.name).toBe('new');
    expect(live.intents).toEqual(['new']);
    expect(threads.get('old')?.isClosed()).toBe(false);
    threads.get('old')?.release();
    expect((await inFlight)?.intent.name).toBe('old');
    expect(threads.get('old')?.isClosed()).toBe(true);
    const next = live.parseAsync?.('hello');
    threads.get('new')?.release();
    expect((await next)?.intent.name).toBe('new');
    await live.close();
    expect(threads.get('new')?.isClosed()).toBe(true);
  });

  it('without NLU_THREAD it has no parseAsync (callers parse on this thread)', () => {
    const live = createLiveNlu(trained('old'), { threaded: false, logger: silentLogger });
    expect(live.parseAsync).toBeUndefined();
  });
});
