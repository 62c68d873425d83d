import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { loadConfig } from '../../bot/config.ts';
import { silentLogger } from '../../bot/logger.ts';
import { startServer, type RunningServer } from '../../bot/start.ts';

/**
 * The in-app page in a real browser (Debian chromium driven by playwright-core): a demo customer
 * asks about a failed but debited payment, picks the transaction, sees the refund date, and
 * still sees the conversation after a reload. `.ci/run` installs chromium when missing.
 */
const ARTIFACTS = join(process.cwd(), 'test-results');

describe('in-app chat page in a real browser', () => {
  let running: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      STORE_URL: 'memory:',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'upay-browser-')),
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
    });
    running = await startServer(config, { logger: silentLogger });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  /** A phone-sized English page on the chat, signed in as the last demo customer. */
  async function openAsLastDemoCustomer(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'en-US' });
    await page.goto(`${running.url}/`);
    await page.locator('.demo-list button').last().click();
    return page;
  }

  it('C1001 finds the failed payment, sees the refund date, and keeps the history after a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
    await page.goto(`${running.url}/`);
    await page.locator('.demo-list button[data-customer="C1001"]').click();
    await expect.poll(() => page.locator('.msg.bot').count()).toBeGreaterThan(0);

    await page.locator('#input').fill('我的付款失败了但是钱被扣了');
    await page.locator('#input').press('Enter');
    const txButton = page.locator('.buttons button[data-value="tx:T1001B"]');
    await txButton.waitFor({ timeout: 15_000 });
    await txButton.click();

    const refund = page.locator('.msg.bot', { hasText: '退款' }).last();
    await refund.waitFor({ timeout: 15_000 });
    await expect.poll(() => refund.textContent()).toMatch(/3\s*个工作日/);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'webchat-payment-failed.png'), fullPage: true });

    const before = await page.locator('.msg').allTextContents();
    await page.reload();
    await expect.poll(() => page.locator('.msg').count(), { timeout: 15_000 }).toBe(before.length);
    const after = await page.locator('.msg').allTextContents();
    expect(after).toEqual(before);
    expect(after.join('\n')).toContain('我的付款失败了但是钱被扣了');
    // Only the newest message's buttons stay pressable after the reload.
    expect(await page.locator('.buttons button[data-value="tx:T1001B"]').isDisabled()).toBe(true);
    await page.close();
  }, 60_000);

  it('shows a knowledge answer formatted: bold text and a real list, no Markdown syntax', async () => {
    const page = await openAsLastDemoCustomer();
    await page.locator('#input').fill('what are the fees');
    await page.locator('#input').press('Enter');
    const answer = page.locator('.msg.bot', { has: page.locator('.body ul li') }).last();
    await answer.waitFor({ timeout: 15_000 });
    expect(await answer.locator('.body ul > li').count()).toBeGreaterThanOrEqual(2);
    expect(await answer.locator('.body strong').count()).toBeGreaterThanOrEqual(1);
    const shown = (await answer.textContent()) ?? '';
    expect(shown).not.toMatch(/\*\*|^\s*- /m);
    // The list is laid out as a list (bullets inside the bubble), not one run-on line.
    const [first, second] = await answer
      .locator('.body ul > li')
      .evaluateAll((items) => items.map((li) => li.getBoundingClientRect().top));
    expect(second).toBeGreaterThan(first ?? 0);
    expect(await answer.locator('.body ul').evaluate((ul) => getComputedStyle(ul).listStyleType)).toBe('disc');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'webchat-markdown.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('is usable by keyboard and labelled for screen readers', async () => {
    const page = await openAsLastDemoCustomer();
    await page.locator('#input').waitFor();
    expect(await page.locator('label[for="input"]').textContent()).toBe('Message');
    expect(await page.locator('#log').getAttribute('aria-live')).toBe('polite');
    await page.keyboard.type('hello');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.msg.customer').count()).toBe(1);
    await expect.poll(() => page.locator('.msg.bot').count()).toBeGreaterThan(1);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow).toBe(false);
    await page.close();
  }, 60_000);
});
