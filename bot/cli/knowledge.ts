/**
 * `upay-bot knowledge check [--dir DIR]`: validates the knowledge files and prints a locale × intent summary.
 * `upay-bot knowledge export [--dir DIR]`: writes what staff taught in the console (the configured store) into them.
 */
import { KnowledgeError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { createStore, storeOptionsOf } from '../store/index.ts';
import { exportChanges } from '../teach/export.ts';
import { loadKnowledge, type LoadKnowledgeOptions } from '../core/knowledge.ts';
import type { KnowledgeBase } from '../core/knowledge.ts';
import { cliConfig } from './config.ts';
import { CliError, type CliCommand } from './io.ts';

const USAGE =
  'usage: upay-bot knowledge check [--dir DIR] [--min-examples N] [--min-tests N] [--min-out-of-scope N] [--min-out-of-scope-tests N]\n' +
  '       upay-bot knowledge export [--dir DIR]';

const MIN_FLAGS: Record<string, keyof LoadKnowledgeOptions> = {
  '--min-examples': 'minExamples',
  '--min-tests': 'minTests',
  '--min-out-of-scope': 'minOutOfScope',
  '--min-out-of-scope-tests': 'minOutOfScopeTests',
};

interface CheckArgs {
  dir: string | undefined;
  options: LoadKnowledgeOptions;
}

function parseCheckArgs(args: string[]): CheckArgs {
  const parsed: CheckArgs = { dir: undefined, options: {} };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i] ?? '';
    const value = args[i + 1];
    if (flag === '--dir' || flag in MIN_FLAGS) {
      if (value === undefined || value.startsWith('--')) throw new CliError(`${flag} needs a value\n${USAGE}`, 2);
      i++;
      if (flag === '--dir') {
        parsed.dir = value;
        continue;
      }
      const count = Number(value);
      if (!Number.isInteger(count) || count < 0)
        throw new CliError(`${flag} must be a whole number >= 0, got "${value}"`, 2);
      const key = MIN_FLAGS[flag];
      if (key) parsed.options[key] = count;
    } else {
      throw new CliError(`unknown option "${flag}"\n${USAGE}`, 2);
    }
  }
  return parsed;
}

export function formatSummary(kb: KnowledgeBase): string {
  const header = ['locale', 'intent', 'examples', 'tests', 'flow', 'handoff'];
  const rows = kb
    .entries()
    .map((e) => [
      e.locale,
      e.id,
      String(e.examples.length),
      String(e.tests.length),
      e.flow ?? '-',
      e.handoff ? `${e.handoff.mode}${e.handoff.urgent ? ' (urgent)' : ''}` : '-',
    ]);
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((r) => (r[col] ?? '').length)));
  const numeric = new Set([2, 3]);
  const line = (cells: string[]): string =>
    cells
      .map((cell, col) => (numeric.has(col) ? cell.padStart(widths[col] ?? 0) : cell.padEnd(widths[col] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

export const runKnowledgeCommand: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub === 'export') return runExport(rest, io);
  if (sub !== 'check') throw new CliError(sub ? `unknown subcommand "${sub}"\n${USAGE}` : USAGE, 2);
  const { dir: dirFlag, options } = parseCheckArgs(rest);
  const dir = dirFlag ?? io.env.KNOWLEDGE_DIR ?? './knowledge';
  let kb: KnowledgeBase;
  try {
    kb = await loadKnowledge(dir, options);
  } catch (error) {
    if (error instanceof KnowledgeError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const entries = kb.entries();
  const examples = entries.reduce((n, e) => n + e.examples.length, 0);
  const tests = entries.reduce((n, e) => n + e.tests.length, 0);
  io.stdout.write(formatSummary(kb));
  const taught = entries.filter((e) => e.source === 'console').length;
  io.stdout.write(
    `OK: ${entries.length} files, ${kb.locales.length} locales, ${examples} examples, ${tests} tests` +
      `${taught > 0 ? `, ${taught} files taught in the console (source: console)` : ''}` +
      `${kb.contact.sample ? ' (values.yaml holds SAMPLE values: replace before production)' : ''}\n`,
  );
  return 0;
};

/**
 * Writes the active console changes of the configured store (STORE_URL, or lowdb under DATA_DIR, like the server)
 * into the files under --dir; prints each file written. Run it where the files are reviewed and committed.
 */
const runExport: CliCommand = async (args, io) => {
  const { dir: dirFlag, options } = parseCheckArgs(args);
  if (Object.keys(options).length > 0) throw new CliError(`export takes only --dir\n${USAGE}`, 2);
  const config = cliConfig(io.env);
  const dir = dirFlag ?? config.KNOWLEDGE_DIR;
  const store = await createStore(storeOptionsOf(config, createLogger({ level: 'silent' })));
  try {
    const result = await exportChanges(store, dir);
    for (const f of result.files)
      io.stdout.write(`${f.file}: ${f.created ? `new intent, ${f.examples} examples` : `+${f.examples} examples`}\n`);
    io.stdout.write(
      `exported ${result.files.length} files to ${dir}` +
        `${result.skipped.length > 0 ? ` (${result.skipped.length} changes add nothing new to them)` : ''}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof KnowledgeError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await store.close();
  }
};
