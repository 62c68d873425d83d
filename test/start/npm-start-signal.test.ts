import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readyUrl, serverEnv } from '../scale/process.ts';

/** Pids of the processes whose parent is `pid` (Linux `ps`). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((n) => n > 0);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start under a process manager', () => {
  it('SIGTERM to the `npm start` process drains the server and exits 0, leaving no process behind', async () => {
    const npm = spawn('npm', ['start', '--silent'], {
      env: serverEnv({
        LOG_LEVEL: 'info',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'npm-start-')),
        STORE_URL: 'memory:',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    npm.stdout.on('data', (c: Buffer) => (out += c.toString()));
    npm.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exitCode = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
    const url = await readyUrl(npm, 60_000, () => out.slice(-500));
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    // Everything npm started: its direct children and their children (a shell would be one of them).
    const tree = childrenOf(npm.pid!).flatMap((pid) => [pid, ...childrenOf(pid)]);
    expect(tree.length).toBeGreaterThan(0);

    npm.kill('SIGTERM');
    expect(await exitCode).toBe(0);
    expect(out).toContain('"msg":"stopped"'); // the server drained and closed its store
    await new Promise((r) => setTimeout(r, 200));
    expect(tree.filter(alive)).toEqual([]);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  }, 90_000);
});
