import { Worker, type WorkerOptions } from 'node:worker_threads';

const ENTRY = new URL('./entry.mjs', import.meta.url);

/**
 * Starts a worker thread running `module`: a TypeScript module through entry.mjs (tsx), anything
 * else (a test's .mjs stand-in) directly. Workers get none of the parent's Node flags.
 */
export function startWorker(module: URL, options: Omit<WorkerOptions, 'argv' | 'execArgv'> = {}): Worker {
  if (!module.pathname.endsWith('.ts')) return new Worker(module, { ...options, execArgv: [] });
  return new Worker(ENTRY, { ...options, execArgv: [], argv: [module.href] });
}
