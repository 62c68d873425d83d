/**
 * `npm run test:unit`: every test that needs no service (Redis, PostgreSQL), no browser and no
 * process of its own (a spawned node/npm, a server in another process), for a run of about a minute
 * on two cores. `npm test` (vitest.config.ts) stays the full suite.
 *
 * The tests left out are listed in NOT_UNIT with the reason (five only for their time). A guard runs
 * when this configuration loads and fails the run when a selected test (or a test helper it imports)
 * imports a service client or spawns processes, or names a local service address, so a new service
 * test cannot slip in unnoticed: add it to NOT_UNIT. A listed file that no longer exists fails the run too.
 *
 * Test files here share their worker's loaded modules (isolate: false): loading the NLU, express and
 * the channel SDKs once per worker instead of once per file halves the run. A test that needs fresh
 * module state passes in `npm test` and fails here; make it set up its own state.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

const REDIS = 'Redis';
const POSTGRES = 'PostgreSQL';
const BROWSER = 'a browser (Chromium)';
const PROCESS = 'a process of its own';
const SLOW = 'time';

/** Test files (from the repository root) left out of test:unit, with what they need. */
export const NOT_UNIT: Record<string, string> = {
  'test/store/redis.test.ts': REDIS,
  'test/store/postgres.test.ts': POSTGRES,
  'test/store/index.test.ts': `${REDIS} and ${POSTGRES} (opens every backend)`,
  'test/store/journal-files/crash.test.ts': `${PROCESS} (forks a writer and kills it)`,
  'test/store/journal-files/key-files.test.ts': `${PROCESS} (forks a second writer)`,
  'test/scale/faults.test.ts': `${REDIS} (behind a proxy that is cut)`,
  'test/scale/instances.test.ts': `${REDIS} and ${POSTGRES}`,
  'test/scale/processes.test.ts': `${REDIS} and server processes`,
  'test/scale/crash.stores.test.ts': `server processes (kill -9) on the embedded store and on ${REDIS}`,
  'test/teach/redis-teach.test.ts': `${REDIS} (two apps teach each other through it)`,
  'test/webchat/browser.test.ts': BROWSER,
  'test/console/page.browser.test.ts': BROWSER,
  'test/console/console-e2e.browser.test.ts': BROWSER,
  'test/webchat/shutdown.test.ts': `${PROCESS} (a server process, then SIGTERM)`,
  'test/webchat/startup-modules.test.ts': `${PROCESS} (starts the service to list the modules it loads)`,
  'test/start/npm-start-signal.test.ts': `${PROCESS} (npm start, then SIGTERM)`,
  'test/privacy/forget.test.ts': `${PROCESS} (runs the upay-bot CLI)`,
  'test/intents/knowledge-cli.test.ts': `${PROCESS} (runs the upay-bot CLI)`,
  'test/intents/nlu-cli.test.ts': `${PROCESS} (runs the upay-bot CLI)`,
  'test/engine/nlu-cache.test.ts': `${PROCESS} (runs scripts/pretrain-nlu.mjs)`,
  'test/scripts/audit.test.ts': `${PROCESS} (runs scripts/audit.mjs)`,
  // Slow: these took 60 of the 130 test-seconds of a run on two cores (kept out to stay near a minute).
  'test/teach/app-teach.test.ts': `${SLOW} (~12 s): starts the app and retrains on its worker thread three times`,
  'test/engine/app-chat.test.ts': `${SLOW} (~17 s): starts the whole app four times and runs the chat CLI`,
  'test/intents/classifier-model.test.ts': `${SLOW} (~11 s): trains the knowledge NLU to compare it with its stored model`,
  'test/fuzz/patterns-linear.test.ts': `${SLOW} (~10 s): times every text pattern on adversarial strings of up to 8k characters`,
  'test/store/journal-files/contract.test.ts': `${SLOW} (~9 s): the whole store contract on real files, with restarts`,
};

/** Modules that talk to a service or start processes; no unit test may import them, directly or through a test helper. */
const SERVICE_MODULES: Record<string, string> = {
  ioredis: REDIS,
  pg: POSTGRES,
  'bot/store/redis.ts': REDIS,
  'bot/store/postgres.ts': POSTGRES,
  'playwright-core': BROWSER,
  playwright: BROWSER,
  'node:child_process': PROCESS,
  child_process: PROCESS,
};

/** Addresses of the local services, in the test file itself (a store URL handed to the code under test). */
const SERVICE_ADDRESSES: [RegExp, string][] = [
  [/redis:\/\/127\.0\.0\.1:6379|\bREDIS_URL\b|\bTEST_REDIS_URL\b/, REDIS],
  [/127\.0\.0\.1:5432|\bPG_URL\b|\bTEST_POSTGRES_URL\b/, POSTGRES],
  [/\bchromium\b/i, BROWSER],
];

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

function specifiersOf(file: string): string[] {
  return [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(SPECIFIER)].map((m) => m[1] as string);
}

/** What the test at `file` (or a test helper it imports) needs, with the import chain; undefined when nothing. */
export function serviceUseOf(file: string): string | undefined {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  for (const [pattern, what] of SERVICE_ADDRESSES)
    if (pattern.test(text)) return `${what}: names ${pattern.exec(text)?.[0]}`;
  const seen = new Set<string>();
  const queue: { file: string; via: string[] }[] = [{ file, via: [] }];
  while (queue.length) {
    const { file: current, via } = queue.shift()!;
    if (seen.has(current)) continue;
    seen.add(current);
    for (const spec of specifiersOf(current)) {
      const resolved = spec.startsWith('.') ? path.posix.join(path.posix.dirname(current), spec) : spec;
      const what = SERVICE_MODULES[resolved];
      if (what) return `${what}: ${[...via, current].join(' → ')} imports ${spec}`;
      // Test helpers are followed; the code under test is not (it loads every backend lazily).
      // (A specifier that names no file is text inside a string, e.g. a fixture of the import-rule test.)
      if (resolved.startsWith('test/') && resolved.endsWith('.ts') && existsSync(path.join(ROOT, resolved))) {
        queue.push({ file: resolved, via: [...via, current] });
      }
    }
  }
  return undefined;
}

function testFiles(): string[] {
  return readdirSync(path.join(ROOT, 'test'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.posix.join('test', f.split(path.sep).join('/')))
    .sort();
}

/** Why the selection is wrong (empty when right): a listed file that is gone, or a selected test that needs a service. */
export function unitSelectionProblems(): string[] {
  const files = new Set(testFiles());
  const problems: string[] = [];
  for (const listed of Object.keys(NOT_UNIT))
    if (!files.has(listed)) problems.push(`${listed} is in NOT_UNIT but does not exist`);
  for (const file of files) {
    if (file in NOT_UNIT) continue;
    const use = serviceUseOf(file);
    if (use) problems.push(`${file} needs ${use}`);
  }
  return problems;
}

function checkSelection(): void {
  const problems = unitSelectionProblems();
  if (problems.length) {
    throw new Error(
      `test:unit selection (vitest.unit.config.ts): add these to NOT_UNIT or fix them:\n  ${problems.join('\n  ')}`,
    );
  }
}

checkSelection();

export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [...configDefaults.exclude, ...Object.keys(NOT_UNIT)],
      // Vitest leaves a core to itself by default (one worker on two cores); unit tests wait on
      // nothing outside, so the orchestrator idles and every core can run a test file.
      maxWorkers: availableParallelism(),
      isolate: false,
    },
  }),
);
