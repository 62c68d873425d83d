/**
 * `npm run bench:server` — the whole service as its own process (default embedded lowdb store,
 * sandbox wallet on a worker thread of the service) under autocannon on loopback through POST /api/inapp/sessions/{id}/messages:
 * 50 concurrent verified conversations (sandbox tokens, one conversation per session), mixed turns
 * (payment-failed flow + button, FAQs, balance read, out-of-scope), fresh clientMessageId each.
 * Reports turns/s, p50/p99 and server RSS after warm-up and after the long run; writes
 * bench/results/server.md. Env: BENCH_TURNS (default 100000), BENCH_SERVER_BUDGET_S (default 300:
 * the long run stops at whichever comes first), BENCH_CONNECTIONS (50), BENCH_CPU_PROF=1 (writes a
 * .cpuprofile of the server into bench/results/), BENCH_STORE_URL (another STORE_URL for the service, e.g. `memory:` to
 * see what the embedded store costs; the results file then says so).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSessions, runTurnMix, type MixResult } from './turn-mix.ts';
import { spawnBenchServer } from './server-process.ts';
import { machineLine, runBench, writeReportKeepingNotes } from './report.ts';

const TURNS = Number(process.env.BENCH_TURNS ?? 100_000);
const BUDGET_S = Number(process.env.BENCH_SERVER_BUDGET_S ?? 300);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP_S = 10;

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'upay-bench-server-'));
  const profDir = process.env.BENCH_CPU_PROF ? join(process.cwd(), 'bench/results') : undefined;
  const server = await spawnBenchServer(
    {
      DATA_DIR: dataDir,
      RATE_LIMIT_IP_PER_MINUTE: '100000000',
      RATE_LIMIT_CONVERSATION_PER_MINUTE: '100000000',
      INAPP_TOKEN_SECRET: 'bench-secret-bench-secret-bench-secret-00',
      ...(process.env.BENCH_STORE_URL ? { STORE_URL: process.env.BENCH_STORE_URL } : {}),
    },
    profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
  );
  try {
    const sessions = await openSessions(server.url, CONNECTIONS, async (customerId) => {
      const res = await fetch(`${server.url}/api/sandbox/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ customerId }),
      });
      return ((await res.json()) as { token: string }).token;
    });
    const rssStart = await server.rssMb();
    const warm = await runTurnMix([server.url], [sessions], { connections: CONNECTIONS, durationS: WARMUP_S });
    const rssWarm = await server.rssMb();

    const rows: { phase: string; r: MixResult; rssMb: number | string; cpuPerTurnMs?: number }[] = [
      { phase: `warm-up (${WARMUP_S} s)`, r: warm, rssMb: rssWarm },
    ];
    let done = 0;
    const started = Date.now();
    const chunk = Math.max(1000, Math.min(20_000, Math.round(TURNS / 5)));
    const samples: MixResult[] = [];
    while (done < TURNS && (Date.now() - started) / 1000 < BUDGET_S) {
      const cpuBeforeMs = await server.cpuMs();
      const r = await runTurnMix([server.url], [sessions], {
        connections: CONNECTIONS,
        amount: Math.min(chunk, TURNS - done),
      });
      const cpuPerTurnMs = ((await server.cpuMs()) - cpuBeforeMs) / Math.max(1, r.turns);
      samples.push(r);
      done += r.turns;
      rows.push({ phase: `after ${done.toLocaleString('en')} turns`, r, rssMb: await server.rssMb(), cpuPerTurnMs });
    }

    // The ceiling on these cores: a bare express app under the same load (bench/echo-server.ts).
    const echo = await spawnBenchServer({}, [], 'bench/echo-server.ts');
    try {
      await runTurnMix([echo.url], [sessions], { connections: CONNECTIONS, durationS: 3 });
      const cpuBeforeMs = await echo.cpuMs();
      const r = await runTurnMix([echo.url], [sessions], { connections: CONNECTIONS, durationS: 10 });
      const cpuPerTurnMs = ((await echo.cpuMs()) - cpuBeforeMs) / Math.max(1, r.turns);
      rows.push({ phase: '**ceiling: bare express 5 JSON echo, no engine** (10 s)', r, rssMb: '–', cpuPerTurnMs });
    } finally {
      await echo.stop();
    }

    const header = [
      '# Server benchmark (`npm run bench:server`)',
      '',
      machineLine(),
      `Service process: ${process.env.BENCH_STORE_URL ? `STORE_URL=${process.env.BENCH_STORE_URL.replace(/\/\/[^@/]*@/, '//')}` : 'default embedded lowdb store'} (journal and checkpoint writes on its I/O thread), sandbox wallet and NLU on their worker threads (all defaults); autocannon in another process on loopback; ${CONNECTIONS} verified conversations; turn mix: payment failed → button, FAQ, balance, out-of-scope, FAQ.`,
      `Targets: ≥ 2,000 turns/s on 2 cores with p99 ≤ 50 ms; memory flat. RSS at start ${rssStart} MB.`,
      '',
      '| phase | turns | turns/s | p50 ms | p99 ms | non-2xx | errors | server RSS MB | server CPU ms / turn |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows.map(
        ({ phase, r, rssMb, cpuPerTurnMs }) =>
          `| ${phase} | ${r.turns} | ${r.turnsPerSec} | ${r.p50Ms} | ${r.p99Ms} | ${r.non2xx} | ${r.errors} | ${rssMb} | ${cpuPerTurnMs === undefined ? '–' : cpuPerTurnMs.toFixed(2)} |`,
      ),
      '',
      samples.length > 0
        ? `Long run overall: ${done.toLocaleString('en')} turns at ${Math.round(done / samples.reduce((a, r) => a + r.turns / r.turnsPerSec, 0))} turns/s; p99 per chunk ${Math.min(...samples.map((r) => r.p99Ms))}–${Math.max(...samples.map((r) => r.p99Ms))} ms, p50 ${Math.min(...samples.map((r) => r.p50Ms))}–${Math.max(...samples.map((r) => r.p50Ms))} ms.`
        : '',
      '',
      'Server CPU per turn (all threads of the service process, from /proc) hardly depends on what else runs on the machine, unlike turns/s and latency: it is the number to compare between runs.',
      '',
      done < TURNS
        ? `Stopped after ${done.toLocaleString('en')} of ${TURNS.toLocaleString('en')} turns (time budget ${BUDGET_S} s).`
        : `Completed ${done.toLocaleString('en')} turns.`,
      '',
    ].join('\n');
    process.stdout.write(`${header}\n`);
    await writeReportKeepingNotes('bench/results/server.md', header);
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

runBench('bench:server', main);
