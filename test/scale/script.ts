import { expect } from 'vitest';
import { history, pool, sendMessage, type TurnBody } from './helpers.ts';

/** The script every conversation plays: a greeting, a flow with one wallet write, its button, thanks. */
export const SCRIPT: {
  id: string;
  input: { text: string } | { action: string };
  shownAs: string;
  transcript: string;
}[] = [
  { id: 'm1', input: { text: '你好' }, shownAs: '你好', transcript: '你好' },
  { id: 'm2', input: { text: '我忘记密码了' }, shownAs: '我忘记密码了', transcript: '我忘记密码了' },
  { id: 'm3', input: { action: 'pw:got' }, shownAs: '收到了', transcript: '[button] pw:got' },
  { id: 'm4', input: { text: '谢谢' }, shownAs: '谢谢', transcript: '谢谢' },
];

export const RESET_LINK = 'POST /v1/customers/:id/password-reset-link';

/**
 * Plays SCRIPT in every session, turn by turn across all sessions at once, each message sent to
 * EVERY url concurrently with the same clientMessageId. Asserts all copies got the same answer.
 */
export async function playEverywhere(
  urls: string[],
  sessions: { sessionId: string }[],
  concurrency = 25,
): Promise<Map<string, TurnBody>> {
  const answers = new Map<string, TurnBody>();
  for (const step of SCRIPT) {
    await pool(sessions, concurrency, async (s) => {
      const copies = await Promise.all(urls.map((url) => sendMessage(url, s.sessionId, step.id, step.input)));
      for (const c of copies) expect(c.status, JSON.stringify(c.body)).toBe(200);
      const first = copies[0]?.body as TurnBody;
      for (const c of copies.slice(1)) expect(c.body).toEqual(first); // a duplicate gets the same replies
      expect(first.replies.length).toBeGreaterThan(0);
      answers.set(`${s.sessionId}:${step.id}`, first);
    });
  }
  return answers;
}

/** Every history: ids 1..n, exactly one customer entry per message, each followed by its replies. */
export async function expectExactHistories(
  url: (i: number) => string,
  sessions: { sessionId: string }[],
  answers: Map<string, TurnBody>,
): Promise<void> {
  await pool(sessions, 25, async (s, i) => {
    const entries = await history(url(i), s.sessionId);
    expect(entries.map((e) => e.id)).toEqual(entries.map((_, k) => k + 1));
    expect(entries.filter((e) => e.from === 'customer').map((e) => e.text)).toEqual(SCRIPT.map((m) => m.shownAs));
    let expected = entries.findIndex((e) => e.from === 'customer');
    for (const step of SCRIPT) expected += 1 + (answers.get(`${s.sessionId}:${step.id}`)?.replies.length ?? 0);
    expect(entries).toHaveLength(expected);
  });
}
