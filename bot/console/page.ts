import type { Router } from 'express';

/**
 * STUB (console-api branch): the console page (`/console/`) is written by the console-page helper, whose
 * file replaces this one. Mounts nothing, so `/console/` answers the server's 404 until then.
 */
export function mountConsolePage(_router: Router): void {}
