/** What the benchmark scripts share: the machine line of a report, keeping hand-written notes, and running main. */
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';

/** Hand-written analysis below this heading in a results file survives a new run. */
const NOTES_MARKER = '## Reading these numbers';

/** When and on what the benchmark ran: numbers from a loaded or a different machine read differently. */
export function machineLine(): string {
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
  return `Run ${new Date().toISOString()} on ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ${load} at the end.`;
}

/** Writes a report to `path`, keeping the notes below NOTES_MARKER of the file it replaces. */
export async function writeReportKeepingNotes(path: string, report: string): Promise<void> {
  const previous = await readFile(path, 'utf8').catch(() => '');
  const notes = previous.indexOf(NOTES_MARKER);
  await writeFile(path, notes >= 0 ? `${report}\n${previous.slice(notes)}` : report);
}

/** Runs a benchmark's main; a failure is printed with its stack and exits 1. */
export function runBench(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${name} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
