import type { Config } from '../config.ts';
import { ConfigError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { createWalletClient, type WalletClient, type WalletClientOptions } from './client.ts';
import { createSandboxControl, type SandboxControl } from './sandbox/control.ts';
import type { FaultsInput } from './sandbox/faults.ts';
import { startSandboxWallet } from './sandbox/server.ts';
import { IN_PROCESS_SANDBOX_URL } from './sandbox/in-process.ts';
import { createThreadSandbox } from './sandbox/thread.ts';

export {
  createWalletClient,
  type WalletClient,
  type WalletClientOptions,
  type WalletCallOutcome,
  type WalletOp,
} from './client.ts';
export { WalletError, type WalletApi, type WalletErrorCode } from './types.ts';

export interface Wallet {
  api: WalletClient;
  /** Present when the sandbox runs in-process (WALLET_API_URL unset). */
  sandbox?: { inProcess: true };
  close(): Promise<void>;
}

/**
 * The wallet the service uses: a client for WALLET_API_URL, or — when it is unset — the sandbox
 * wallet in this process with a client that hands its requests straight to the sandbox's express
 * app (sandbox/in-process.ts): the same contract, requests, routes, middleware and responses as
 * over the network, without a loopback socket per call (which cost a turn as much CPU as the rest
 * of the engine). Nothing listens: other processes and tests run their own sandbox
 * (`startSandboxWallet`, `createInProcessWallet`).
 */
export async function createWallet(
  config: Config,
  logger: Logger,
  extra: Pick<WalletClientOptions, 'onCall' | 'retries' | 'breaker'> = {},
): Promise<Wallet> {
  const log = logger.child({ component: 'wallet' });
  if (config.WALLET_API_URL) {
    const api = createWalletClient({
      ...extra,
      baseUrl: config.WALLET_API_URL,
      apiKey: config.WALLET_API_KEY,
      timeoutMs: config.WALLET_TIMEOUT_MS,
      logger: log,
    });
    return { api, close: async () => undefined };
  }
  if (config.NODE_ENV === 'production') {
    // loadConfig refuses this already; a config built another way must not reach the sandbox either.
    throw new ConfigError(
      'invalid configuration: WALLET_API_URL: required when NODE_ENV=production (the sandbox wallet is for development only)',
    );
  }
  const sandbox = await createThreadSandbox({
    fixedOtp: config.SANDBOX_FIXED_OTP,
    apiKey: config.WALLET_API_KEY,
    logger: log,
  });
  log.info({ wallet: { sandbox: true } }, 'sandbox wallet started in a worker thread');
  const api = createWalletClient({
    ...extra,
    baseUrl: IN_PROCESS_SANDBOX_URL,
    apiKey: config.WALLET_API_KEY,
    timeoutMs: config.WALLET_TIMEOUT_MS,
    logger: log,
    fetchImpl: sandbox.fetch,
  });
  return { api, sandbox: { inProcess: true }, close: () => sandbox.close() };
}

export interface InProcessWalletOptions {
  fixedOtp?: string;
  now?: () => Date;
  faults?: FaultsInput;
  dataFile?: string;
  /** Client options (defaults: timeoutMs 2000, retries 2, retryBaseMs 20). */
  client?: Partial<Omit<WalletClientOptions, 'baseUrl'>>;
}

export interface InProcessWallet {
  api: WalletClient;
  url: string;
  /** Sandbox controls: outbox, lastOtp, disputes, setFaults, reset. */
  control: SandboxControl;
  close(): Promise<void>;
}

/**
 * For tests and demos: a fresh sandbox wallet on a random loopback port plus an HTTP client
 * for it and its sandbox controls. Call `close()` when done.
 */
export async function createInProcessWallet(opts: InProcessWalletOptions = {}): Promise<InProcessWallet> {
  const sandbox = await startSandboxWallet({
    port: 0,
    host: '127.0.0.1',
    fixedOtp: opts.fixedOtp,
    now: opts.now,
    faults: opts.faults,
    dataFile: opts.dataFile,
  });
  const api = createWalletClient({ timeoutMs: 2000, retryBaseMs: 20, ...opts.client, baseUrl: sandbox.url });
  return { api, url: sandbox.url, control: createSandboxControl(sandbox.url), close: () => sandbox.close() };
}
