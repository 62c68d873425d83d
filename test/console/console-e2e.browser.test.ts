/**
 * Issue 18 §5, end to end in a real browser: scripted in-app chat traffic (FAQ questions, thanks, an out-of-scope
 * question), an editor signs in on /console/, sees the stats, finds the out-of-scope message in Unanswered, assigns
 * it to the intent whose answer covers it, waits until the retrained model is live, and the same message is then
 * answered by that intent in the web chat, with no restart. Screenshots: test-results/console-e2e*.png.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { loadConfig } from '../../bot/config.ts';
import { silentLogger } from '../../bot/logger.ts';
import { configuredPlugins } from '../../bot/plugins.ts';
import { startServer, type RunningServer } from '../../bot/start.ts';
import { createStaffAccounts } from '../../bot/console/staff.ts';

const ARTIFACTS = join(process.cwd(), 'test-results');
const OUT_OF_SCOPE = 'upay能在日本用吗';
/** The intent whose answer covers it (using upay abroad), though the model has not learnt the phrasing. */
const TAUGHT = 'currency_exchange';
const EDITOR = { name: 'e2e-editor', role: 'editor', password: 'e2e-editor-password-123' } as const;

interface Turn {
  replies: { text: string }[];
  intent: string | null;
}

describe('support console end to end (real server, real browser)', () => {
  let running: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      STORE_URL: 'memory:',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'upay-console-e2e-')),
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
    });
    running = await startServer(config, {
      logger: silentLogger,
      plugins: await configuredPlugins(config, silentLogger),
    });
    await createStaffAccounts(running.app.store).add(EDITOR.name, EDITOR.role, EDITOR.password);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  async function post(path: string, body: object): Promise<Response> {
    return fetch(`${running.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /** A new in-app chat conversation (as the app's web view opens one); returns a function that sends a line. */
  async function chat(locale: 'zh' | 'en'): Promise<{ conversationId: string; say(text: string): Promise<Turn> }> {
    const created = await post('/api/inapp/sessions', { locale });
    expect(created.status).toBe(201);
    const { sessionId, conversationId } = (await created.json()) as { sessionId: string; conversationId: string };
    let n = 0;
    return {
      conversationId,
      async say(text) {
        const res = await post(`/api/inapp/sessions/${sessionId}/messages`, { clientMessageId: `m${++n}`, text });
        expect(res.status).toBe(200);
        return (await res.json()) as Turn;
      },
    };
  }

  /** The reply ids the engine recorded for this conversation's latest text turn (from the turn-event log). */
  async function lastReplyIds(conversationId: string): Promise<string[]> {
    await running.app.events.flush();
    const events = await running.app.events.read(new Date(Date.now() - 3600_000), new Date(Date.now() + 60_000));
    const turns = events.filter((e) => e.conversationId === conversationId && e.input === 'text');
    return turns.at(-1)?.replyIds ?? [];
  }

  async function signIn(page: Page): Promise<void> {
    await page.goto(`${running.url}/console/`);
    await page.locator('#signin-name').fill(EDITOR.name);
    await page.locator('#signin-password').fill(EDITOR.password);
    await page.locator('#signin-form button[type="submit"]').click();
    await page.locator('.kpi').first().waitFor({ timeout: 15_000 });
  }

  it('teaches an out-of-scope question from the console and the web chat answers it without a restart', async () => {
    // 1. Scripted traffic: FAQ questions with a thanks, an English FAQ, and the out-of-scope question.
    const faq = await chat('zh');
    await faq.say('手续费怎么收');
    await faq.say('转账多久到账');
    await faq.say('谢谢');
    const english = await chat('en');
    await english.say('how do I top up my wallet');
    await english.say('thanks');
    const missed = await chat('zh');
    await missed.say(OUT_OF_SCOPE);
    // Today it falls to the fallback (the point of the test; if the model learns it some day, pick another).
    expect(await lastReplyIds(missed.conversationId)).toContain('fallback');
    const other = await chat('zh');
    await other.say(OUT_OF_SCOPE);

    // 2. The console: sign in, see the stats of that traffic.
    const page = await browser.newPage({
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
      reducedMotion: 'reduce',
    });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (/content security policy|refused to/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await signIn(page);
    const conversations = page.locator('.kpi', { hasText: 'Conversations' }).locator('.kpi-value');
    await expect
      .poll(async () => Number((await conversations.textContent())?.replace(/\D/g, '')), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(4);

    // 3. Unanswered: the out-of-scope question is there; assign it to that intent (zh-CN).
    await page.locator('.nav a[data-view="unanswered"]').click();
    const group = page.locator('li.group', { hasText: OUT_OF_SCOPE });
    await group.waitFor({ timeout: 15_000 });
    await group.locator('select').first().selectOption(TAUGHT);
    expect(await group.locator('select').nth(1).inputValue()).toBe('zh-CN');
    await group.getByRole('button', { name: 'Assign' }).click();
    await expect
      .poll(() => page.locator('#status').textContent(), { timeout: 15_000 })
      .toContain(`Assigned to ${TAUGHT}`);

    // 4. Training: the header says Training… then Live once the retrained model answers.
    await expect
      .poll(() => page.locator('#training').textContent(), { timeout: 120_000, interval: 500 })
      .toBe('Model: Live');
    await running.app.teacher.settled();
    await page.locator('.nav a[data-view="changes"]').click();
    await page.locator('#changes-table tbody tr', { hasText: TAUGHT }).waitFor();
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'console-e2e.png'), fullPage: true });

    // 5. The same message in the web chat now gets that intent's answer, same server process.
    const again = await chat('zh');
    const turn = await again.say(OUT_OF_SCOPE);
    expect(turn.intent).toBe(TAUGHT);
    expect(await lastReplyIds(again.conversationId)).toContain(`answer:${TAUGHT}`);

    // …and in the web chat page itself.
    const chatPage = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
    await chatPage.goto(`${running.url}/`);
    await chatPage.locator('.demo-list button').last().click();
    await chatPage.locator('#input').fill(OUT_OF_SCOPE);
    await chatPage.locator('#input').press('Enter');
    await expect
      .poll(() => chatPage.locator('.msg.bot').last().textContent(), { timeout: 15_000 })
      .toMatch(/境外|出国/);
    await chatPage.screenshot({ path: join(ARTIFACTS, 'console-e2e-webchat.png'), fullPage: true });

    expect(problems).toEqual([]);
    await chatPage.close();
    await page.close();
  }, 240_000);
});
