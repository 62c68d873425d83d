/** Messages between the service and the sandbox wallet's worker thread (thread.ts ⇄ thread-worker.ts). */

/** What the worker is started with (workerData): only what the sandbox needs and a thread can carry. */
export interface SandboxThreadData {
  fixedOtp?: string;
  apiKey?: string;
}

/** The service asks: one HTTP request for the sandbox's express app. */
export interface SandboxThreadRequest {
  id: number;
  method: string;
  /** Path and query string. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** The worker answers: the response, or why the app could not give one. */
export type SandboxThreadReply = { id: number; status: number; body: string } | { id: number; failed: string };

/** The worker's first message: its data loaded (`ready`) or start-up failed (`startFailed`). */
export type SandboxThreadHello = { ready: true } | { startFailed: string };
