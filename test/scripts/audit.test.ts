import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SCRIPT = new URL('../../scripts/audit.mjs', import.meta.url).pathname;

/** A registry that refuses the audit endpoint, as some mirrors do (405). */
let registry: Server;
let registryUrl: string;
beforeAll(async () => {
  registry = createServer((_req, res) => {
    res.writeHead(405, { 'content-type': 'application/json' }).end('{"error":"Method Not Allowed"}');
  });
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
  registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => registry.close(() => resolve())));

/** Runs the script asynchronously (the fake registry answers from this process's event loop). */
function runAudit(env: Record<string, string>): Promise<{ status: number | null; out: string }> {
  const base = { ...process.env };
  delete base.CI;
  delete base.AUDIT_OFFLINE;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SCRIPT],
      {
        encoding: 'utf8',
        env: { ...base, npm_config_registry: registryUrl, npm_config_fetch_retries: '0', ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({
          status: error ? ((error as { code?: unknown }).code as number | null) : 0,
          out: `${stdout}${stderr}`,
        }),
    );
  });
}

describe('scripts/audit.mjs (npm run audit:prod)', () => {
  it('fails under CI when the audit endpoint cannot be reached, and says so', async () => {
    const run = await runAudit({ CI: 'true' });
    expect(run.out).toContain('could not be reached');
    expect(run.out).toContain('AUDIT_OFFLINE=1');
    expect(run.status).toBe(1);
  });

  it('goes on under CI only with the explicit offline flag, saying the audit did not run', async () => {
    const run = await runAudit({ CI: 'true', AUDIT_OFFLINE: '1' });
    expect(run.out).toContain('NOT RUN');
    expect(run.status).toBe(0);
  });

  it("checks the lock file offline: natural's database drivers and non-registry sources fail", async () => {
    const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as {
      packages: Record<string, Record<string, unknown>>;
    };
    expect(lock.packages['node_modules/natural']).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    const bad = structuredClone(lock);
    bad.packages['node_modules/mongoose'] = { version: '9.0.0', integrity: 'sha512-x' };
    bad.packages['node_modules/left-pad'] = {
      version: '1.0.0',
      resolved: 'git+ssh://git@example.invalid/x.git',
      integrity: 'sha512-y',
    };
    writeFileSync(join(dir, 'lock.json'), JSON.stringify(bad));
    const run = await runAudit({ AUDIT_OFFLINE: '1', AUDIT_LOCKFILE: join(dir, 'lock.json') });
    expect(run.out).toContain('mongoose is installed');
    expect(run.out).toContain('left-pad: resolved from git+ssh');
    expect(run.status).toBe(1);
  });

  it('the real lock file installs none of the database drivers natural would pull in', async () => {
    const run = await runAudit({ AUDIT_OFFLINE: '1' });
    expect(run.out).toContain('no database drivers from natural');
    expect(run.status).toBe(0);
  });
});
