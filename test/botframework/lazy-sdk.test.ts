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

describe('Bot Framework SDK loading', () => {
  it('is not loaded when the adapter is built and mounted (faster start-up), and warmUp loads it once', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], { cwd: process.cwd(), timeout: 30_000 });
    expect(JSON.parse(stdout.trim())).toEqual({ before: false, after: true });
  });
});
