import { CliError, processIo, type CliCommand, type CliIo } from './io.ts';

const USAGE = `usage: upay-bot <command> [options]

commands:
  nlu parse "<text>"           parse one message and print JSON
  nlu parse --jsonl            parse one message per stdin line
  nlu eval [--json] [--format banking77|clinc|massive|jsonl --train FILE [--test FILE]]
  knowledge check              validate the knowledge files and print a summary
  knowledge export [--dir DIR] write the changes taught in the console into the knowledge files
  chat [--jsonl] [--customer ID] [--channel NAME]
                               chat with the assistant in the terminal
  forget --customer ID         erase a customer's conversations and cases
  staff add NAME --role admin|editor|viewer [--password-stdin]
                               add a support console account (asks for the password)
  staff list [--json]          list the console accounts
  staff remove NAME            remove a console account (its sessions end)
  report [--from DATE] [--to DATE] [--channel NAME] [--language zh|en] [--json]
                               the support console's figures (default: the last 7 days)
`;

/** Each command lives in its own module and is loaded only when used (fast start for the others). */
const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  nlu: async () => (await import('./nlu.ts')).runNluCommand,
  knowledge: async () => (await import('./knowledge.ts')).runKnowledgeCommand,
  chat: async () => (await import('./chat.ts')).runChatCommand,
  forget: async () => (await import('./forget.ts')).runForgetCommand,
  staff: async () => (await import('./staff.ts')).runStaffCommand,
  report: async () => (await import('./report.ts')).runReportCommand,
};

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr.write(`upay-bot: unknown command "${name}" (try: upay-bot --help)\n`);
    return 2;
  }
  try {
    const command = await load();
    return await command(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`upay-bot ${name}: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`upay-bot ${name}: ${message}\n`);
    return 1;
  }
}
