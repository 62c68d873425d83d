/**
 * No raw sensitive value typed by a customer reaches the logs (pino output captured through a
 * destination stream), the store files (lowdb DATA_DIR), or what the desk (Slack) receives.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../bot/logger.ts';
import type { RunningServer } from '../../bot/start.ts';
import type { HandoffCase, HandoffDesk } from '../../bot/handoff/types.ts';
import { isChineseIdValid, isLuhnValid } from '../../intents/entities.ts';
import { call, openSession, sendMessage, startInstance, testConfig, type TurnBody } from '../scale/helpers.ts';
import { configuredPlugins } from '../../bot/plugins.ts';
import { silentLogger } from '../../bot/logger.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack-api.ts';

const FIXED_OTP = '909192';
const RAW = {
  card: '4111 1111 1111 1111',
  card2: '5500 0055 5555 5559',
  password: 'Xk9#mPq2zz',
  otp: FIXED_OTP,
  ownPhone: '13800001001',
  otherPhone: '13912345678',
  email: 'zhang.private@example.org',
  idCard: '11010519491231002X',
};

/** Forms a raw value could leak in: as typed, digits only, E.164. */
function leakPatterns(): { name: string; re: RegExp }[] {
  const digits = (s: string) => s.replace(/\D/g, '');
  const bounded = (s: string) => new RegExp(`(?<![0-9])${s.replace(/[.*+?^${}()|[\]\\#]/g, '\\$&')}(?![0-9])`);
  return [
    { name: 'card (spaced)', re: bounded(RAW.card) },
    { name: 'card (digits)', re: bounded(digits(RAW.card)) },
    { name: 'card2 (spaced)', re: bounded(RAW.card2) },
    { name: 'card2 (digits)', re: bounded(digits(RAW.card2)) },
    { name: 'password', re: bounded(RAW.password) },
    { name: 'one-time code', re: bounded(RAW.otp) },
    { name: 'own phone', re: bounded(RAW.ownPhone) },
    { name: 'other phone', re: bounded(RAW.otherPhone) },
    { name: 'email', re: bounded(RAW.email) },
    { name: 'id card', re: bounded(RAW.idCard) },
  ];
}

function leaksIn(text: string): string[] {
  return leakPatterns()
    .filter((p) => p.re.test(text))
    .map((p) => p.name);
}

async function readTree(dir: string): Promise<{ path: string; text: string }[]> {
  const out: { path: string; text: string }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await readTree(path)));
    else out.push({ path, text: await readFile(path, 'utf8') });
  }
  return out;
}

