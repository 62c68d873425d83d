/**
 * One line of the journal-files store's write-ahead journal (JSON Lines, see journal.ts):
 *
 *   {"k":"conv:web:1","e":null,"v":{…}}     set (e = expiry in ms since the epoch, or null)
 *   {"k":"conv:web:1","d":1}                delete
 *
 * A set line is built around the value's JSON text, which the store already has: the value is
 * serialised once per write. Decoding slices that text back out instead of re-serialising it.
 */

/** A record as the store keeps it in memory: expiry and the value as JSON text. */
export interface JournalRecord {
  e: number | null;
  json: string;
}

/** What one line says about its key: the new record, or null = deleted. */
export interface JournalEntry {
  key: string;
  record: JournalRecord | null;
}

const setPrefix = (keyJson: string, e: number | null): string =>
  `{"k":${keyJson},"e":${e === null ? 'null' : String(e)},"v":`;

export function encodeSetLine(key: string, record: JournalRecord): string {
  return `${setPrefix(JSON.stringify(key), record.e)}${record.json}}`;
}

export function encodeDeleteLine(key: string): string {
  return `{"k":${JSON.stringify(key)},"d":1}`;
}

/** Parses one line; throws a SyntaxError (with the reason) when it is not a journal line. */
export function decodeLine(line: string): JournalEntry {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    // V8's message quotes the text: never let a value reach a log line or an error.
    throw new SyntaxError('not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new SyntaxError('not a JSON object');
  const obj = parsed as Record<string, unknown>;
  const key = obj.k;
  if (typeof key !== 'string' || key === '') throw new SyntaxError('no key');
  if (obj.d === 1) return { key, record: null };
  const e = obj.e;
  if (e !== null && (typeof e !== 'number' || !Number.isFinite(e))) throw new SyntaxError('bad expiry');
  if (!('v' in obj)) throw new SyntaxError('no value');
  const prefix = setPrefix(JSON.stringify(key), e);
  // Lines this module wrote: the value's text is everything between the prefix and the final brace.
  const json = line.startsWith(prefix) && line.endsWith('}') ? line.slice(prefix.length, -1) : JSON.stringify(obj.v);
  return { key, record: { e, json } };
}
