import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { securityHeaders } from '../../bot/http/security-headers.ts';
import { chartJsFile, mountConsolePage } from '../../bot/console/page.ts';

/** The console page's routes (no browser): on/off guard, redirect, files, vendor chart library, CSP. */
function appWith(isOn?: () => Promise<boolean>) {
  const app = express();
  app.use(securityHeaders());
  const pages = express.Router();
  mountConsolePage(pages, isOn ? { isOn } : {});
  app.use(pages);
  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'fell through' } });
  });
  return app;
}

describe('console page routes', () => {
  it('serves index.html, its module and style under /console/ with the strict CSP', async () => {
    const app = appWith(async () => true);
    const page = await request(app).get('/console/').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).toContain('<script type="module" src="console.js"></script>');
    // Nothing inline: no <script> with a body, no <style>, no style= attribute.
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page.text).not.toMatch(/<style|\sstyle=/);
    expect((await request(app).get('/console/console.js').expect(200)).headers['content-type']).toMatch(/javascript/);
    expect((await request(app).get('/console/console.css').expect(200)).headers['content-type']).toMatch(/text\/css/);
  });

  it('redirects /console to /console/', async () => {
    const res = await request(appWith()).get('/console').expect(301);
    expect(res.headers.location).toBe('/console/');
  });

  it('serves Chart.js from node_modules at /console/vendor/chart.umd.js', async () => {
    expect(chartJsFile()).toMatch(/node_modules\/chart\.js\/dist\/chart\.umd\.min\.js$/);
    const res = await request(appWith()).get('/console/vendor/chart.umd.js').expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.text.length).toBeGreaterThan(100_000);
    expect(res.text).toContain('Chart');
  });

  it('answers 404 on every console path while the console is off, and serves it once on', async () => {
    let on = false;
    const app = appWith(async () => on);
    for (const path of ['/console', '/console/', '/console/console.js', '/console/vendor/chart.umd.js']) {
      const res = await request(app).get(path).expect(404);
      expect(res.body.error.code).toBe('not_found');
    }
    on = true;
    await request(app).get('/console/').expect(200);
  });

  it('leaves other paths and unknown console files to the next handler', async () => {
    const app = appWith(async () => true);
    expect((await request(app).get('/consoles').expect(404)).body.error.message).toBe('fell through');
    expect((await request(app).get('/console/nope.js').expect(404)).body.error.message).toBe('fell through');
    await request(app).get('/console/../package.json').expect(404);
  });
});
