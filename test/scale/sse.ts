/** Reads an in-app event stream until an event's data satisfies `match` (or times out). */
export async function waitForEvent(
  url: string,
  match: (data: Record<string, unknown>) => boolean,
  timeoutMs = 5000,
): Promise<Record<string, unknown>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(url, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
    if (res.status !== 200 || !res.body) throw new Error(`event stream answered ${res.status}`);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('event stream ended');
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n');
        if (!data) continue;
        const parsed = JSON.parse(data) as Record<string, unknown>;
        if (match(parsed)) {
          controller.abort();
          return parsed;
        }
      }
    }
  } finally {
    clearTimeout(timer);
  }
}

/** Opens the stream and resolves once the server has sent its first bytes (subscribed soon after). */
export function openEventStream(url: string, match: (data: Record<string, unknown>) => boolean, timeoutMs = 5000) {
  return waitForEvent(url, match, timeoutMs);
}
