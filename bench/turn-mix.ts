import autocannon, { type Options, type Result } from 'autocannon';

/**
 * Realistic mixed in-app turns, one conversation per session: a payment-failed flow with its
 * button press, an FAQ, a balance read (wallet call), out-of-scope, another FAQ. Each request has
 * a fresh clientMessageId. Each autocannon connection is one customer: it takes its own session and
 * sends its turns one after another, as a person chatting does (so a conversation never has two
 * turns in flight, and connections never queue on each other's conversation lock).
 */
export const TURN_MIX: ({ text: string } | { action: string })[] = [
  { text: '我昨天付款失败了' },
  { action: 'pay:ok' },
  { text: '手续费怎么收' },
  { text: '我的余额是多少' },
  { text: '今天天气怎么样' },
  { text: 'how do I register an account?' },
];

export interface MixResult {
  turns: number;
  turnsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

export async function runTurnMix(
  urls: string[],
  sessions: string[][],
  opts: { connections: number; durationS?: number; amount?: number },
): Promise<MixResult> {
  let messageSeq = 0;
  const startedAtMs = performance.now();
  let lastResponseAtMs = startedAtMs;
  const runs = urls.map((url, u) => {
    const mine = sessions[u] ?? [];
    let rotation = 0;
    const requests = TURN_MIX.map((input) => ({
      method: 'POST' as const,
      setupRequest: (
        req: { path?: string; body?: string; headers?: Record<string, string> },
        context: Record<string, unknown>,
      ) => {
        if (typeof context.sid !== 'string') context.sid = mine[rotation++ % mine.length];
        req.path = `/api/inapp/sessions/${String(context.sid)}/messages`;
        req.headers = { 'content-type': 'application/json' };
        req.body = JSON.stringify({ clientMessageId: `b${process.pid}-${messageSeq++}`, ...input });
        return req;
      },
    }));
    const options: Options = {
      url,
      connections: Math.max(1, Math.round(opts.connections / urls.length)),
      pipelining: 1,
      ...(opts.amount ? { amount: Math.round(opts.amount / urls.length) } : { duration: opts.durationS ?? 10 }),
      requests,
      timeout: 30,
    };
    return new Promise<Result>((resolve, reject) => {
      autocannon(options, (error, result) => (error ? reject(error) : resolve(result))).on('response', () => {
        lastResponseAtMs = performance.now();
      });
    });
  });
  const results = await Promise.all(runs);
  const turns = results.reduce((a, r) => a + r.requests.total, 0);
  // From the start to the last answer: autocannon's own duration is whole seconds of its ticker (a run
  // of `amount` requests ends at the next tick), up to a second too long for a chunk of 20,000 turns.
  const seconds = (lastResponseAtMs - startedAtMs) / 1000;
  return {
    turns,
    turnsPerSec: Math.round(turns / seconds),
    p50Ms: Math.max(...results.map((r) => r.latency.p50)),
    p99Ms: Math.max(...results.map((r) => r.latency.p99)),
    non2xx: results.reduce((a, r) => a + r.non2xx, 0),
    errors: results.reduce((a, r) => a + r.errors + r.timeouts, 0),
  };
}

/** Opens `count` verified in-app sessions (sandbox tokens or signed tokens) on `url`. */
export async function openSessions(
  url: string,
  count: number,
  token: (customerId: string) => Promise<string>,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const customerId = 'C1001'; // the payment-failed flow with its button needs C1001's T1001B
    const res = await fetch(`${url}/api/inapp/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: await token(customerId), locale: 'zh' }),
    });
    if (res.status !== 201) throw new Error(`session: ${res.status} ${await res.text()}`);
    ids.push(((await res.json()) as { sessionId: string }).sessionId);
  }
  return ids;
}
