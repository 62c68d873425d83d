// @ts-check
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import importX from 'eslint-plugin-import-x';

/**
 * The allowed import arrows (docs/ARCHITECTURE.md): adapters → bot → intents, and the composition root →
 * adapters. Each zone forbids `target` files to import `from` files; a wrong arrow fails `npm run lint`.
 */
const ROOT = import.meta.dirname;
/** The composition root: builds the service from its parts, the only bot/ code that may import adapters/. */
const COMPOSITION_ROOT = ['bot/{app,server,start,main,plugins}.ts', 'bot/cli/**'];
/** Everything else in bot/. */
const BOT_BELOW_ROOT = ['bot/!(app|server|start|main|plugins).ts', 'bot/!(cli)/**'];
/** One folder per channel (adapters/shared/ holds what channels share); read here, so a new channel folder is covered. */
const CHANNEL_FOLDERS = readdirSync(new URL('./adapters/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'shared')
  .map((entry) => entry.name);

export const IMPORT_ZONES = [
  {
    target: 'intents/**',
    from: ['bot/**', 'adapters/**'],
    message:
      'intents/ is the bottom layer: it imports nothing from bot/ or adapters/ (pass what it needs as a parameter).',
  },
  {
    target: BOT_BELOW_ROOT,
    from: ['adapters/**'],
    message:
      'Only the composition root (bot/app.ts, server.ts, start.ts, main.ts, plugins.ts, bot/cli/) imports adapters/; neutral types live in bot/core/.',
  },
  {
    target: ['adapters/**', ...BOT_BELOW_ROOT],
    from: COMPOSITION_ROOT,
    message: 'Nothing imports the composition root: plugin types are in bot/plugin/types.ts.',
  },
  {
    target: 'bot/core/**',
    from: ['bot/**'],
    // Exceptions are matched against absolute paths.
    except: [`${ROOT}/bot/core/**`, `${ROOT}/bot/store/{types,page-keys}.ts`],
    message: 'bot/core/ is the bottom of bot/: it imports only bot/core/, the store contract and intents/.',
  },
  {
    // The lab (dataset loaders, evaluation, the network model) serves `nlu eval` and bench:nlu only.
    target: ['intents/*.ts', 'bot/!(cli|threads)/**', 'bot/threads/nlu-*.ts', 'bot/*.ts', 'adapters/**'],
    from: ['intents/eval/**'],
    message:
      'intents/eval/ is the laboratory: the service never imports it (only bot/cli/, the network training thread, bench/ and tests do).',
  },
  {
    target: ['bot/engine/**', 'bot/engine.ts'],
    from: ['bot/privacy/**'],
    message:
      "bot/privacy/ reads the engine's records, so the engine does not import it (the customer index is in bot/core/).",
  },
  {
    // The console is a plugin over the engine: it reaches the engine through App (events, teacher, live NLU).
    target: ['bot/engine/**', 'bot/engine.ts', 'bot/analytics/**', 'bot/teach/**'],
    from: ['bot/console/**'],
    message: 'bot/console/ is a server plugin: nothing below it imports it (it reads App: events, teacher, NLU).',
  },
  {
    // Turn events are computed over, never computed by, the engine: analytics and teaching read its outputs.
    target: ['bot/engine/**', 'bot/engine.ts'],
    from: ['bot/teach/**', 'bot/analytics/!(turn-event|turn-record).ts'],
    message:
      'The engine records turn events (bot/analytics/turn-event.ts, turn-record.ts) and takes knowledge through useKnowledge: it imports no other analytics or teaching code.',
  },
  {
    target: 'adapters/shared/**',
    from: ['adapters/!(shared)/**', 'adapters/*.ts'],
    message: 'adapters/shared/ serves every channel and imports none.',
  },
  ...CHANNEL_FOLDERS.map((channel) => ({
    target: `adapters/${channel}/**`,
    from: [`adapters/!(${channel}|shared)/**`, 'adapters/*.ts'],
    message:
      'A channel imports no other channel and not the registry: move what two channels share to adapters/shared/.',
  })),
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', 'bench/results/**', 'test-results/**', '.scratch*/**'] },
  js.configs.recommended,
  {
    files: ['adapters/webchat/public/**/*.js', 'bot/console/public/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        queueMicrotask: 'readonly',
        structuredClone: 'readonly',
        performance: 'readonly',
        setImmediate: 'readonly',
        document: 'readonly',
        window: 'readonly',
        localStorage: 'readonly',
        sessionStorage: 'readonly',
        EventSource: 'readonly',
        navigator: 'readonly',
        crypto: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['bot/**/*.ts', 'adapters/**/*.ts', 'intents/**/*.ts'],
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: IMPORT_ZONES }],
    },
  },
);
