import { Readable } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../bot/app.ts';
import { parseChatArgs, parseJsonlInput, runChatCommand } from '../../bot/cli/chat.ts';
import { CliError, type CliIo } from '../../bot/cli/io.ts';
import { loadConfig } from '../../bot/config.ts';
import { silentLogger } from '../../bot/logger.ts';
import type { ThreadedNlu } from '../../bot/threads/nlu-thread.ts';
import { eventIn } from './fakes.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ENV = {
  NODE_ENV: 'test',
  KNOWLEDGE_DIR: path.join(ROOT, 'knowledge'),
  SANDBOX_FIXED_OTP: '123456',
  LOG_LEVEL: 'silent',
};

function io(input: string): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdin: Readable.from([input]),
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    env: ENV,
    out,
    err,
  };
}

function jsonLines(out: string[]): Record<string, unknown>[] {
  return out
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('createApp', () => {
  it('wires store, knowledge, NLU, the in-process sandbox wallet, flows and engine', async () => {
    const app = await createApp(loadConfig({ ...ENV, STORE_URL: 'memory:' }), { logger: silentLogger });
    try {
      expect(app.sandboxInUse).toBe(true);
      expect(app.knowledge.entries().length).toBeGreaterThan(20);
      const r = await app.engine.handle(
        eventIn('webchat:t1', 'u', '1', '帮我查一下余额', { verifiedCustomerId: 'C1001' }),
      );
      expect(r.replies.map((x) => x.text).join()).toContain('1,280.50');
      await app.wallet.ping();
    } finally {
      await app.close();
    }
  }, 60_000);
});

describe('createApp: the NLU thread', () => {
  it('with NLU_THREAD (the default) turns parse on a worker thread that answers as the main thread does', async () => {
    const app = await createApp(loadConfig({ ...ENV, STORE_URL: 'memory:' }), { logger: silentLogger });
    try {
      const threaded = app.nlu as ThreadedNlu;
      expect(typeof threaded.parseAsync).toBe('function');
      expect(await threaded.ready()).toBe(true);
      expect(await threaded.parseAsync?.('我的账户被冻结了')).toEqual(app.nlu.parse('我的账户被冻结了'));
      const r = await app.engine.handle(eventIn('webchat:t2', 'u', '1', '我的账户被冻结了'));
      expect(r.intent).toBe('account_frozen');
    } finally {
      await app.close();
    }
  }, 60_000);

  it('NLU_THREAD=false parses on the main thread only; a bad value stops start-up naming it', async () => {
    const app = await createApp(loadConfig({ ...ENV, STORE_URL: 'memory:', NLU_THREAD: 'false' }), {
      logger: silentLogger,
    });
    try {
      expect(app.nlu.parseAsync).toBeUndefined();
    } finally {
      await app.close();
    }
    expect(() => loadConfig({ ...ENV, NLU_THREAD: 'sometimes' })).toThrow(/NLU_THREAD/);
  }, 60_000);
});

describe('upay-bot chat', () => {
  it('--jsonl prints one JSON line per message with intent, flow and handoff', async () => {
    const cli = io('hello\n\n{"text":"how much are the fees"}\n{"action":"cmd:human"}\n');
    const code = await runChatCommand(['--jsonl'], cli);
    expect(code).toBe(0);
    const lines = jsonLines(cli.out);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ intent: 'greeting', flow: null, handoff: 'none' });
    expect(lines[1]).toMatchObject({ intent: 'fees', replies: [{ id: 'answer:fees' }] });
    expect(lines[2]).toMatchObject({ intent: null, handoff: 'requested' });
    // Every reply names itself, as conversation scripts assert it.
    for (const line of lines)
      for (const reply of line.replies as { id?: unknown }[]) expect(reply.id).toEqual(expect.any(String));
  }, 60_000);

  it('--customer acts as a verified in-app customer; anonymous chat must verify first', async () => {
    const verified = io('what is my balance\n');
    await runChatCommand(['--jsonl', '--customer', 'C1001'], verified);
    expect(JSON.stringify(jsonLines(verified.out)[0])).toContain('1,280.50');

    const anonymous = io('what is my balance\n+8613800001001\n123456\n');
    await runChatCommand(['--jsonl', '--channel', 'telegram'], anonymous);
    const lines = jsonLines(anonymous.out).map((l) => JSON.stringify(l));
    expect(lines[0]).not.toContain('1,280.50');
    expect(lines[1]).toContain('138****1001');
    expect(lines[2]).toContain('1,280.50');
  }, 60_000);

  it('a bad JSON line gets a clear error line and a non-zero exit, the rest still runs', async () => {
    const cli = io('{"txt":"x"}\nhello\n');
    const code = await runChatCommand(['--jsonl'], cli);
    expect(code).toBe(1);
    const lines = jsonLines(cli.out);
    expect(lines[0]?.error).toMatch(/line 1: expected \{"text"/);
    expect(lines[1]).toMatchObject({ intent: 'greeting' });
  }, 60_000);

  it('interactive mode numbers the buttons and accepts the number', async () => {
    const cli = io('what is the weather\n2\n');
    await runChatCommand([], cli);
    const text = cli.out.join('');
    expect(text).toMatch(/1\. .+\n\s+2\. /);
    expect(text).toMatch(/账户|frozen|冻结/);
  }, 60_000);

  it('argument errors are clear', () => {
    expect(() => parseChatArgs(['--customer'])).toThrow(CliError);
    expect(() => parseChatArgs(['--channel', 'fax'])).toThrow(/must be one of/);
    expect(() => parseChatArgs(['--nope'])).toThrow(/unknown option/);
    expect(parseChatArgs(['--jsonl', '--customer', 'C1001'])).toMatchObject({
      jsonl: true,
      customer: 'C1001',
      channel: 'console',
    });
    expect(parseJsonlInput('  ')).toBeUndefined();
    expect(parseJsonlInput('{"action":"rating:5"}')).toEqual({ kind: 'action', value: 'rating:5' });
    expect(() => parseJsonlInput('{oops')).toThrow(/invalid JSON/);
  });
});
