const SENTENCE_END = /[.!?。！？…\n](?:["'”’)）\]]*)\s*/gu;

/**
 * Splits text into pieces of at most `maxChars`, preferring sentence ends (。！？.!? or a newline),
 * then spaces, and cutting hard only when a single "sentence" is longer than the limit. Shared by the
 * channels with a length limit per message (Telegram's 4096, WeChat's customer-service messages).
 */
export function splitMessage(text: string, maxChars: number): string[] {
  if (!Number.isInteger(maxChars) || maxChars < 1)
    throw new RangeError(`maxChars must be a positive integer, got ${maxChars}`);
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > maxChars) {
    const window = rest.slice(0, maxChars);
    let cut = lastSentenceEnd(window);
    if (cut <= 0) cut = window.lastIndexOf(' ') + 1;
    if (cut <= 0) cut = safeHardCut(rest, maxChars);
    const piece = rest.slice(0, cut).trimEnd();
    if (piece) pieces.push(piece);
    rest = rest.slice(cut).trimStart();
  }
  if (rest.trim()) pieces.push(rest.trimEnd());
  return pieces.length ? pieces : [text];
}

function lastSentenceEnd(window: string): number {
  let last = -1;
  for (const m of window.matchAll(SENTENCE_END)) {
    const end = (m.index ?? 0) + m[0].length;
    if (end <= window.length) last = end;
  }
  return last;
}

/** Never cut a surrogate pair in half. */
function safeHardCut(text: string, maxChars: number): number {
  const code = text.charCodeAt(maxChars - 1);
  return code >= 0xd800 && code <= 0xdbff ? maxChars - 1 : maxChars;
}
