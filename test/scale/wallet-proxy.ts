import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandboxWallet, type StartSandboxOptions } from '../../bot/wallet/sandbox/server.ts';
import { createSandboxControl, type SandboxControl } from '../../bot/wallet/sandbox/control.ts';

/**
 * One sandbox wallet shared by several bot instances, behind a counting loopback proxy: every
 * contract request is counted by `METHOD /path` (ids replaced by `:id`), and a test may hold the
 * response of a matching request after the wallet acted (to crash a bot between write and save).
 */
export interface CountingWallet {
  /** Point WALLET_API_URL here. */
  url: string;
  /** The sandbox itself (controls: outbox, disputes, faults). */
  sandboxUrl: string;
  control: SandboxControl;
  /** Requests seen per route, e.g. `POST /v1/customers/:id/password-reset-link`. */
  hits(): Record<string, number>;
  hitCount(route: string): number;
  resetHits(): void;
  /** The next request matching `route` reaches the wallet, but its answer is never sent back. */
  holdNext(route: string): Promise<void>;
  close(): Promise<void>;
}

export function routeOf(method: string, url: string): string {
  const path = url.split('?')[0] ?? '';
  return `${method} ${path.replace(/\/(C\d{4}|T\w+|otp_[\w-]+)(?=\/|$)/g, '/:id')}`;
}

export async function startCountingWallet(opts: StartSandboxOptions = {}): Promise<CountingWallet> {
  const sandbox = await startSandboxWallet({ port: 0, host: '127.0.0.1', ...opts });
  const counts = new Map<string, number>();
  const holds: { route: string; reached: () => void }[] = [];
  const held: http.ServerResponse[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const route = routeOf(req.method ?? 'GET', req.url ?? '/');
      if (route.includes(' /v1/') || route.includes(' /healthz')) counts.set(route, (counts.get(route) ?? 0) + 1);
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'idempotency-key', 'authorization', 'accept']) {
        const v = req.headers[name];
        if (typeof v === 'string') headers[name] = v;
      }
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      fetch(`${sandbox.url}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers,
        ...(body && req.method !== 'GET' ? { body } : {}),
      })
        .then(async (upstream) => {
          const payload = Buffer.from(await upstream.arrayBuffer());
          const hold = holds.findIndex((h) => h.route === route);
          if (hold >= 0) {
            const [h] = holds.splice(hold, 1);
            held.push(res);
            h?.reached();
            return;
          }
          res.writeHead(upstream.status, {
            'content-type': upstream.headers.get('content-type') ?? 'application/json',
          });
          res.end(payload);
        })
        .catch(() => {
          res.writeHead(502, { 'content-type': 'application/json' });
          res.end('{"error":{"code":"proxy","message":"sandbox unreachable"}}');
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    sandboxUrl: sandbox.url,
    control: createSandboxControl(sandbox.url),
    hits: () => Object.fromEntries(counts),
    hitCount: (route) => counts.get(route) ?? 0,
    resetHits: () => counts.clear(),
    holdNext: (route) => new Promise<void>((reached) => holds.push({ route, reached })),
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sandbox.close();
    },
  };
}
