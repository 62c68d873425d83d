/**
 * Runs `sweep` (deleting expired keys) every `intervalMs` in the background: never two runs at once,
 * a failure goes to `onError` and the next interval tries again, and the timer does not keep the
 * process alive. Returns the function that stops it.
 */
export function startSweeper(
  intervalMs: number,
  sweep: () => Promise<void> | void,
  onError: (err: unknown) => void,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    Promise.resolve()
      .then(sweep)
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
