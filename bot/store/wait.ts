/**
 * Retries `attempt` until it returns a non-null result or `waitMs` has passed.
 * Between attempts it sleeps `pollMs` (with a little jitter), or less when `wake` fires first
 * (in-process stores wake waiters when a lock is released).
 */
export async function retryUntil<T>(
  attempt: () => Promise<T | null>,
  opts: { waitMs: number; pollMs: number; wake?: (cb: () => void) => () => void },
): Promise<T | null> {
  const deadline = Date.now() + opts.waitMs;
  for (;;) {
    const result = await attempt();
    if (result !== null) return result;
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) return null;
    const sleepMs = Math.min(remainingMs, opts.pollMs * (0.75 + Math.random() * 0.5));
    await new Promise<void>((resolve) => {
      const pending: { timer?: NodeJS.Timeout; unwake?: () => void } = {};
      const done = (): void => {
        clearTimeout(pending.timer);
        pending.unwake?.();
        resolve();
      };
      pending.timer = setTimeout(done, sleepMs);
      pending.unwake = opts.wake?.(done);
    });
  }
}
