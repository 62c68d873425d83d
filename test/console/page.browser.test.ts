import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { createFakeConsoleApi, FAKE_PASSWORD, type FakeConsoleState } from './fake-console-api.ts';

/**
 * The support console page in a real browser (Debian chromium driven by playwright-core) against the fake
 * console API (./fake-console-api.ts): sign-in, KPI tiles and charts, teaching from the unanswered list,
 * the change log, roles, both languages, keyboard use, a phone width, and no CSP violation anywhere.
 */
const ARTIFACTS = join(process.cwd(), 'test-results');
/** expect.poll waits 1 s by default; the machine may be busy (two cores shared by several test runs). */
const POLL = { timeout: 10_000 };

interface Watched {
  page: Page;
  /** Console messages and page errors that mention the CSP (or any script error). */
  problems: string[];
}

describe('support console page in a real browser', () => {
  let server: Server;
  let state: FakeConsoleState;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    const fake = createFakeConsoleApi({ trainingMs: 700 });
    state = fake.state;
    server = fake.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  /** A page on /console/ that records CSP violations (the DOM event and the console message) and script errors. */
  async function openConsole(viewport = { width: 1280, height: 800 }, locale = 'en-US'): Promise<Watched> {
    // Reduced motion turns Chart.js's animations off, so screenshots show finished charts.
    const page = await browser.newPage({ viewport, locale, reducedMotion: 'reduce' });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (/content security policy|refused to/i.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) =>
        console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    await page.goto(`${base}/console/`);
    await page.locator('#signin-name').waitFor();
    return { page, problems };
  }

  async function signIn(page: Page, name: string): Promise<void> {
    await page.locator('#signin-name').fill(name);
    await page.locator('#signin-password').fill(FAKE_PASSWORD);
    await page.locator('#signin-form button[type="submit"]').click();
    await page.locator('.kpi').first().waitFor();
  }

  async function noHorizontalScroll(page: Page): Promise<boolean> {
    return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  }

  it('signs in, shows the KPI tiles and drawn charts, with no CSP violation', async () => {
    const { page, problems } = await openConsole();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await signIn(page, 'eve');
    await expect.poll(() => page.locator('.kpi').count(), POLL).toBe(7);
    expect(await page.locator('.kpi dt').allTextContents()).toContain('Containment rate');
    expect(await page.locator('#who').textContent()).toBe('eve · editor');
    // Chart.js drew on every overview canvas, sized through the CSSOM (which the CSP allows).
    for (const id of ['chart-daily', 'chart-handoffs', 'chart-intents', 'chart-channels', 'chart-languages']) {
      const drawn = await page.evaluate((canvasId) => {
        const canvas = document.getElementById(canvasId) as HTMLCanvasElement;
        const chart = (window as unknown as { Chart: { getChart(c: HTMLCanvasElement): unknown } }).Chart.getChart(
          canvas,
        );
        return Boolean(chart) && canvas.width > 100 && canvas.height > 100;
      }, id);
      expect(drawn, id).toBe(true);
    }
    expect(await page.locator('#chart-intents').getAttribute('aria-label')).toMatch(/^Top intents: payment_failed \d+/);
    await expect.poll(() => page.locator('#training').textContent(), POLL).toBe('Model: Live');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'console-overview.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('assigns an unanswered group to an intent, shows training then live, and lists the change', async () => {
    const { page, problems } = await openConsole();
    await signIn(page, 'eve');
    await page.locator('.nav a[data-view="unanswered"]').click();
    const group = page.locator('li.group[data-group="g-bitcoin"]');
    await group.waitFor();
    expect(await group.locator('.example').textContent()).toBe('你们支持用比特币付款吗');
    // Customer text is inserted as text: the markup in this example is shown, not parsed.
    const tagged = page.locator('li.group[data-group="g-abroad"] .example');
    expect(await tagged.textContent()).toContain('<b>upay</b>');
    expect(await tagged.locator('b').count()).toBe(0);
    // The suggestions come first in the picker.
    const picker = group.locator('select').first();
    expect(await picker.locator('option').first().getAttribute('value')).toBe('payment_methods');
    await picker.selectOption('payment_methods');
    await group.getByRole('button', { name: 'Assign' }).click();

    await expect.poll(() => page.locator('#status').textContent(), POLL).toContain('Assigned to payment_methods');
    await expect.poll(() => page.locator('li.group[data-group="g-bitcoin"]').count(), POLL).toBe(0);
    const post = state.posts.find((p) => p.path === '/unanswered/g-bitcoin/assign');
    expect(post?.body).toEqual({ intent: 'payment_methods', locale: 'zh-CN' });
    expect(post?.csrf).toMatch(/^[0-9a-f]{32}$/);
    await expect.poll(() => page.locator('#training').textContent(), POLL).toBe('Model: Live');
    expect(state.training.live).toBe(state.training.wanted);

    await page.locator('.nav a[data-view="changes"]').click();
    const row = page.locator('#changes-table tbody tr', { hasText: 'payment_methods' });
    await row.waitFor();
    expect(await row.textContent()).toContain('eve');
    expect(await row.textContent()).toContain('Assign');
    await expect.poll(() => row.getByRole('button', { name: 'Undo' }).count(), POLL).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('switches between English and Chinese, and names a rejected field of a new intent', async () => {
    const { page, problems } = await openConsole();
    await signIn(page, 'eve');
    await page.locator('#lang').click();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('.nav a[data-view="overview"]').textContent()).toBe('概览');
    expect(await page.locator('.kpi dt').allTextContents()).toContain('自助解决率');
    expect(await page.locator('#lang').textContent()).toBe('English');
    await page.locator('#lang').click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('.nav a[data-view="overview"]').textContent()).toBe('Overview');

    await page.locator('.nav a[data-view="new-intent"]').click();
    await page.locator('#ni-id').fill('crypto_payments');
    await page.locator('#ni-zh-title').fill('加密货币付款');
    await page.locator('#ni-zh-answer').fill('upay 暂不支持加密货币付款。');
    await page.locator('#ni-zh-examples').fill('支持比特币吗\n能用加密货币付款吗\n可以用 USDT 吗');
    await page.locator('#ni-en-title').fill('Crypto payments');
    await page.locator('#ni-en-answer').fill('upay does not accept cryptocurrency.');
    await page.locator('#ni-en-examples').fill('can I pay with bitcoin\ndo you take crypto');
    await page.locator('#new-intent-form button[type="submit"]').click();
    await expect.poll(() => page.locator('#new-intent-error').textContent(), POLL).toContain('entries[1].examples');
    expect(await page.locator('#ni-en-examples').getAttribute('aria-invalid')).toBe('true');
    await page.locator('#ni-en-examples').fill('can I pay with bitcoin\ndo you take crypto\nusdt payments');
    await page.locator('#new-intent-form button[type="submit"]').click();
    await expect.poll(() => page.locator('#status').textContent(), POLL).toContain('Intent crypto_payments created');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('hides the editor and admin actions from a viewer', async () => {
    const { page, problems } = await openConsole();
    await signIn(page, 'vic');
    expect(await page.locator('.nav a[data-view="new-intent"]').isVisible()).toBe(false);
    expect(await page.locator('.nav a[data-view="staff"]').isVisible()).toBe(false);
    await page.locator('.nav a[data-view="unanswered"]').click();
    await page.locator('li.group').first().waitFor();
    expect(await page.locator('form.teach').count()).toBe(0);
    await page.locator('.nav a[data-view="changes"]').click();
    await page.locator('#changes-table thead').waitFor();
    expect(await page.getByRole('button', { name: 'Undo' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('signs in with the keyboard only, with a visible focus ring, and says when the password is wrong', async () => {
    const { page, problems } = await openConsole();
    for (let i = 0; i < 10; i++) {
      if (await page.evaluate(() => document.activeElement?.id === 'signin-name')) break;
      await page.keyboard.press('Tab');
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('signin-name');
    await page.keyboard.type('eve');
    await page.keyboard.press('Tab');
    await page.keyboard.type('not-the-password');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#signin-error').textContent(), POLL).toBe('Wrong name or password.');
    // The wrong password is selected, so typing replaces it.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('signin-password');
    await page.keyboard.type(FAKE_PASSWORD);
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const active = document.activeElement as HTMLElement;
      return { tag: active.tagName, outline: window.getComputedStyle(active).outlineStyle };
    });
    expect(ring).toEqual({ tag: 'BUTTON', outline: 'solid' });
    await page.keyboard.press('Enter');
    await page.locator('.kpi').first().waitFor();
    // On to a view by keyboard: the nav holds real links.
    await page.locator('.nav a[data-view="unanswered"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('li.group').first().waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('unanswered-title');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('fits a phone width (375×740) with no horizontal scroll in any view', async () => {
    const { page, problems } = await openConsole({ width: 375, height: 740 }, 'zh-CN');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await signIn(page, 'ada');
    expect(await noHorizontalScroll(page)).toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'console-phone.png'), fullPage: true });
    for (const view of ['unanswered', 'new-intent', 'changes', 'conversations', 'report', 'staff']) {
      await page.locator(`.nav a[data-view="${view}"]`).click();
      await page.locator(`section.view[data-view="${view}"]`).waitFor();
      await page.waitForLoadState('networkidle');
      if (view === 'conversations') {
        await page.locator('#conversations-table tbody button').first().click();
        await page.locator('#transcript-lines li').first().waitFor();
      }
      expect(await noHorizontalScroll(page), view).toBe(true);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'console-phone-staff.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
