import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** Runs in a fresh process, so no other test has loaded the SDK already. */
const SCRIPT = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const sdkLoaded = () => Object.keys(require.cache).some((k) => k.includes('@microsoft/agents-hosting'));
const { createBotFrameworkAdapter } = await import('./adapters/botframework/adapter.ts');
const { createMemoryStore } = await import('./bot/store/memory.ts');
const { silentLogger } = await import('./bot/logger.ts');
const engine = { handle: async () => ({ replies: [], duplicate: false }) };
const adapter = createBotFrameworkAdapter({ allowAnonymous: true, engine, store: createMemoryStore(), logger: silentLogger });
adapter.router();
const before = sdkLoaded();
await adapter.warmUp();
await adapter.warmUp();
console.log(JSON.stringify({ before, after: sdkLoaded() }));
`;

/** The whole service as `npm start` builds it in development (every channel plugin on its defaults). */
const SERVER_SCRIPT = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const loaded = (name) => Object.keys(require.cache).some((k) => k.includes('node_modules/' + name + '/'));
const { loadConfig } = await import('./bot/config.ts');
const { startServer } = await import('./bot/start.ts');
const { configuredPlugins } = await import('./bot/plugins.ts');
const { silentLogger } = await import('./bot/logger.ts');
const { mkdtempSync, rmSync } = await import('node:fs');
const dataDir = mkdtempSync('/tmp/upay-startup-modules-');
const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'development', DATA_DIR: dataDir });
const running = await startServer(config, { logger: silentLogger, plugins: await configuredPlugins(config, silentLogger) });
const names = ['@microsoft/agents-hosting', 'telegraf', 'fast-xml-parser', '@slack/bolt', 'express'];
console.log(JSON.stringify(Object.fromEntries(names.map((n) => [n, loaded(n)]))));
await running.stop();
rmSync(dataDir, { recursive: true, force: true });
`;

describe('start-up module loading', () => {
  it('npm start in development loads no channel SDK it does not need before it is ready', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SERVER_SCRIPT], {
      cwd: process.cwd(),
      timeout: 60_000,
    });
    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({
      '@microsoft/agents-hosting': false,
      telegraf: false,
      'fast-xml-parser': false,
      '@slack/bolt': false,
      express: true,
    });
  });

  it('the Bot Framework SDK is not loaded when its adapter is built and mounted, and warmUp loads it once', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
      cwd: process.cwd(),
      timeout: 30_000,
    });
    expect(JSON.parse(stdout.trim())).toEqual({ before: false, after: true });
  });
});
