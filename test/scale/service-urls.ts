// Where the local Redis and PostgreSQL are. Tests that use them FAIL (never skip) when the servers are absent.
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const PG_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
