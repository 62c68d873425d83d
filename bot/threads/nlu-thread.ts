import type { Worker } from 'node:worker_threads';
import type { Nlu, NluResult } from '../../intents/types.ts';
import type { Logger } from '../logger.ts';
import { startWorker } from './start.ts';
import type { NluThreadData, NluThreadHello, NluThreadReply, NluThreadRequest } from './nlu-thread-protocol.ts';

const WORKER_MODULE = new URL('./nlu-thread-worker.ts', import.meta.url);
const WARN_EVERY_MS = 60_000;

export interface NluThreadOptions {
  logger: Logger;
  /** The worker's module (tests start stand-ins that crash or stay silent). Default nlu-thread-worker.ts. */
  entry?: URL;
  /** How long the worker may take to load the model. Default 30 s. */
  startTimeoutMs?: number;
  /** A message the worker has not parsed within this long is parsed here instead. Default 1 s. */
  answerTimeoutMs?: number;
  /** After the worker stops, this long before the next parse starts a new one. Default 5 s. */
  restartDelayMs?: number;
}

export interface ThreadedNlu extends Nlu {
  /** Resolves true once the worker answers parses, false if it could not start (parses then stay here). */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

interface Pending {
  text: string;
  opts: { now?: Date };
  timer: NodeJS.Timeout;
  resolve(result: NluResult): void;
}

/**
 * The NLU on a worker thread, so that a busy server's turns use a second core: `parseAsync` posts
 * the text to a worker holding the same model and answers with its result, which is the one `parse`
 * gives here (same model, same code). `parse` stays on this thread (the CLI, tests, the agent
 * assist). Nothing is ever lost to the thread: until it has started, when it is slow (answerTimeoutMs)
 * or fails, and after it stops, the parse is made here; a stopped worker is restarted on demand.
 */
export function createThreadedNlu(local: Nlu, data: NluThreadData, opts: NluThreadOptions): ThreadedNlu {
  const entry = opts.entry ?? WORKER_MODULE;
  const startTimeoutMs = opts.startTimeoutMs ?? 30_000;
  const answerTimeoutMs = opts.answerTimeoutMs ?? 1000;
  const restartDelayMs = opts.restartDelayMs ?? 5000;
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let closed = false;
  let worker: Worker | undefined;
  let starting: Promise<boolean> | undefined;
  let restartAt = 0;
  /** When each kind of per-parse warning was last logged: at most one a minute each, not one per message. */
  const warnedAtMs = new Map<string, number>();

  const warn = (fields: Record<string, unknown>, message: string) => {
    const nowMs = Date.now();
    if (nowMs - (warnedAtMs.get(message) ?? Number.NEGATIVE_INFINITY) < WARN_EVERY_MS) return;
    warnedAtMs.set(message, nowMs);
    opts.logger.warn(fields, message);
  };
  const here = (p: Pending) => {
    clearTimeout(p.timer);
    p.resolve(local.parse(p.text, p.opts));
  };

  function start(): Promise<boolean> {
    const candidate = startWorker(entry, { workerData: data });
    candidate.unref();
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        opts.logger.warn({ startTimeoutMs }, 'NLU thread did not start in time; parsing on the main thread');
        void candidate.terminate();
        resolve(false);
      }, startTimeoutMs);
      timer.unref();
      candidate.once('message', (hello: NluThreadHello) => {
        clearTimeout(timer);
        if ('ready' in hello && !closed) {
          worker = candidate;
          candidate.on('message', settle);
          resolve(true);
        } else {
          if ('startFailed' in hello)
            opts.logger.warn({ err: hello.startFailed }, 'NLU thread could not start; parsing on the main thread');
          void candidate.terminate();
          resolve(false);
        }
      });
      candidate.on('error', (error) => opts.logger.error({ err: error.message }, 'NLU thread failed'));
      candidate.once('exit', (code) => {
        clearTimeout(timer);
        resolve(false);
        if (worker !== candidate) return;
        worker = undefined;
        restartAt = Date.now() + restartDelayMs;
        for (const p of pending.values()) here(p);
        pending.clear();
        if (!closed)
          opts.logger.warn({ exitCode: code }, 'NLU thread stopped; parsing on the main thread until it is restarted');
      });
    }).finally(() => {
      starting = undefined;
    });
  }

  function settle(reply: NluThreadReply): void {
    const p = pending.get(reply.id);
    if (!p) return; // answered here already (timeout)
    pending.delete(reply.id);
    if ('failed' in reply) {
      warn({ err: reply.failed }, 'NLU thread could not parse a message; parsed on the main thread');
      here(p);
      return;
    }
    clearTimeout(p.timer);
    p.resolve(reply.result);
  }

  starting = start();

  return {
    intents: local.intents,
    parse: (text, parseOpts) => local.parse(text, parseOpts),
    parseAsync(text, parseOpts = {}) {
      if (!worker) {
        if (!closed && !starting && Date.now() >= restartAt) starting = start();
        return Promise.resolve(local.parse(text, parseOpts));
      }
      const target = worker;
      const id = nextId++;
      return new Promise<NluResult>((resolve) => {
        const timer = setTimeout(() => {
          const p = pending.get(id);
          if (!p) return;
          pending.delete(id);
          warn({ answerTimeoutMs }, 'NLU thread is slow; parsed on the main thread');
          here(p);
        }, answerTimeoutMs);
        pending.set(id, { text, opts: parseOpts, timer, resolve });
        const request: NluThreadRequest = { id, text, ...(parseOpts.now ? { nowMs: parseOpts.now.getTime() } : {}) };
        target.postMessage(request);
      });
    },
    async ready() {
      if (worker) return true;
      return starting ? starting : false;
    },
    async close() {
      if (closed) return;
      closed = true;
      await starting;
      for (const p of pending.values()) here(p);
      pending.clear();
      const stopping = worker;
      worker = undefined;
      await stopping?.terminate();
    },
  };
}
