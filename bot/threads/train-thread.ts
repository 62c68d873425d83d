/**
 * Trains the knowledge model on a worker thread, so that a retrain after a console change (bot/teach/) never
 * blocks the service's event loop: turns keep being answered by the old model meanwhile. The worker is started
 * on the first job and kept (a retrain is rare, but starting one costs a second); the model comes back by
 * structured clone (it is v8-serialisable, like the cache file) and is the one `trainKnowledgeClassifier`
 * makes on the main thread: same code, same examples, same seed.
 */
import type { Worker } from 'node:worker_threads';
import type { ClassifierModel, LabeledText } from '../../intents/classifier.ts';
import { startWorker } from './start.ts';
import type { TrainThreadJob, TrainThreadReply } from './train-thread-protocol.ts';

export interface TrainThreadOptions {
  /** Longest one job may take before the worker is stopped and the job fails. Default 10 minutes. */
  timeoutMs?: number;
  /** The worker module (tests give a stand-in). Default train-thread-worker.ts. */
  entry?: URL;
}

export interface TrainThread {
  train(examples: LabeledText[], domainWords: readonly string[]): Promise<ClassifierModel>;
  /** Stops the worker; jobs in flight fail. A later job starts a new one. */
  close(): Promise<void>;
}

export class TrainThreadError extends Error {
  constructor(
    readonly code: 'timeout' | 'failed' | 'stopped',
    message: string,
  ) {
    super(message);
    this.name = 'TrainThreadError';
  }
}

interface Pending {
  resolve(model: ClassifierModel): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export function createTrainThread(options: TrainThreadOptions = {}): TrainThread {
  const timeoutMs = options.timeoutMs ?? 600_000;
  const entry = options.entry ?? new URL('./train-thread-worker.ts', import.meta.url);
  const pending = new Map<number, Pending>();
  let worker: Worker | undefined;
  let nextId = 1;

  const failAll = (error: TrainThreadError) => {
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    pending.clear();
  };

  const ensureWorker = (): Worker => {
    if (worker) return worker;
    const started = startWorker(entry);
    started.unref();
    started.on('message', (reply: TrainThreadReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      clearTimeout(p.timer);
      if (pending.size === 0) started.unref();
      if ('failed' in reply) p.reject(new TrainThreadError('failed', `training failed on its thread: ${reply.failed}`));
      else p.resolve(reply.model);
    });
    started.on('error', () => undefined); // followed by 'exit', which fails the jobs
    started.once('exit', () => {
      if (worker === started) worker = undefined;
      failAll(new TrainThreadError('stopped', 'the training thread stopped'));
    });
    worker = started;
    return started;
  };

  return {
    train(examples, domainWords) {
      const target = ensureWorker();
      const id = nextId++;
      return new Promise<ClassifierModel>((resolve, reject) => {
        const timer = setTimeout(() => {
          if (!pending.delete(id)) return;
          reject(new TrainThreadError('timeout', `training took longer than ${timeoutMs} ms`));
          if (worker === target) worker = undefined;
          void target.terminate();
        }, timeoutMs);
        timer.unref();
        pending.set(id, { resolve, reject, timer });
        target.ref(); // kept alive while it trains; idle, it never holds the process open
        const job: TrainThreadJob = { id, examples, domainWords };
        target.postMessage(job);
      });
    },
    async close() {
      const stopping = worker;
      worker = undefined;
      failAll(new TrainThreadError('stopped', 'the training thread was closed'));
      await stopping?.terminate();
    },
  };
}
