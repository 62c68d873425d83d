/**
 * What recording turn events costs, per event, on the main thread (`npm run bench:events`): building the event
 * from a turn (bot/analytics/turn-record.ts), queueing it and writing its batch to the store (memory and the
 * embedded lowdb store, whose journal I/O runs on its own thread). CPU time is process CPU (both threads), so a
 * busy machine slows the wall time but hardly the figure. Also what the console pays to read and compute over
 * the events (read + stats + missed-message groups), per 100k events. Compare with bench:server's CPU per turn
 * (≈ 1.5 ms on the 2-core host): the target is ≤ 5 % of a turn. Writes bench/results/events.md.
 */
import { mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTurnEventLog } from '../bot/analytics/event-log.ts';
import { computeStats, statsReadRange } from '../bot/analytics/stats.ts';
import { buildTurnEvent, type TurnFacts } from '../bot/analytics/turn-record.ts';
import { findUnanswered } from '../bot/analytics/unanswered.ts';
import { loadKnowledge } from '../bot/core/knowledge.ts';
import { silentLogger } from '../bot/logger.ts';
import { createStore } from '../bot/store/index.ts';
import type { Store } from '../bot/store/types.ts';

const EVENTS = Number(process.env.BENCH_EVENTS_N ?? 30_000);
const REPEATS = 3;
const READ_EVENTS = 100_000;

const kb = await loadKnowledge('knowledge');
const entries = kb.entries('zh-CN').filter((e) => e.id !== 'out_of_scope');
const QUESTIONS = ['手续费怎么收', '转账多久到账', 'upay能在日本用吗', '我的账户被冻结了', '谢谢'];

/** A realistic turn: a question and its knowledge answer (long replies are capped), sometimes a fallback. */
function facts(i: number, at: Date): TurnFacts {
  const entry = entries[i % entries.length]!;
  const fallback = i % 10 === 0;
  return {
    at,
    conversationId: `webchat:${(i % 500).toString(36).padStart(8, 'x')}`,
    channel: 'webchat',
    language: 'zh' as const,
    input: { kind: 'text', text: QUESTIONS[i % QUESTIONS.length]! },
    customerLine: `${QUESTIONS[i % QUESTIONS.length]!} ${i}`,
    intent: fallback ? 'out_of_scope' : entry.id,
    ranking: [
      { name: fallback ? 'out_of_scope' : entry.id, confidence: 0.91 },
      { name: 'fees', confidence: 0.04 },
      { name: 'withdraw', confidence: 0.02 },
    ].map((r) => ({ intent: r.name, confidence: r.confidence })),
    replies: fallback
      ? [{ id: 'fallback', text: '抱歉，这个问题我暂时帮不上忙' }]
      : [{ id: `answer:${entry.id}`, text: entry.answer }],
    handoff: 'none' as const,
    ms: 12.5,
  };
}

async function storeOf(kind: 'memory' | 'lowdb'): Promise<Store> {
  return createStore({
    url: kind === 'memory' ? 'memory:' : undefined,
    dataDir: mkdtempSync(join(tmpdir(), 'upay-bench-events-')),
    logger: silentLogger,
    lowdb: { fsync: false, checkpointIntervalMs: 5000, ioThread: true },
  });
}

function cpuUs(): number {
  const c = process.cpuUsage();
  return c.user + c.system;
}

/** CPU µs per event to build, queue and write it (the log's own timer and batch size). */
async function recordCost(kind: 'memory' | 'lowdb'): Promise<number> {
  const store = await storeOf(kind);
  const log = createTurnEventLog({ store, logger: silentLogger, retentionDays: 90 });
  const start = cpuUs();
  for (let i = 0; i < EVENTS; i++) {
    log.record(buildTurnEvent(facts(i, new Date())));
    // Yield as a server does between turns, so the log's timer and the store's thread run as they would.
    if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await log.flush();
  const perEvent = (cpuUs() - start) / EVENTS;
  await log.close();
  await store.close();
  return perEvent;
}

/** Baseline: the same loop with nothing recorded (the loop and the yields). */
async function loopCost(): Promise<number> {
  const start = cpuUs();
  for (let i = 0; i < EVENTS; i++) {
    facts(i, new Date());
    if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return (cpuUs() - start) / EVENTS;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const rows: string[] = [];
const base = median(await Promise.all([loopCost(), loopCost(), loopCost()]));
for (const kind of ['memory', 'lowdb'] as const) {
  const runs: number[] = [];
  for (let r = 0; r < REPEATS; r++) runs.push((await recordCost(kind)) - base);
  rows.push(
    `| ${kind} | ${EVENTS} | ${median(runs).toFixed(1)} (${runs.map((x) => x.toFixed(1)).join(', ')}) | ${((median(runs) / 1500) * 100).toFixed(1)} % |`,
  );
}

// Reading: 100k events written by the log, read back, stats and the unanswered groups computed.
const store = await storeOf('memory');
const log = createTurnEventLog({ store, logger: silentLogger, retentionDays: 90, maxBatch: 500 });
const from = new Date(Date.now() - 6 * 86_400_000);
for (let i = 0; i < READ_EVENTS; i++) {
  log.record(buildTurnEvent(facts(i, new Date(from.getTime() + (i * 5 * 86_400_000) / READ_EVENTS))));
  // The queue is bounded (10k): let full batches be written, as turns between them would.
  if (i % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
}
await log.flush();
const to = new Date();
const range = statsReadRange({ from, to });
let t = performance.now();
const events = await log.read(range.from, range.to);
const readMs = performance.now() - t;
t = performance.now();
computeStats(events, { from, to }, to);
const statsMs = performance.now() - t;
t = performance.now();
findUnanswered(events, { suggest: () => [], handled: new Set() });
const groupsMs = performance.now() - t;
await log.close();
await store.close();

const doc = `# bench:events

${new Date().toISOString().slice(0, 10)}, load average ${loadavg()[0]!.toFixed(1)}; CPU per event over ${EVENTS} realistic turns
(knowledge answers, capped), minus the loop's own cost (${base.toFixed(1)} µs), median of ${REPEATS}.

| store | events | CPU µs per event (runs) | share of a 1.5 ms turn |
| --- | ---: | --- | ---: |
${rows.join('\n')}

The console over ${events.length.toLocaleString('en')} events (memory store, one week): read ${readMs.toFixed(0)} ms,
stats ${statsMs.toFixed(0)} ms, missed-message groups ${groupsMs.toFixed(0)} ms.
`;
process.stdout.write(doc);
await writeFile(new URL('./results/events.md', import.meta.url), doc);
