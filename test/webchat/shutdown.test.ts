import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createInProcessWallet, type InProcessWallet } from '../../bot/wallet/index.ts';
import { secretKey, signCustomerToken } from '../../adapters/webchat/token.ts';
import { spawnServer, type ServerProcess } from '../scale/process.ts';

/**
 * `npm start` as a real process: SIGTERM stops accepting, lets the in-flight turn finish and
 * answer, flushes the embedded store and exits 0; a restart on the same DATA_DIR has the history.
 */
const SECRET = 'shutdown-test-secret-shutdown-test-secret';

describe('graceful shutdown', () => {
  let wallet: InProcessWallet | undefined;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.kill9().catch(() => undefined);
    await wallet?.close();
  });

  it('finishes the in-flight turn, exits 0, and keeps what it saved', async () => {
    wallet = await createInProcessWallet();
    const dataDir = mkdtempSync(join(tmpdir(), 'upay-shutdown-'));
    const env = { WALLET_API_URL: wallet.url, INAPP_TOKEN_SECRET: SECRET, DATA_DIR: dataDir };
    server = await spawnServer(env);
    const token = await signCustomerToken('C1001', secretKey(SECRET));
    const session = (await (
      await fetch(`${server.url}/api/inapp/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      })
    ).json()) as { sessionId: string };

    // The balance read takes 1.5 s at the wallet: SIGTERM arrives while the turn is running.
    await wallet.control.setFaults({ latencyMs: 1500 });
    const inFlight = fetch(`${server.url}/api/inapp/sessions/${session.sessionId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientMessageId: 'slow-1', text: '我的余额是多少' }),
    });
    await new Promise((r) => setTimeout(r, 400));
    const exited = new Promise<number | null>((resolve) => server!.child.once('exit', (code) => resolve(code)));
    server.child.kill('SIGTERM');

    const res = await inFlight;
    expect(res.status).toBe(200);
    const body = (await res.json()) as { replies: { text: string }[] };
    expect(body.replies.map((r) => r.text).join('\n')).toContain('1,280.50');
    // No new connections once shutting down.
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    expect(await exited).toBe(0);

    await wallet.control.setFaults({ latencyMs: 0 });
    server = await spawnServer(env);
    const history = (await (await fetch(`${server.url}/api/inapp/sessions/${session.sessionId}/history`)).json()) as {
      entries: { text: string }[];
    };
    expect(history.entries.map((e) => e.text)).toContain('我的余额是多少');
    await server.stop();
  }, 120_000);
});
