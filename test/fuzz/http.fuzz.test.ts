/**
 * Property-based fuzzing of the HTTP surface: random JSON (and non-JSON) bodies to the in-app API,
 * random bodies and signatures to the Telegram, WeChat and Slack webhooks. Never a 5xx.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredPlugins } from '../../bot/plugins.ts';
import { silentLogger } from '../../bot/logger.ts';
import type { RunningServer } from '../../bot/start.ts';
import { openSession, startInstance, testConfig } from '../scale/helpers.ts';

const NUM_RUNS = 120;

const jsonValue = fc.jsonValue({ maxDepth: 3 });
/** Bodies that look like ours, with random values, plus anything JSON. */
const messageBody = fc.oneof(
  fc.record(
    {
      clientMessageId: fc.oneof(fc.string({ maxLength: 80 }), jsonValue),
      text: fc.oneof(fc.string({ unit: 'binary', maxLength: 2100 }), jsonValue),
      action: fc.oneof(fc.string({ maxLength: 220 }), jsonValue),
    },
    { requiredKeys: [] },
  ),
  jsonValue,
);
const sessionBody = fc.oneof(
  fc.record(
    {
      token: fc.oneof(fc.string({ maxLength: 300 }), jsonValue),
      locale: fc.oneof(fc.constantFrom('zh', 'en', 'zh-CN', 'fr'), jsonValue),
    },
    { requiredKeys: [] },
  ),
  jsonValue,
);
const rawBody = fc.oneof(
  jsonValue.map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary', maxLength: 500 }),
  fc.constantFrom(
    '<xml><ToUserName>a</ToUserName><MsgType>text</MsgType><Content>hi</Content></xml>',
    '<xml><Encrypt>zzz</Encrypt></xml>',
    '{"update_id":1,"message":{"chat":{"id":1}}}',
    'payload=%7B%22type%22%3A%22block_actions%22%7D',
    '{"type":"url_verification","challenge":"x"}',
    '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>',
  ),
);
const contentType = fc.constantFrom(
  'application/json',
  'text/xml',
  'application/x-www-form-urlencoded',
  'text/plain',
  'application/octet-stream',
);
const headerValue = fc.string({ unit: 'grapheme-ascii', maxLength: 80 });

async function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(20_000) });
  await res.arrayBuffer();
  return res.status;
}

describe('HTTP endpoints on random input', () => {
  let server: RunningServer;
  let sessionId: string;

  beforeAll(async () => {
    const config = testConfig({
      STORE_URL: 'memory:',
      TELEGRAM_BOT_TOKEN: '123456:TEST-token',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9',
      TELEGRAM_WEBHOOK_URL: 'https://bot.example/telegram/hook',
      TELEGRAM_WEBHOOK_SECRET: 'fuzz-secret',
      WECHAT_TOKEN: 'fuzztoken',
      WECHAT_APP_ID: 'wx123',
      WECHAT_APP_SECRET: 'appsecret',
      WECHAT_API_BASE: 'http://127.0.0.1:9',
      SLACK_BOT_TOKEN: 'xoxb-fuzz',
      SLACK_SIGNING_SECRET: 'fuzz-signing-secret',
      SLACK_HANDOFF_CHANNEL: 'C0FUZZ',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
    });
    server = await startInstance(config, { plugins: await configuredPlugins(config, silentLogger) });
    sessionId = (await openSession(server.url, 'C1001')).sessionId;
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('in-app messages: any JSON body gets a 2xx or 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(messageBody, async (body) => {
        const status = await post(`${server.url}/api/inapp/sessions/${sessionId}/messages`, JSON.stringify(body), {
          'content-type': 'application/json',
        });
        expect(status).toBeLessThan(500);
      }),
      { numRuns: NUM_RUNS },
    );
  }, 60_000);

  it('in-app sessions, sandbox tokens, NLU parse and unknown session ids: never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/api/inapp/sessions',
          '/api/sandbox/token',
          '/api/nlu/parse',
          '/api/inapp/sessions/zzzzzzzzzzzzzzzzzzzzzzzzzz/messages',
        ),
        fc.oneof(
          sessionBody,
          jsonValue,
          fc.record(
            { customerId: fc.string({ maxLength: 10 }), text: fc.string({ maxLength: 50 }) },
            { requiredKeys: [] },
          ),
        ),
        async (path, body) => {
          expect(
            await post(`${server.url}${path}`, JSON.stringify(body), { 'content-type': 'application/json' }),
          ).toBeLessThan(500);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  }, 60_000);

  it('non-JSON and malformed bodies to the in-app API: 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(rawBody, contentType, async (body, type) => {
        const status = await post(`${server.url}/api/inapp/sessions/${sessionId}/messages`, body, {
          'content-type': type,
        });
        expect(status).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('Telegram, WeChat and Slack webhooks: random bodies and signatures get 4xx (or 2xx), never 5xx', async () => {
    const statuses = new Map<string, number[]>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('telegram', 'wechat', 'slack'),
        rawBody,
        contentType,
        headerValue,
        fc.record({
          timestamp: fc.oneof(fc.integer({ min: 0, max: 2e9 }).map(String), headerValue),
          nonce: headerValue,
          signature: headerValue,
        }),
        async (channel, body, type, secret, q) => {
          let status: number;
          if (channel === 'telegram') {
            status = await post(`${server.url}/telegram/hook`, body, {
              'content-type': type,
              'x-telegram-bot-api-secret-token': secret,
            });
          } else if (channel === 'wechat') {
            const qs = new URLSearchParams({
              signature: q.signature,
              timestamp: q.timestamp,
              nonce: q.nonce,
              openid: 'o1',
            });
            status = await post(`${server.url}/wechat?${qs}`, body, { 'content-type': type });
          } else {
            status = await post(`${server.url}/slack/events`, body, {
              'content-type': type,
              'x-slack-request-timestamp': q.timestamp,
              'x-slack-signature': `v0=${q.signature}`,
            });
          }
          statuses.set(channel, [...(statuses.get(channel) ?? []), status]);
          expect(status).toBeLessThan(500);
        },
      ),
      { numRuns: NUM_RUNS },
    );
    // Unsigned requests are refused: the webhooks exist and check signatures.
    for (const channel of ['telegram', 'wechat', 'slack']) {
      const seen = statuses.get(channel) ?? [];
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((s) => s >= 400 && s < 500)).toBe(true);
    }
  }, 60_000);
});
