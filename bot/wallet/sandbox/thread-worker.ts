import { parentPort, workerData } from 'node:worker_threads';
import { createInjectTransport } from '../inject-transport.ts';
import { createSandboxApp } from './app.ts';
import type {
  SandboxThreadData,
  SandboxThreadHello,
  SandboxThreadReply,
  SandboxThreadRequest,
} from './thread-protocol.ts';

/**
 * The sandbox wallet inside its worker thread (started by thread.ts through threads/start.ts):
 * every request message goes to the sandbox's express app through light-my-request, and its
 * status and body go back. One thread serves one service; the sandbox data lives here.
 */
const port = parentPort;
if (!port) throw new Error('thread-worker.ts runs as a worker thread (see thread.ts)');
const data = workerData as SandboxThreadData;

try {
  const app = createSandboxApp({
    ...(data.fixedOtp ? { fixedOtp: data.fixedOtp } : {}),
    ...(data.apiKey ? { apiKey: data.apiKey } : {}),
  });
  await (app.locals.sandboxReady as Promise<void>);
  const transport = createInjectTransport(app);
  const never = new AbortController().signal;
  port.on('message', (request: SandboxThreadRequest) => {
    transport(new URL(request.path, 'http://sandbox-wallet.internal'), {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: never,
    })
      .then(
        async (res) => ({ id: request.id, status: res.status, body: await res.text() }) satisfies SandboxThreadReply,
      )
      .catch((error: unknown) => ({ id: request.id, failed: describe(error) }) satisfies SandboxThreadReply)
      .then((reply) => port.postMessage(reply));
  });
  port.postMessage({ ready: true } satisfies SandboxThreadHello);
} catch (error) {
  port.postMessage({ startFailed: describe(error) } satisfies SandboxThreadHello);
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return error instanceof Error ? `${error.message}${cause}` : String(error);
}
