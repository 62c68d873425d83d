import type { Express } from 'express';
import { createInjectTransport } from '../inject-transport.ts';
import type { WalletFetch } from '../http-transport.ts';
import { createSandboxApp, type SandboxOptions } from './app.ts';

/** The base URL a client of the in-process sandbox uses (never resolved: no socket is opened). */
export const IN_PROCESS_SANDBOX_URL = 'http://sandbox-wallet.internal';

export interface InProcessSandbox {
  /** The wallet client's transport: every request goes to the sandbox app in this process. */
  fetch: WalletFetch;
  app: Express;
}

/**
 * The sandbox wallet (bot/wallet/openapi.yaml) served to a client in this process without a
 * listening socket: requests go straight to its express app (inject-transport.ts). Resolves once
 * its data is loaded, so a broken data file fails start-up.
 */
export async function createInProcessSandbox(opts: SandboxOptions = {}): Promise<InProcessSandbox> {
  const app = createSandboxApp(opts);
  await (app.locals.sandboxReady as Promise<void>);
  ownPrototypes(app);
  return { fetch: createInjectTransport(app), app };
}

/**
 * light-my-request serves an express app by re-parenting the prototypes of its `request` and
 * `response` objects, and those are shared by every express app in the process (the bot's own
 * server among them). Giving this app copies of its own keeps that change inside the sandbox.
 */
function ownPrototypes(app: Express): void {
  const isolate = <T extends object>(shared: T): T =>
    Object.create(Object.getPrototypeOf(shared) as object | null, Object.getOwnPropertyDescriptors(shared)) as T;
  const appProperty = { configurable: true, enumerable: true, writable: true, value: app };
  app.request = Object.create(isolate(Object.getPrototypeOf(app.request) as object), {
    app: appProperty,
  }) as Express['request'];
  app.response = Object.create(isolate(Object.getPrototypeOf(app.response) as object), {
    app: appProperty,
  }) as Express['response'];
}
