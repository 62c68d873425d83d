import { defineConfig } from 'vitest/config';

// The full suite (`npm test`). `npm run test:unit` runs it without the tests that need services,
// a browser or processes of their own: vitest.unit.config.ts.

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Store suites share one local Redis/PostgreSQL; each test file uses its own key prefix / schema.
    fileParallelism: true,
  },
});
