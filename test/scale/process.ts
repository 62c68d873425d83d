import { spawn, type ChildProcess } from 'node:child_process';

/** A server started as its own process (`node --import tsx bot/main.ts`), as in production. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** SIGKILL: no shutdown, no flush. Resolves once the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM: graceful shutdown. */
  stop(): Promise<void>;
}

/**
 * The URL a starting server prints on stdout (`ready: open http://…/`). Rejects when the process
 * exits first or after `timeoutMs`, with `diagnostics()` (e.g. the start of its stderr) in the message.
 */
export function readyUrl(child: ChildProcess, timeoutMs: number, diagnostics: () => string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`server did not start within ${timeoutMs} ms: ${diagnostics()}`)),
      timeoutMs,
    );
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /ready: open (http:\/\/[^\s/]+)\//.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready: ${diagnostics()}`));
    });
  });
}

/**
 * The environment of a server child process: only PATH and HOME of ours (nothing of the developer's own
 * configuration leaks in), test mode on a free loopback port, then `env`.
 */
export function serverEnv(env: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    ...env,
  };
}

export async function spawnServer(env: Record<string, string>, timeoutMs = 90_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bot/main.ts'], {
    env: serverEnv({ LOG_LEVEL: 'silent', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await readyUrl(child, timeoutMs, () => stderr.slice(0, 500));
  return {
    url,
    child,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
