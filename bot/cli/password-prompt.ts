/** Reading a password in the terminal without echoing it (raw mode), or from piped stdin. */
import { CliError, type CliIo } from './io.ts';

/** More than any valid password (256 characters, up to 4 bytes each), so a runaway pipe is cut early. */
const MAX_PASSWORD_BYTES = 4_096;

interface TtyInput extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

export function stdinIsTerminal(io: CliIo): boolean {
  const input = io.stdin as TtyInput;
  return input.isTTY === true && typeof input.setRawMode === 'function';
}

/** The whole of stdin, one trailing line break removed (`printf '%s\n' "$PW" | upay-bot staff add …`). */
export async function readPasswordFromStdin(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of io.stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    bytes += buffer.length;
    if (bytes > MAX_PASSWORD_BYTES) throw new CliError('the password on stdin is too long', 2);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/u, '');
}

/** Asks on stderr and reads one line from the terminal without echo; Ctrl-C cancels. */
export function promptHidden(io: CliIo, prompt: string): Promise<string> {
  const input = io.stdin as TtyInput;
  io.stderr.write(prompt);
  input.setRawMode?.(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let chars: string[] = [];
    const finish = () => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      io.stderr.write('\n');
    };
    const onData = (chunk: string | Buffer) => {
      for (const ch of String(chunk)) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(chars.join(''));
          return;
        }
        if (ch === '\u0003' || ch === '\u0004') {
          finish();
          reject(new CliError('cancelled', 130));
          return;
        }
        if (ch === '\u007f' || ch === '\b') chars = chars.slice(0, -1);
        else if (chars.length < MAX_PASSWORD_BYTES) chars.push(ch);
      }
    };
    input.on('data', onData);
  });
}
