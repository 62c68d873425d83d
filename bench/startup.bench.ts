/**
 * `npm run bench:startup` — how long `npm start` (the README's first command, embedded defaults)
 * takes until GET /readyz answers 200: on a fresh DATA_DIR right after `npm ci` (the model trained at
 * install time is loaded), on a fresh DATA_DIR without that model (the NLU trains: what a start after
 * editing the knowledge costs), and again on the same DATA_DIR (model from DATA_DIR/nlu-cache).
 * Target: ready in under 3 s. Writes bench/results/startup.md. Env: BENCH_STARTUP_RUNS (default 5).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NLU_SEED_DIR } from '../bot/nlu-cache.ts';
import { machineLine, runBench } from './report.ts';

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 5);
const TARGET_MS = 3000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Milliseconds from spawning `npm start` to the first 200 from /readyz; the service is stopped after. */
async function timeToReady(dataDir: string): Promise<number> {
  const port = await freePort();
  const startedMs = performance.now();
  const child = spawn('npm', ['start'], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode} before it was ready`);
      if (performance.now() - startedMs > 60_000) throw new Error('not ready after 60 s');
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return performance.now() - startedMs;
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
}

function stats(ms: number[]): { median: number; max: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  return { median: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0), max: Math.round(sorted.at(-1) ?? 0) };
}

async function main(): Promise<void> {
  const seeded = await stat(NLU_SEED_DIR).then(
    () => true,
    () => false,
  );
  if (!seeded)
    throw new Error(
      `no install-time NLU model in ${NLU_SEED_DIR}: run npm ci (or node scripts/pretrain-nlu.mjs) first`,
    );
  const afterInstall: number[] = [];
  const training: number[] = [];
  const again: number[] = [];
  const aside = `${NLU_SEED_DIR.replace(/\/$/, '')}.bench-aside`;
  for (let i = 0; i < RUNS; i++) {
    const dataDirs = [
      await mkdtemp(join(tmpdir(), 'upay-bench-startup-')),
      await mkdtemp(join(tmpdir(), 'upay-bench-startup-')),
    ];
    try {
      afterInstall.push(await timeToReady(dataDirs[0] as string));
      again.push(await timeToReady(dataDirs[0] as string));
      await rename(NLU_SEED_DIR, aside);
      try {
        training.push(await timeToReady(dataDirs[1] as string));
      } finally {
        await rename(aside, NLU_SEED_DIR);
      }
    } finally {
      for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
    }
  }
  const row = (name: string, ms: number[]) => {
    const s = stats(ms);
    return `| ${name} | ${RUNS} | ${s.median} | ${s.max} | ${s.max < TARGET_MS ? 'met' : 'not met'} |`;
  };
  const report = [
    '# Start-up benchmark (`npm run bench:startup`)',
    '',
    machineLine(),
    'From spawning `npm start` (development, lowdb under a temporary DATA_DIR, sandbox wallet on its worker thread, every default channel plugin) to the first 200 from `GET /readyz`, npm itself included. Target: ready in under 3 s.',
    '',
    '| start | runs | median ms | max ms | < 3 s |',
    '| --- | ---: | ---: | ---: | --- |',
    row('first start after `npm ci` (fresh DATA_DIR; model trained at install time)', afterInstall),
    row('first start without an install-time model, e.g. after editing knowledge/ (the NLU trains)', training),
    row('next start (model from DATA_DIR/nlu-cache)', again),
    '',
  ].join('\n');
  process.stdout.write(`${report}\n`);
  await writeFile('bench/results/startup.md', report);
}

runBench('bench:startup', main);
