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
 * Then an A/B of turn-event recording (bot/analytics/): two services, events recorded into the store vs. discarded,
 * the same load in alternating chunks; prints turns/s and CPU/turn for both and their ratio. BENCH_AB_TURNS (turns
 * per side, default 30000) in BENCH_AB_ROUNDS (3) alternating rounds, BENCH_AB=0 skips it, BENCH_AB=only runs only it (printed, results file untouched).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSessions, runTurnMix, type MixResult } from './turn-mix.ts';
import { spawnBenchServer, type BenchServer } from './server-process.ts';
import { machineLine, runBench, writeReportKeepingNotes } from './report.ts';

const TURNS = Number(process.env.BENCH_TURNS ?? 100_000);
const BUDGET_S = Number(process.env.BENCH_SERVER_BUDGET_S ?? 300);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP_S = 10;

const AB = process.env.BENCH_AB ?? '1';
const AB_TURNS = Number(process.env.BENCH_AB_TURNS ?? 30_000);
const AB_ROUNDS = Math.max(1, Number(process.env.BENCH_AB_ROUNDS ?? 3));

async function main(): Promise<void> {
  if (AB === 'only') {
    process.stdout.write(`${(await eventsAB()).join('\n')}\n`);
    return;
  }
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

    // The A/B runs on its own services: this one stops first (stop is safe to call twice).
    await server.stop();
    const ab = AB === '0' ? [] : await eventsAB();
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
      ...ab,
    ].join('\n');
    process.stdout.write(`${header}\n`);
    await writeReportKeepingNotes('bench/results/server.md', header);
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

interface AbSide {
  name: string;
  server: BenchServer;
  sessions: string[];
  dataDir: string;
  turns: number;
  seconds: number;
  cpuMs: number;
  p99s: number[];
}

async function startSide(name: string, events: 'on' | 'off'): Promise<AbSide> {
  const dataDir = await mkdtemp(join(tmpdir(), `upay-bench-events-${events}-`));
  const server = await spawnBenchServer(
    {
      DATA_DIR: dataDir,
      RATE_LIMIT_IP_PER_MINUTE: '100000000',
      RATE_LIMIT_CONVERSATION_PER_MINUTE: '100000000',
      INAPP_TOKEN_SECRET: 'bench-secret-bench-secret-bench-secret-00',
      BENCH_EVENTS: events,
      ...(process.env.BENCH_STORE_URL ? { STORE_URL: process.env.BENCH_STORE_URL } : {}),
    },
    [],
    'bench/events-server.ts',
  );
  const sessions = await openSessions(server.url, CONNECTIONS, async (customerId) => {
    const res = await fetch(`${server.url}/api/sandbox/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customerId }),
    });
    return ((await res.json()) as { token: string }).token;
  });
  return { name, server, sessions, dataDir, turns: 0, seconds: 0, cpuMs: 0, p99s: [] };
}

/**
 * Turn-event recording on (the real store log) vs. off (discarded), same load, both services up at once and
 * loaded in alternating chunks (on, off, off, on, …) so that drift in the machine's load hits both alike.
 */
async function eventsAB(): Promise<string[]> {
  const on = await startSide('events recorded (store log)', 'on');
  const off = await startSide('events discarded', 'off').catch(async (error: unknown) => {
    await on.server.stop();
    await rm(on.dataDir, { recursive: true, force: true });
    throw error;
  });
  const sides = [on, off];
  try {
    for (const side of sides)
      await runTurnMix([side.server.url], [side.sessions], { connections: CONNECTIONS, durationS: 5 });
    const chunk = Math.max(1000, Math.round(AB_TURNS / AB_ROUNDS));
    for (let round = 0; round < AB_ROUNDS; round++) {
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        const cpuBefore = await side.server.cpuMs();
        const r = await runTurnMix([side.server.url], [side.sessions], { connections: CONNECTIONS, amount: chunk });
        side.cpuMs += (await side.server.cpuMs()) - cpuBefore;
        side.turns += r.turns;
        side.seconds += r.turns / r.turnsPerSec;
        side.p99s.push(r.p99Ms);
      }
    }
    const rss = await Promise.all(sides.map((s) => s.server.rssMb()));
    const rate = (s: AbSide) => s.turns / s.seconds;
    const cpu = (s: AbSide) => s.cpuMs / s.turns;
    return [
      '## Turn-event recording A/B',
      '',
      `Two services at once (\`bench/events-server.ts\`), the same turn mix in ${AB_ROUNDS} alternating chunks of ${chunk.toLocaleString('en')} turns each (after 5 s warm-up each). Target: recording costs ≤ 5 % throughput.`,
      '',
      '| events | turns | turns/s | p99 ms per chunk | server CPU ms / turn | server RSS MB |',
      '| --- | ---: | ---: | --- | ---: | ---: |',
      ...sides.map(
        (s, i) =>
          `| ${s.name} | ${s.turns} | ${Math.round(rate(s))} | ${s.p99s.join(', ')} | ${cpu(s).toFixed(2)} | ${rss[i] ?? '–'} |`,
      ),
      '',
      `Throughput recorded / discarded: ${(rate(on) / rate(off)).toFixed(3)}; CPU per turn recorded / discarded: ${(cpu(on) / cpu(off)).toFixed(3)}.`,
      '',
    ];
  } finally {
    for (const side of sides) {
      await side.server.stop();
      await rm(side.dataDir, { recursive: true, force: true });
    }
  }
}

runBench('bench:server', main);
