import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../bot/cli/main.ts';
import type { CliIo } from '../../bot/cli/io.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/upay-bot.js');
const VALID = 'test/fixtures/knowledge/valid';
const SMALL_FLAGS = [
  '--min-examples',
  '3',
  '--min-tests',
  '2',
  '--min-out-of-scope',
  '4',
  '--min-out-of-scope-tests',
  '2',
];

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, KNOWLEDGE_DIR: '', ...env },
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const tmpDirs: string[] = [];
afterAll(async () => {
  await Promise.all(tmpDirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe.concurrent('upay-bot knowledge check (process)', () => {
  it('prints the locale × intent summary and OK for a valid directory', async () => {
    const out = await cli(['knowledge', 'check', '--dir', VALID, ...SMALL_FLAGS]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^locale\s+intent\s+examples\s+tests\s+flow\s+handoff$/);
    expect(lines).toHaveLength(1 + 32 + 1);
    expect(lines).toContainEqual(expect.stringMatching(/^zh-CN\s+account_frozen\s+3\s+2\s+account_frozen\s+-$/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^en\s+unrecognized_transaction\s+3\s+2\s+unrecognized_transaction\s+offer \(urgent\)$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^en\s+human_agent\s+3\s+2\s+-\s+immediate$/));
    expect(lines.at(-1)).toBe(
      'OK: 32 files, 2 locales, 98 examples, 64 tests (values.yaml holds SAMPLE values: replace before production)',
    );
  });

  it('prints the one-line error and exits 1 when a rule fails', async () => {
    const out = await cli(['knowledge', 'check', '--dir', VALID]);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(
      'test/fixtures/knowledge/valid/zh-CN/account_frozen.md: examples: needs at least 40 utterances, found 3\n',
    );
  });

  it('reads KNOWLEDGE_DIR when --dir is absent', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'upay-knowledge-cli-'));
    tmpDirs.push(dir);
    await cp(VALID, dir, { recursive: true });
    await rm(path.join(dir, 'en', 'fees.md'));
    const out = await cli(['knowledge', 'check', ...SMALL_FLAGS], { KNOWLEDGE_DIR: dir });
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(`${path.join(dir, 'en', 'fees.md')}: file: missing locale counterpart of zh-CN/fees.md\n`);
  });
});

/** Usage errors through the same dispatcher in-process (spawning costs seconds each). */
async function inProcess(args: string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdin: process.stdin,
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: {},
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('upay-bot knowledge usage errors', () => {
  it.each([
    [['knowledge'], /usage: upay-bot knowledge check/],
    [['knowledge', 'lint'], /unknown subcommand "lint"/],
    [['knowledge', 'check', '--dir'], /--dir needs a value/],
    [['knowledge', 'check', '--min-tests', 'many'], /--min-tests must be a whole number/],
    [['knowledge', 'check', '--verbose'], /unknown option "--verbose"/],
  ])('%j exits 2', async (args, message) => {
    const out = await inProcess(args);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
  });

  it('defaults to ./knowledge (the repository files pass with the default minimums)', async () => {
    const out = await inProcess(['knowledge', 'check']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const files = /\nOK: (\d+) files, 2 locales, \d+ examples, \d+ tests/.exec(out.stdout);
    expect(Number(files?.[1])).toBeGreaterThanOrEqual(100); // at least 50 intents in each locale
  });
});