describe('sensitive values stay out of logs, store files and the desk', () => {
  const logLines: string[] = [];
  const deskSeen: unknown[] = [];
  const dataDir = `/tmp/upay-leaks-${process.pid}-${Date.now()}`;
  let server: RunningServer;
  const turns: TurnBody[] = [];

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = createLogger({ level: 'trace', destination });
    server = await startInstance(testConfig({ DATA_DIR: dataDir, SANDBOX_FIXED_OTP: FIXED_OTP, LOG_LEVEL: 'trace' }), {
      logger,
    });
    const desk: HandoffDesk = {
      async open(handoffCase: HandoffCase) {
        deskSeen.push(handoffCase);
        return { caseId: handoffCase.caseId, state: 'queued', queuePosition: 0, expectedWaitMinutes: 1 };
      },
      async relayCustomerMessage(caseId, text) {
        deskSeen.push({ caseId, text });
      },
      async close(caseId, outcome) {
        deskSeen.push({ caseId, outcome });
      },
    };
    server.app.engine.attachDesk(desk);

    const s = await openSession(server.url, undefined, 'zh');
    const say = async (id: string, text: string) => {
      const res = await sendMessage(server.url, s.sessionId, id, { text });
      expect(res.status).toBe(200);
      turns.push(res.body);
      return res.body;
    };
    await say('p1', `我的卡号是 ${RAW.card}`);
    await say('p2', `我的密码是 ${RAW.password}`);
    await say('p3', '我忘记密码了');
    await say('p4', RAW.ownPhone);
    await say('p5', RAW.otp);
    await say('p6', `我朋友的手机 ${RAW.otherPhone}，邮箱 ${RAW.email}，身份证 ${RAW.idCard}`);
    await say('p7', '转人工');
    await say('p8', `卡号 ${RAW.card2} 验证码 ${RAW.otp}`);
    const hist = await call<{ entries: unknown[] }>(`${server.url}/api/inapp/sessions/${s.sessionId}/history`, 'GET');
    expect(leaksIn(JSON.stringify(hist.body))).toEqual([]);
    await server.stop();
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('uses values the recognisers accept (valid Luhn and ID checksums)', () => {
    expect(isLuhnValid(RAW.card.replace(/\D/g, ''))).toBe(true);
    expect(isLuhnValid(RAW.card2.replace(/\D/g, ''))).toBe(true);
    expect(isChineseIdValid(RAW.idCard)).toBe(true);
  });

  it('the leak detector finds every raw value (so the checks below can fail)', () => {
    expect(leaksIn(JSON.stringify(RAW)).length).toBe(leakPatterns().length - 2); // digits-only card forms are not in RAW
    expect(leaksIn('x4111111111111111y 5500005555555559')).toEqual(['card (digits)', 'card2 (digits)']);
    expect(leaksIn('"time":17641909192000 138****1001 z***g@example.org')).toEqual([]);
  });

  it('the conversation really went through verification and a handoff', () => {
    expect(
      turns.some((t) => t.flow === 'forgot_password' || t.replies.some((r) => r.text.includes('138****1001'))),
    ).toBe(true);
    expect(deskSeen.length).toBeGreaterThanOrEqual(2);
  });

  it('no raw value in any log line', () => {
    expect(logLines.length).toBeGreaterThan(10);
    const leaks = logLines.flatMap((line) => leaksIn(line).map((what) => `${what}: ${line.slice(0, 200)}`));
    expect(leaks).toEqual([]);
  });

  it('no raw value in any store file under DATA_DIR', async () => {
    const files = await readTree(dataDir);
    expect(files.length).toBeGreaterThan(3);
    const leaks = files.flatMap((f) => leaksIn(f.text).map((what) => `${what} in ${f.path}`));
    expect(leaks).toEqual([]);
    // The customer's own masked phone is fine (and shows the transcript was stored).
    expect(files.some((f) => f.text.includes('138****1001'))).toBe(true);
  });

  it('no raw value in what the desk (Slack) receives', () => {
    expect(leaksIn(JSON.stringify(deskSeen))).toEqual([]);
  });
});

describe('sensitive values stay out of what the real Slack desk posts', () => {
  let slack: FakeSlackApi;
  let server: RunningServer;

  beforeAll(async () => {
    slack = await startFakeSlackApi({ token: 'xoxb-privacy-test' });
    const config = testConfig({
      STORE_URL: 'memory:',
      SANDBOX_FIXED_OTP: FIXED_OTP,
      SLACK_BOT_TOKEN: 'xoxb-privacy-test',
      SLACK_SIGNING_SECRET: 'privacy-signing-secret-0123456789',
      SLACK_HANDOFF_CHANNEL: 'C0HANDOFF',
      SLACK_API_URL: slack.url,
      BUSINESS_HOURS: 'Daily 00:00-24:00 UTC',
    });
    server = await startInstance(config, { plugins: await configuredPlugins(config, silentLogger) });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await slack?.close();
  });

  it('the case card and the relayed messages carry no raw value', async () => {
    const s = await openSession(server.url, undefined, 'zh');
    const lines = [
      `我的卡号是 ${RAW.card}`,
      `我的密码是 ${RAW.password}`,
      `我朋友的手机 ${RAW.otherPhone}，邮箱 ${RAW.email}，身份证 ${RAW.idCard}`,
      '转人工',
      `卡号 ${RAW.card2} 验证码 ${RAW.otp} 手机 ${RAW.ownPhone}`,
    ];
    for (const [i, text] of lines.entries())
      expect((await sendMessage(server.url, s.sessionId, `s${i}`, { text })).status).toBe(200);
    const deadline = Date.now() + 5000;
    while (slack.calls.filter((c) => c.method.startsWith('chat.')).length < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const posted = slack.calls.filter((c) => c.method.startsWith('chat.'));
    expect(posted.length).toBeGreaterThanOrEqual(2); // the case card and the relayed message
    const text = JSON.stringify(slack.calls);
    expect(leaksIn(text)).toEqual([]);
    // The transcript did reach Slack, masked: the checks above looked at real content.
    expect(text).toContain('139****5678');
  }, 60_000);
});
