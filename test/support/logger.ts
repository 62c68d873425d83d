import { Writable } from 'node:stream';
import { createLogger } from '../../bot/logger.ts';

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** A logger whose lines are kept for assertions: `lines` parsed, `messages` their `msg`s. */
export function recordingLogger(level = 'debug') {
  const lines: LogLine[] = [];
  const messages: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const text of chunk.toString().split('\n')) {
        if (!text) continue;
        const line = JSON.parse(text) as LogLine;
        lines.push(line);
        messages.push(line.msg);
      }
      done();
    },
  });
  return { logger: createLogger({ level, destination }), lines, messages };
}
