/**
 * `upay-bot knowledge export` on the embedded store (lowdb under DATA_DIR, as a server without STORE_URL keeps
 * it): the changes go into the files, a second export writes nothing, and bad usage exits 2.
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../bot/cli/main.ts';
import type { CliIo } from '../../bot/cli/io.ts';
import { loadKnowledge } from '../../bot/core/knowledge.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createStore } from '../../bot/store/index.ts';
import type { TrainedNlu } from '../../bot/teach/live-nlu.ts';
import { createTeacher } from '../../bot/teach/teacher.ts';

let work: string;
let dir: string;
let dataDir: string;

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = {
    stdin: Readable.from([]),
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    env: { NODE_ENV: 'test', DATA_DIR: dataDir, KNOWLEDGE_DIR: dir },
  };
  return { cli, out, err };
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'teach-export-'));
  dir = path.join(work, 'knowledge');
  dataDir = path.join(work, 'data');
  await cp(path.resolve('knowledge'), dir, { recursive: true });
  // Teach through the stored changes only (no training needed to export).
  const store = await createStore({ dataDir, logger: silentLogger });
  const base = await loadKnowledge(dir);
  const teacher = await createTeacher({
    store,
    logger: silentLogger,
    base,
    liveVersion: 0,
    train: async () => ({}) as TrainedNlu,
    apply: async () => undefined,
  });
  await teacher.assign({ intent: 'fees', locale: 'zh-CN', groupId: 'g', texts: ['鹦鹉转账要手续费吗'], by: 'ann' });
  await teacher.settled();
  await teacher.close();
  await store.close();
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('upay-bot knowledge export', () => {
  it('appends the taught texts to the files, then has nothing more to write', async () => {
    const before = await readFile(path.join(dir, 'zh-CN/fees.md'), 'utf8');
    const first = io();
    expect(await main(['knowledge', 'export'], first.cli)).toBe(0);
    expect(first.out.join('')).toBe(`zh-CN/fees.md: +1 examples\nexported 1 files to ${dir}\n`);
    const after = await readFile(path.join(dir, 'zh-CN/fees.md'), 'utf8');
    expect(after).toContain('  - "鹦鹉转账要手续费吗"\ntests:');
    expect(after.replace('  - "鹦鹉转账要手续费吗"\n', '')).toBe(before);
    expect((await loadKnowledge(dir)).get('fees', 'zh-CN')?.examples.at(-1)).toBe('鹦鹉转账要手续费吗');

    const second = io();
    expect(await main(['knowledge', 'export', '--dir', dir], second.cli)).toBe(0);
    expect(second.out.join('')).toBe(`exported 0 files to ${dir} (1 changes add nothing new to them)\n`);
  }, 60_000);

  it('refuses other options', async () => {
    const bad = io();
    expect(await main(['knowledge', 'export', '--min-tests', '3'], bad.cli)).toBe(2);
    expect(bad.err.join('')).toContain('export takes only --dir');
  });
});
