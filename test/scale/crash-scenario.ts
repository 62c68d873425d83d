import { expect } from 'vitest';
import type { CountingWallet } from './wallet-proxy.ts';
import { history, openSession, sendMessage, TOKEN_SECRET } from './helpers.ts';
import { spawnServer, type ServerProcess } from './process.ts';
import { RESET_LINK } from './script.ts';

/**
 * kill -9 of a server process between the wallet write and the save of the turn, restart on the
 * same store, and the conversation goes on from where it was without a second wallet write.
 */
export async function crashBetweenWriteAndSave(
  wallet: CountingWallet,
  storeEnv: Record<string, string>,
): Promise<void> {
  const env = {
    ...storeEnv,
    WALLET_API_URL: wallet.url,
    INAPP_TOKEN_SECRET: TOKEN_SECRET,
    RATE_LIMIT_IP_PER_MINUTE: '100000',
  };
  let first: ServerProcess | undefined = await spawnServer(env);
  let second: ServerProcess | undefined;
  try {
    const s = await openSession(first.url, 'C1001');
    expect((await sendMessage(first.url, s.sessionId, 'm1', { text: '你好' })).status).toBe(200);

    // The wallet sends the link, but the bot never hears back: it dies before saving the turn.
    const reached = wallet.holdNext(RESET_LINK);
    const inFlight = sendMessage(first.url, s.sessionId, 'm2', { text: '我忘记密码了' }).then(
      () => 'answered',
      () => 'lost',
    );
    await reached;
    await first.kill9();
    first = undefined;
    expect(await inFlight).toBe('lost');
    expect(await wallet.control.outbox({ customerId: 'C1001', kind: 'password_reset_link' })).toHaveLength(1);

    second = await spawnServer(env);
    // The app retries the lost message. The crashed attempt's claim has no owner any more (its lease
    // ran out, or the embedded store forgot it with the process), so the retry runs the turn: the
    // flow resumes at its checkpoint and replays the send with the same idempotency key, which the
    // wallet answers without acting again.
    // On a shared store the dead process's conversation lock lives out its TTL (30 s); until then the
    // engine answers "busy" without recording the turn, and the client's retry with the same id runs it.
    let retried = await sendMessage(second.url, s.sessionId, 'm2', { text: '我忘记密码了' }, 30_000);
    for (let i = 0; i < 15 && retried.status === 200 && retried.body.flow === null; i++) {
      await new Promise((r) => setTimeout(r, 2000));
      retried = await sendMessage(second.url, s.sessionId, 'm2', { text: '我忘记密码了' }, 30_000);
    }
    expect(retried.status).toBe(200);
    expect(retried.body.flow).toBe('forgot_password');
    expect(retried.body.replies.map((r) => r.text).join('\n')).toContain('138****1001');
    expect(wallet.hitCount(RESET_LINK)).toBe(2);
    expect(await wallet.control.outbox({ customerId: 'C1001', kind: 'password_reset_link' })).toHaveLength(1);

    // The customer goes on from there.
    const buttons = retried.body.replies.flatMap((r) => r.buttons ?? []).map((b) => b.value);
    expect(buttons).toContain('pw:got');
    const done = await sendMessage(second.url, s.sessionId, 'm4', { action: 'pw:got' });
    expect(done.body.flow).toBeNull();

    // One link sent in total, although the send reached the wallet twice with the same key.
    expect(await wallet.control.outbox({ customerId: 'C1001', kind: 'password_reset_link' })).toHaveLength(1);
    expect(wallet.hitCount(RESET_LINK)).toBe(2);
    const customer = (await history(second.url, s.sessionId)).filter((e) => e.from === 'customer').map((e) => e.text);
    expect(customer.at(0)).toBe('你好');
    expect(customer.slice(-2)).toEqual(['我忘记密码了', '收到了']);
  } finally {
    await first?.kill9();
    await second?.stop();
  }
}
