import { defineConfig } from 'vitest/config';

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
