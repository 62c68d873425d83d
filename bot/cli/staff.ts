/**
 * `upay-bot staff add NAME --role admin|editor|viewer [--password-stdin]`, `staff list [--json]`,
 * `staff remove NAME` — the support console's accounts, in the configured store (STORE_URL, or lowdb under
 * DATA_DIR, exactly like the server). With the embedded lowdb store, stop the server first (single-process).
 */
import { createLogger } from '../logger.ts';
import { passwordProblem, type ScryptCost } from '../console/password.ts';
import { createStaffAccounts, isStaffRole, STAFF_NAME_PATTERN, STAFF_ROLES, StaffError } from '../console/staff.ts';
import type { StaffRole } from '../console/staff.ts';
import { createStore, storeOptionsOf } from '../store/index.ts';
import type { Store } from '../store/types.ts';
import { cliConfig } from './config.ts';
import { CliError, type CliCommand, type CliIo } from './io.ts';
import { promptHidden, readPasswordFromStdin, stdinIsTerminal } from './password-prompt.ts';

const USAGE = `usage: upay-bot staff add NAME --role admin|editor|viewer [--password-stdin]
       upay-bot staff list [--json]
       upay-bot staff remove NAME`;

export type StaffArgs =
  | { action: 'add'; name: string; role: StaffRole; passwordStdin: boolean }
  | { action: 'list'; json: boolean }
  | { action: 'remove'; name: string };

function nameArg(value: string | undefined): string {
  if (value === undefined || value.startsWith('--')) throw new CliError(`a NAME is required (${USAGE})`, 2);
  if (!STAFF_NAME_PATTERN.test(value))
    throw new CliError(`"${value}" is not a name: 1–64 characters of a-z, 0-9, ".", "_" and "-"`, 2);
  return value;
}

export function parseStaffArgs(args: string[]): StaffArgs {
  const [action, ...rest] = args;
  if (action === undefined || action === '--help' || action === '-h') throw new CliError(USAGE, action ? 0 : 2);
  if (action === 'list') {
    const unknown = rest.find((arg) => arg !== '--json');
    if (unknown !== undefined) throw new CliError(`unknown option "${unknown}" (${USAGE})`, 2);
    return { action, json: rest.includes('--json') };
  }
  if (action === 'remove') {
    if (rest.length !== 1) throw new CliError(`staff remove takes one NAME (${USAGE})`, 2);
    return { action, name: nameArg(rest[0]) };
  }
  if (action !== 'add') throw new CliError(`unknown staff command "${action}" (${USAGE})`, 2);
  const name = nameArg(rest[0]);
  let role: StaffRole | undefined;
  let passwordStdin = false;
  for (let i = 1; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (arg === '--password-stdin') passwordStdin = true;
    else if (arg === '--role') {
      const value = rest[++i];
      if (!isStaffRole(value)) throw new CliError(`--role must be one of ${STAFF_ROLES.join(', ')}`, 2);
      role = value;
    } else throw new CliError(`unknown option "${arg}" (${USAGE})`, 2);
  }
  if (!role) throw new CliError(`--role is required (${USAGE})`, 2);
  return { action, name, role, passwordStdin };
}

async function readNewPassword(io: CliIo, fromStdin: boolean): Promise<string> {
  if (fromStdin) return readPasswordFromStdin(io);
  if (!stdinIsTerminal(io))
    throw new CliError('stdin is not a terminal: pipe the password and pass --password-stdin', 2);
  const first = await promptHidden(io, 'Password (12–256 characters): ');
  const second = await promptHidden(io, 'Repeat the password: ');
  if (first !== second) throw new CliError('the two passwords differ; nothing was changed', 2);
  return first;
}

async function openConfiguredStore(io: CliIo): Promise<Store> {
  const config = cliConfig(io.env);
  return createStore(storeOptionsOf(config, createLogger({ level: 'silent' })));
}

export interface StaffCommandOptions {
  /** Tests: a cheaper password hash. */
  scryptCost?: ScryptCost;
  /** Tests: the store to use instead of the configured one (left open). */
  store?: Store;
}

export function createStaffCommand(opts: StaffCommandOptions = {}): CliCommand {
  return async (args, io) => {
    const parsed = parseStaffArgs(args);
    // The password is read before the store opens: a typo at the prompt costs no connection.
    const password = parsed.action === 'add' ? await readNewPassword(io, parsed.passwordStdin) : '';
    const problem = parsed.action === 'add' ? passwordProblem(password) : undefined;
    if (problem) throw new CliError(problem, 2);
    const store = opts.store ?? (await openConfiguredStore(io));
    const staff = createStaffAccounts(store, opts.scryptCost ? { scryptCost: opts.scryptCost } : {});
    try {
      if (parsed.action === 'add') {
        const account = await staff.add(parsed.name, parsed.role, password);
        io.stdout.write(`added ${account.name} (${account.role})\n`);
      } else if (parsed.action === 'remove') {
        if (!(await staff.remove(parsed.name))) throw new CliError(`no account named "${parsed.name}"`, 1);
        io.stdout.write(`removed ${parsed.name}; their console sessions end within 5 seconds\n`);
      } else {
        const accounts = await staff.list();
        if (parsed.json) io.stdout.write(`${JSON.stringify({ items: accounts })}\n`);
        else if (accounts.length === 0) io.stdout.write('no staff accounts (the console is off)\n');
        else for (const a of accounts) io.stdout.write(`${a.name}\t${a.role}\t${a.createdAt}\n`);
      }
      return 0;
    } catch (error) {
      if (error instanceof StaffError) throw new CliError(error.message, error.code === 'exists' ? 1 : 2);
      throw error;
    } finally {
      if (!opts.store) await store.close();
    }
  };
}

export const runStaffCommand: CliCommand = createStaffCommand();
