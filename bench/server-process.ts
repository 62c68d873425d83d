import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** Linux USER_HZ: /proc times are in these ticks (100 on every mainstream build). */
const CLOCK_TICKS_PER_S = 100;

/** The service as its own process (`node --import tsx bot/main.ts`), for benchmarks. */
export interface BenchServer {
  url: string;
  child: ChildProcess;
  rssMb(): Promise<number>;
  /** CPU time (user + system) the server process has used so far, in ms (all its threads). */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

export async function spawnBenchServer(
  env: Record<string, string>,
  nodeArgs: string[] = [],
  entry = 'bot/main.ts',
): Promise<BenchServer> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
    env: { ...process.env, NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let exitedWith: string | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exitedWith = `code ${String(code)}, signal ${String(signal)}`;
      resolve();
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /ready: open (http:\/\/[^\s/]+)\//.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before it was ready`)));
  });
  return {
    url,
    child,
    async rssMb() {
      if (exitedWith) throw new Error(`the server process exited during the benchmark (${exitedWith})`);
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return Math.round(kb / 102.4) / 10;
    },
    async cpuMs() {
      if (exitedWith) throw new Error(`the server process exited during the benchmark (${exitedWith})`);
      // /proc/<pid>/stat fields 14 and 15 (utime, stime) in clock ticks; the command name may hold spaces, so split after ')'.
      const stat = await readFile(`/proc/${child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
