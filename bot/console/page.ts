/**
 * The support console's page: static files from ./public/ under `/console/` and Chart.js (from node_modules,
 * same origin, no CDN) under `/console/vendor/chart.umd.js`. The page is plain HTML, CSS and ES modules with no
 * inline script or style, so it runs under the server's strict CSP (bot/http/security-headers.ts).
 */
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { sendError } from '../http/errors.ts';

export const CONSOLE_PAGE_PATH = '/console';
export const CHART_VENDOR_PATH = '/console/vendor/chart.umd.js';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

/**
 * Chart.js's UMD build. The package's `exports` map does not list its dist files, so the path is found from
 * the resolved CommonJS entry (dist/chart.cjs), which sits beside it.
 */
export function chartJsFile(): string {
  const entry = createRequire(import.meta.url).resolve('chart.js');
  return join(dirname(entry), 'chart.umd.min.js');
}

export interface ConsolePageOptions {
  /** Whether the console is on (at least one staff account exists); while it is off every console path is 404. */
  isOn?: () => Promise<boolean>;
}

function isConsolePath(path: string): boolean {
  return path === CONSOLE_PAGE_PATH || path.startsWith(`${CONSOLE_PAGE_PATH}/`);
}

/** Mounts the console page on the server's page stage (after the API's 404). */
export function mountConsolePage(router: Router, options: ConsolePageOptions = {}): void {
  const chartFile = chartJsFile();
  const isOn = options.isOn;

  router.use(async (req: Request, res: Response, next: NextFunction) => {
    if (!isConsolePath(req.path)) return next();
    if (isOn && !(await isOn())) return sendError(res, 404, 'not_found', `no such page: ${req.path}`);
    // Relative URLs in index.html resolve against the directory, so the page lives at `/console/`.
    if (req.path === CONSOLE_PAGE_PATH && (req.method === 'GET' || req.method === 'HEAD'))
      return res.redirect(301, `${CONSOLE_PAGE_PATH}/`);
    next();
  });

  router.get(CHART_VENDOR_PATH, (_req, res, next) => {
    res.sendFile(chartFile, { maxAge: '1d', dotfiles: 'deny' }, (error) => {
      if (error) next(error);
    });
  });

  // The page and its modules are revalidated on every load (ETag), so a deploy is seen at once.
  router.use(
    CONSOLE_PAGE_PATH,
    express.static(PUBLIC_DIR, {
      index: 'index.html',
      redirect: false,
      fallthrough: true,
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
    }),
  );
}
