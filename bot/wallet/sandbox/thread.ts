import type { Worker } from 'node:worker_threads';
import type { Logger } from '../../logger.ts';
import { startWorker } from '../../threads/start.ts';
import { abortError, type WalletFetch } from '../http-transport.ts';
import type {
  SandboxThreadData,
  SandboxThreadHello,
  SandboxThreadReply,
  SandboxThreadRequest,
} from './thread-protocol.ts';

const WORKER_MODULE = new URL('./thread-worker.ts', import.meta.url);

export interface ThreadSandboxOptions extends SandboxThreadData {
  logger?: Logger;
  /** How long the worker may take to load the sandbox data. Default 10 s. */
  startTimeoutMs?: number;
  /** The worker's module (tests start stand-ins that crash or never start). Default thread-worker.ts. */
  entry?: URL;
}

export interface ThreadSandbox {
  /** The wallet client's transport: every request goes to the sandbox app in the worker thread. */
  fetch: WalletFetch;
  /** Stops the worker; requests still waiting reject as a stopped network would. */
  close(): Promise<void>;
}

type Answer = { ok: boolean; status: number; text(): Promise<string> };
interface Pending {
  resolve(answer: Answer): void;
  reject(error: Error): void;
}

function transportError(message: string, cause?: unknown): Error {
  const error = new Error(message, cause === undefined ? undefined : { cause });
  error.name = 'TypeError';
  return error;
}

/**
 * The sandbox wallet (bot/wallet/openapi.yaml) in a worker thread of this process: the same express
 * app, routes and middleware as `createInProcessSandbox`, but its work (routing, handlers, its data)
 * runs beside the service's turns instead of on their thread, as a remote wallet's would. Requests
 * and answers cross as small messages. Resolves once the sandbox data is loaded, so a broken data
 * file fails start-up. A worker that dies fails the requests it held (the client retries and its
 * breaker degrades) and is started afresh, from the seed data, by the next request.
 */
export async function createThreadSandbox(opts: ThreadSandboxOptions = {}): Promise<ThreadSandbox> {
  const data: SandboxThreadData = {
    ...(opts.fixedOtp ? { fixedOtp: opts.fixedOtp } : {}),
    ...(opts.apiKey ? { apiKey: opts.apiKey } : {}),
  };
  const startTimeoutMs = opts.startTimeoutMs ?? 10_000;
  const entry = opts.entry ?? WORKER_MODULE;
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let closed = false;
  let current: Promise<Worker> | undefined;

  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  function start(): Promise<Worker> {
    const worker = startWorker(entry, { workerData: data });
    const started = new Promise<Worker>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`sandbox wallet thread did not start within ${startTimeoutMs} ms`));
        void worker.terminate();
      }, startTimeoutMs);
      worker.once('message', (hello: SandboxThreadHello) => {
        clearTimeout(timer);
        if ('ready' in hello) {
          worker.on('message', (reply: SandboxThreadReply) => settle(reply));
          worker.unref();
          resolve(worker);
        } else {
          reject(new Error(`sandbox wallet could not start: ${hello.startFailed}`));
          void worker.terminate();
        }
      });
      worker.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`sandbox wallet thread failed to start: ${error.message}`, { cause: error }));
      });
    });
    worker.on('error', (error) => opts.logger?.error({ err: error.message }, 'sandbox wallet thread crashed'));
    worker.once('exit', (code) => {
      if (current === started) current = undefined;
      failAll(transportError(`sandbox wallet thread stopped (exit code ${code})`));
      if (!closed)
        opts.logger?.warn(
          { exitCode: code },
          'sandbox wallet thread stopped; the next request starts a new one from the seed data',
        );
    });
    return started;
  }

  function settle(reply: SandboxThreadReply): void {
    const p = pending.get(reply.id);
    if (!p) return; // aborted meanwhile: the late answer is dropped
    pending.delete(reply.id);
    if ('failed' in reply) {
      p.reject(transportError(`sandbox wallet request failed: ${reply.failed}`));
      return;
    }
    const body = reply.body;
    p.resolve({ ok: reply.status >= 200 && reply.status < 300, status: reply.status, text: async () => body });
  }

  current = start();
  await current;

  const fetch: WalletFetch = async (url, init) => {
    const signal = init.signal;
    if (signal.aborted) throw abortError(signal);
    if (closed) throw transportError('sandbox wallet thread is closed');
    current ??= start();
    const worker = await current;
    if (signal.aborted) throw abortError(signal);
    const id = nextId++;
    const request: SandboxThreadRequest = {
      id,
      method: init.method,
      path: `${url.pathname}${url.search}`,
      headers: { ...init.headers, host: url.host },
      ...(init.body !== undefined ? { body: init.body } : {}),
    };
    return new Promise<Answer>((resolve, reject) => {
      const onAbort = () => {
        if (!pending.delete(id)) return;
        idle(worker);
        reject(abortError(signal));
      };
      pending.set(id, {
        resolve(answer) {
          signal.removeEventListener('abort', onAbort);
          idle(worker);
          resolve(answer);
        },
        reject(error) {
          signal.removeEventListener('abort', onAbort);
          idle(worker);
          reject(error);
        },
      });
      signal.addEventListener('abort', onAbort, { once: true });
      // A request in flight keeps the process alive; an idle worker does not.
      if (pending.size === 1) worker.ref();
      worker.postMessage(request);
    });
  };

  function idle(worker: Worker): void {
    if (pending.size === 0) worker.unref();
  }

  return {
    fetch,
    async close() {
      if (closed) return;
      closed = true;
      const worker = await current?.catch(() => undefined);
      failAll(transportError('sandbox wallet thread is closed'));
      await worker?.terminate();
    },
  };
}
