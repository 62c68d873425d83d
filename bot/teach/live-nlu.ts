/**
 * The NLU the engine holds for the life of the service: it delegates to the model currently live, and a retrain
 * (bot/teach/teacher.ts) swaps a new one in without a restart. With NLU_THREAD the parses run on a worker
 * thread (bot/threads/nlu-thread.ts) holding the live model: a swap starts a thread with the new model, routes
 * new parses to it once it is ready, and closes the old thread when its parses in flight are answered.
 */
import type { Nlu, NluResult } from '../../intents/types.ts';
import type { Logger } from '../logger.ts';
import type { TrainedNlu } from '../nlu-cache.ts';
import { createThreadedNlu, type ThreadedNlu } from '../threads/nlu-thread.ts';

export type { TrainedNlu };

export interface LiveNlu extends Nlu {
  /** With NLU_THREAD: true once the live thread answers parses (false: they are made on this thread). */
  ready(): Promise<boolean>;
  /** Makes `trained` the live model; resolves once new parses use it. */
  swap(trained: TrainedNlu): Promise<void>;
  close(): Promise<void>;
}

export interface LiveNluOptions {
  /** NLU_THREAD: parse on a worker thread (then `parseAsync` exists; without it, it does not). */
  threaded: boolean;
  logger: Logger;
  /** Builds the threaded NLU (tests give a stand-in); default createThreadedNlu. */
  createThreaded?: (trained: TrainedNlu) => ThreadedNlu;
}

interface Generation {
  nlu: Nlu;
  threaded?: ThreadedNlu;
  inFlight: number;
  retired: boolean;
}

export function createLiveNlu(initial: TrainedNlu, opts: LiveNluOptions): LiveNlu {
  const createThreaded =
    opts.createThreaded ??
    ((t: TrainedNlu) =>
      createThreadedNlu(t.nlu, { model: t.model, domainWords: t.domainWords }, { logger: opts.logger }));
  const generationOf = (trained: TrainedNlu): Generation => ({
    nlu: trained.nlu,
    ...(opts.threaded ? { threaded: createThreaded(trained) } : {}),
    inFlight: 0,
    retired: false,
  });
  let current = generationOf(initial);
  let closed = false;

  const closeWhenIdle = (generation: Generation) => {
    if (!generation.retired || generation.inFlight > 0) return;
    void generation.threaded?.close().catch(() => undefined);
  };

  const live: LiveNlu = {
    get intents() {
      return current.nlu.intents;
    },
    parse: (text, parseOpts) => current.nlu.parse(text, parseOpts),
    async ready() {
      return current.threaded ? current.threaded.ready() : false;
    },
    async swap(trained) {
      if (closed) return;
      const next = generationOf(trained);
      // Until the new thread answers, parses would fall back to this thread: keep the old one meanwhile.
      if (next.threaded) await next.threaded.ready();
      if (closed) {
        await next.threaded?.close();
        return;
      }
      const old = current;
      current = next;
      old.retired = true;
      closeWhenIdle(old);
    },
    async close() {
      if (closed) return;
      closed = true;
      current.retired = true;
      await current.threaded?.close();
    },
  };
  if (opts.threaded) {
    live.parseAsync = async (text, parseOpts): Promise<NluResult> => {
      const generation = current;
      const threaded = generation.threaded;
      if (!threaded) return generation.nlu.parse(text, parseOpts);
      generation.inFlight++;
      try {
        return await (threaded.parseAsync ? threaded.parseAsync(text, parseOpts) : threaded.parse(text, parseOpts));
      } finally {
        generation.inFlight--;
        closeWhenIdle(generation);
      }
    };
  }
  return live;
}
