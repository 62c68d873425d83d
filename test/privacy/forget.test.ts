import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJournalFilesStore } from '../../bot/store/journal-files/store.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import type { Store } from '../../bot/store/types.ts';
import { newConversation, saveConversation, type Conversation } from '../../bot/engine/conversation.ts';
import { forgetCustomer, PrivacyError } from '../../bot/privacy/forget.ts';
import { sessionKey } from '../../adapters/webchat/sessions.ts';
import { openSession, sendMessage, startInstance, testConfig } from '../scale/helpers.ts';

function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/upay-bot.js', ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function allFileText(dir: string): Promise<string> {
  let out = '';
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    out += entry.isDirectory() ? await allFileText(path) : await readFile(path, 'utf8');
  }
  return out;
}

async function keysOf(store: Store, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  for await (const k of store.keys(prefix)) keys.push(k);
  return keys;
}

describe('upay-bot forget --customer (spawned, lowdb DATA_DIR)', () => {
  it('erases the customer conversations, cases, sessions and chat logs, prints counts, keeps other customers', async () => {
    const dataDir = `/tmp/upay-forget-${process.pid}-${Date.now()}`;
    const server = await startInstance(testConfig({ DATA_DIR: dataDir }));
    const mine = [await openSession(server.url, 'C1001'), await openSession(server.url, 'C1001')];
    const other = await openSession(server.url, 'C1005');
    for (const s of [...mine, other])
      expect((await sendMessage(server.url, s.sessionId, 'a1', { text: '我忘记密码了' })).status).toBe(200);
    const handoff = await sendMessage(server.url, mine[0]?.sessionId as string, 'a2', { text: '转人工' });
    expect(handoff.body.handoff).not.toBe('none');
    await server.stop();

    const before = await allFileText(dataDir);
    for (const s of mine) expect(before).toContain(s.conversationId);
    // The session ids (the credentials) are never on disk, hashed keys only.
    for (const s of [...mine, other]) expect(before).not.toContain(s.sessionId);

    const res = await runCli(['forget', '--customer', 'C1001'], { DATA_DIR: dataDir });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(
      /^forgot customer C1001: deleted \d+ records \(2 conversations, 1 cases, 2 in-app sessions, 2 chat logs, 0 tickets, \d+ other\)\n$/,
    );

    const after = await allFileText(dataDir);
    for (const s of mine) expect(after).not.toContain(s.conversationId);
    expect(after).not.toContain('C1001');
    expect(after).toContain(other.conversationId);

    const store = await createJournalFilesStore({ dataDir });
    try {
      expect(await store.get(`conv:${other.conversationId}`)).toBeDefined();
      expect(await store.get(sessionKey(other.sessionId))).toBeDefined();
      for (const s of mine) {
        expect(await store.get(`conv:${s.conversationId}`)).toBeUndefined();
        expect(await store.get(`webchat:log:${s.conversationId}`)).toBeUndefined();
      }
      expect(await keysOf(store, 'case:')).toEqual([]);
    } finally {
      await store.close();
    }

    const again = await runCli(['forget', '--customer', 'C1001', '--json'], { DATA_DIR: dataDir });
    expect(JSON.parse(again.stdout)).toEqual({
      customerId: 'C1001',
      counts: { conversations: 0, cases: 0, sessions: 0, logs: 0, tickets: 0, other: 0 },
    });
  }, 90_000);

  it('rejects a missing or malformed customer id with exit code 2 and a reason', async () => {
    const missing = await runCli(['forget'], { DATA_DIR: '/tmp/upay-forget-unused' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--customer is required');
    const bad = await runCli(['forget', '--customer', 'C1001;rm'], { DATA_DIR: '/tmp/upay-forget-unused' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not a customer id');
  }, 60_000);
});

/** A stored conversation of `identity` whose transcript holds a masked phone number. */
function conversation(id: string, identity: Conversation['identity'], extra: Partial<Conversation> = {}): Conversation {
  const at = new Date('2026-01-01T00:00:00.000Z');
  return {
    ...newConversation(id, 'telegram', 'zh', at),
    greeted: true,
    identity,
    transcript: [{ from: 'customer', text: '我的手机 138****1001', at: at.toISOString() }],
    ...extra,
  };
}

describe('forgetCustomer', () => {
  it('finds a conversation whose OTP verification expired through the customer index', async () => {
    const store = createMemoryStore();
    const at = new Date('2026-01-01T00:00:00.000Z');
    const verified = conversation('telegram:1', { verified: true, customerId: 'C1001', via: 'otp' });
    await saveConversation(store, verified, at, 86_400_000, 50);
    // Later the verification expires and the engine resets the identity: the conversation no longer names the customer.
    await saveConversation(store, { ...verified, identity: { verified: false } }, at, 86_400_000, 50);
    await store.set('conv:telegram:2', conversation('telegram:2', { verified: false }));
    const result = await forgetCustomer(store, 'C1001');
    expect(result.counts.conversations).toBe(1);
    expect(await store.get('conv:telegram:1')).toBeUndefined();
    expect(await store.get('conv:telegram:2')).toBeDefined();
    expect(await keysOf(store, 'privacy:')).toEqual([]);
  });

  it('deletes desk cases, pointers, queued posts and tickets of the customer, and nobody else’s', async () => {
    const store = createMemoryStore();
    await store.set(
      'conv:wechat:o1',
      conversation(
        'wechat:o1',
        { verified: false },
        {
          verification: {
            step: 'ask_code',
            customerId: 'C1002',
            channel: 'sms',
            sentTo: '+447*****0002',
            expiresAt: '2026-01-01T00:30:00.000Z',
            attemptsLeft: 5,
            resendsLeft: 2,
          },
          handoff: { state: 'queued', caseId: 'K1' },
        },
      ),
    );
    await store.set('case:K1', { caseId: 'K1', conversationId: 'wechat:o1', openedAt: '2026-01-01T00:00:00.000Z' });
    await store.set('handoff:case:K1', {
      caseId: 'K1',
      conversationId: 'wechat:o1',
      handoffCase: { customer: { customerId: 'C1002' } },
      openedAt: '2026-01-01T00:00:00.000Z',
      history: [],
    });
    await store.set('handoff:conv:wechat:o1', 'K1');
    await store.set('handoff:thread:1700000000.0001', 'K1');
    await store.set('handoff:outbox:K1', { ops: [] });
    await store.set('ticket:T-1', {
      reference: 'T-1',
      caseId: 'K1',
      conversationId: 'wechat:o1',
      customerId: 'C1002',
      email: 'emma.brown@example.com',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    await store.set('handoff:thread:1700000000.0002', 'K2');
    await store.set('case:K2', { caseId: 'K2', conversationId: 'wechat:o2', openedAt: '2026-01-01T00:00:00.000Z' });
    const result = await forgetCustomer(store, 'C1002');
    expect(result.counts).toEqual({ conversations: 1, cases: 2, sessions: 0, logs: 0, tickets: 1, other: 3 });
    expect((await keysOf(store)).sort()).toEqual(['case:K2', 'handoff:thread:1700000000.0002']);
  });

  it('finds in-app sessions under hashed keys and ones written before them (raw id key), with their chat logs', async () => {
    const store = createMemoryStore();
    const at = '2026-01-01T00:00:00.000Z';
    await store.set(sessionKey('NewSessionId_0123456789abcdefghij'), {
      conversationId: 'webchat:newconv',
      customerId: 'C1003',
      createdAt: at,
      expiresAt: at,
    });
    await store.set('webchat:session:OldSessionId_0123456789abcdefghij', {
      sessionId: 'OldSessionId_0123456789abcdefghij',
      conversationId: 'webchat:OldSessionId_0123456789abcdefghij',
      customerId: 'C1003',
      createdAt: at,
      expiresAt: at,
    });
    await store.set('webchat:log:webchat:newconv', { nextId: 2, entries: [{ id: 1, at }] });
    await store.set('webchat:log:webchat:OldSessionId_0123456789abcdefghij', { nextId: 2, entries: [{ id: 1, at }] });
    await store.set('dedupe:webchat:webchat:newconv:#start', { state: 'done' });
    await store.set(sessionKey('SomeoneElse_0123456789abcdefghijk'), {
      conversationId: 'webchat:theirs',
      customerId: 'C1004',
      createdAt: at,
      expiresAt: at,
    });
    const result = await forgetCustomer(store, 'C1003');
    expect(result.counts).toMatchObject({ sessions: 2, logs: 2, other: 1 });
    expect(await keysOf(store)).toEqual([sessionKey('SomeoneElse_0123456789abcdefghijk')]);
  });

  it('refuses a malformed customer id with a typed error', async () => {
    await expect(forgetCustomer(createMemoryStore(), '')).rejects.toBeInstanceOf(PrivacyError);
    await expect(forgetCustomer(createMemoryStore(), 'C1:*')).rejects.toMatchObject({ code: 'invalid_customer_id' });
  });
});
