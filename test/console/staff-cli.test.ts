import { PassThrough, Readable } from 'node:stream';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../bot/cli/main.ts';
import type { CliIo } from '../../bot/cli/io.ts';
import { createStaffCommand } from '../../bot/cli/staff.ts';
import { createStaffAccounts } from '../../bot/console/staff.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import { CHEAP_SCRYPT } from './helpers.ts';

function ioWith(stdin: NodeJS.ReadableStream, env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdin,
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    env: { LOG_LEVEL: 'silent', ...env },
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

const piped = (text: string) => Readable.from([Buffer.from(text)]);

/** A terminal that types `lines` (each answered after the previous prompt) and records raw mode. */
function fakeTerminal(lines: string[]) {
  const stream = new PassThrough() as PassThrough & { isTTY: boolean; setRawMode(mode: boolean): void; raw: boolean[] };
  stream.isTTY = true;
  stream.raw = [];
  stream.setRawMode = (mode) => void stream.raw.push(mode);
  let next = 0;
  const type = () => {
    const line = lines[next++];
    if (line !== undefined) setTimeout(() => stream.write(line), 5);
  };
  return { stream, type };
}

describe('upay-bot staff (in process, memory store)', () => {
  const store = createMemoryStore();
  const staff = createStaffCommand({ scryptCost: CHEAP_SCRYPT, store });

  it('add --password-stdin, list, remove', async () => {
    const added = ioWith(piped('a long enough password\n'));
    expect(await staff(['add', 'ana', '--role', 'editor', '--password-stdin'], added.io)).toBe(0);
    expect(added.out()).toBe('added ana (editor)\n');
    const accounts = createStaffAccounts(store, { scryptCost: CHEAP_SCRYPT });
    // The trailing newline is not part of the password.
    expect(await accounts.verify('ana', 'a long enough password')).toMatchObject({ role: 'editor' });

    const listed = ioWith(piped(''));
    expect(await staff(['list'], listed.io)).toBe(0);
    expect(listed.out()).toMatch(/^ana\teditor\t\d{4}-\d\d-\d\dT/);
    const json = ioWith(piped(''));
    await staff(['list', '--json'], json.io);
    expect(JSON.parse(json.out())).toEqual({ items: [{ name: 'ana', role: 'editor', createdAt: expect.any(String) }] });
    expect(json.out()).not.toContain('scrypt');

    const again = ioWith(piped('another long password'));
    await expect(staff(['add', 'ana', '--role', 'viewer', '--password-stdin'], again.io)).rejects.toThrow(
      /already exists/,
    );

    const removed = ioWith(piped(''));
    expect(await staff(['remove', 'ana'], removed.io)).toBe(0);
    expect(await accounts.get('ana')).toBeUndefined();
    await expect(staff(['remove', 'ana'], ioWith(piped('')).io)).rejects.toThrow(/no account named "ana"/);
  });

  it.each([
    [['add', 'ana', '--role', 'owner', '--password-stdin'], /--role must be one of admin, editor, viewer/],
    [['add', 'ana', '--password-stdin'], /--role is required/],
    [['add', 'Ana Li', '--role', 'viewer'], /not a name/],
    [['add', '--role', 'viewer'], /a NAME is required/],
    [['add', 'ana', '--role', 'viewer', '--password'], /unknown option "--password"/],
    [['remove'], /one NAME/],
    [['list', '--all'], /unknown option/],
    [['rename', 'ana'], /unknown staff command/],
  ])('%j is refused: %s', async (args, message) => {
    await expect(staff(args, ioWith(piped('a long enough password')).io)).rejects.toMatchObject({
      message: expect.stringMatching(message),
      exitCode: 2,
    });
  });

  it('a short password is refused and nothing is stored', async () => {
    await expect(
      staff(['add', 'shorty', '--role', 'viewer', '--password-stdin'], ioWith(piped('short\n')).io),
    ).rejects.toMatchObject({ message: expect.stringMatching(/at least 12 characters/), exitCode: 2 });
    expect(await createStaffAccounts(store).get('shorty')).toBeUndefined();
  });

  it('without --password-stdin and without a terminal it says what to do', async () => {
    await expect(staff(['add', 'ana', '--role', 'viewer'], ioWith(piped('a long enough password')).io)).rejects.toThrow(
      /stdin is not a terminal: pipe the password and pass --password-stdin/,
    );
  });

  it('on a terminal it asks twice without echo (raw mode), and refuses two different answers', async () => {
    const terminal = fakeTerminal(['a long enough password\r', 'a long enough password\r']);
    const tty = ioWith(terminal.stream);
    const prompts: string[] = [];
    tty.io.stderr = {
      write: (s: string) => {
        prompts.push(s);
        if (s.includes('assword')) terminal.type();
      },
    };
    expect(await staff(['add', 'tty.user', '--role', 'viewer'], tty.io)).toBe(0);
    expect(prompts.join('')).toContain('Repeat the password');
    expect(prompts.join('')).not.toContain('a long enough password');
    expect(terminal.stream.raw).toEqual([true, false, true, false]);

    const other = fakeTerminal(['a long enough password\r', 'a different password\r']);
    const mismatch = ioWith(other.stream);
    mismatch.io.stderr = { write: (s: string) => void (s.includes('assword') && other.type()) };
    await expect(staff(['add', 'tty.other', '--role', 'viewer'], mismatch.io)).rejects.toThrow(/differ/);
    expect(await createStaffAccounts(store).get('tty.other')).toBeUndefined();
  });
});

describe('upay-bot staff through main (configured lowdb store under DATA_DIR, production cost)', () => {
  it('adds, lists and removes an account that a later run sees', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'upay-staff-'));
    try {
      const env = { DATA_DIR: dataDir };
      const add = ioWith(piped('a long enough password\n'), env);
      expect(await main(['staff', 'add', 'ops', '--role', 'admin', '--password-stdin'], add.io)).toBe(0);
      const list = ioWith(piped(''), env);
      expect(await main(['staff', 'list'], list.io)).toBe(0);
      expect(list.out()).toMatch(/^ops\tadmin\t/);
      expect(await main(['staff', 'remove', 'ops'], ioWith(piped(''), env).io)).toBe(0);
      const empty = ioWith(piped(''), env);
      await main(['staff', 'list'], empty.io);
      expect(empty.out()).toContain('no staff accounts');
      const bad = ioWith(piped(''), env);
      expect(await main(['staff', 'add', 'x', '--role', 'boss'], bad.io)).toBe(2);
      expect(bad.err()).toContain('upay-bot staff: --role must be one of');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
