/**
 * `upay-bot chat` — talk to the assistant in the terminal (the console channel).
 *
 *   upay-bot chat                          interactive; buttons are numbered, type the number to press one
 *   upay-bot chat --jsonl                  one message per stdin line (plain text, {"text": "…"} or
 *                                          {"action": "<button value>"}); one JSON line out per message:
 *                                          {"replies":[{"id","text","buttons"}],"intent","flow","handoff"}
 *   --customer C1001                       act as a verified in-app customer (signed token); default anonymous
 *   --channel NAME                         channel name on the events (default console)
 *   --persist                              keep conversations in the configured store (DATA_DIR / STORE_URL);
 *                                          by default chat uses a fresh in-memory store so runs are independent
 *
 * The wallet is the configured one: the in-process sandbox unless WALLET_API_URL is set
 * (SANDBOX_FIXED_OTP makes its one-time codes predictable).
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Button, ChannelName, EventInput, IncomingEvent, Reply } from '../core/messages.ts';
import { createApp, type App } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { createMemoryStore } from '../store/memory.ts';
import type { TurnResult } from '../core/turn.ts';
import { CliError, type CliCommand, type CliIo } from './io.ts';

const USAGE = 'usage: upay-bot chat [--jsonl] [--customer ID] [--channel NAME] [--persist]';
const CHANNELS: readonly ChannelName[] = ['console', 'webchat', 'telegram', 'wechat', 'botframework'];

export interface ChatArgs {
  jsonl: boolean;
  customer?: string;
  channel: ChannelName;
  persist: boolean;
}

export function parseChatArgs(args: string[]): ChatArgs {
  const parsed: ChatArgs = { jsonl: false, channel: 'console', persist: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--jsonl') parsed.jsonl = true;
    else if (arg === '--persist') parsed.persist = true;
    else if (arg === '--customer' || arg === '--channel') {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new CliError(`${arg} needs a value (${USAGE})`, 2);
      i++;
      if (arg === '--customer') {
        if (!/^[A-Za-z0-9_-]{1,64}$/u.test(value))
          throw new CliError(`--customer: "${value}" is not a customer id like C1001`, 2);
        parsed.customer = value;
      } else {
        if (!(CHANNELS as readonly string[]).includes(value))
          throw new CliError(`--channel: must be one of ${CHANNELS.join(', ')}`, 2);
        parsed.channel = value as ChannelName;
      }
    } else if (arg === '--help' || arg === '-h') {
      throw new CliError(USAGE, 0);
    } else {
      throw new CliError(`unknown option "${arg}" (${USAGE})`, 2);
    }
  }
  return parsed;
}

/** One stdin line of --jsonl: plain text, {"text": "…"} or {"action": "…"}. Throws on a bad JSON line. */
export function parseJsonlInput(line: string): EventInput | undefined {
  const trimmed = line.trim();
  if (!trimmed) return undefined;
  if (!trimmed.startsWith('{')) return { kind: 'text', text: trimmed };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    throw new Error('invalid JSON (expected plain text, {"text": "…"} or {"action": "…"})');
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (typeof record.text === 'string' && record.text.trim()) return { kind: 'text', text: record.text };
    if (typeof record.action === 'string' && record.action.trim()) return { kind: 'action', value: record.action };
  }
  throw new Error('expected {"text": "<message>"} or {"action": "<button value>"}');
}

export function toJsonLine(result: TurnResult): string {
  return JSON.stringify({
    // `id` names the reply (catalogue id, answer:<intent>, article:<id>, fallback), as conversation scripts assert it.
    replies: result.replies.map((r) => ({
      ...(r.id !== undefined ? { id: r.id } : {}),
      text: r.text,
      ...(r.buttons?.length ? { buttons: r.buttons.map((b) => ({ label: b.label, value: b.value })) } : {}),
    })),
    intent: result.intent,
    flow: result.flow,
    handoff: result.handoff,
  });
}

function renderReplies(replies: Reply[]): { text: string; buttons: Button[] } {
  const buttons: Button[] = [];
  const parts = replies.map((r) => {
    const lines = [r.from === 'agent' ? `[${r.agentName ?? 'agent'}] ${r.text}` : r.text];
    for (const b of r.buttons ?? []) {
      buttons.push(b);
      lines.push(`  ${buttons.length}. ${b.label}`);
    }
    return lines.join('\n');
  });
  return { text: parts.map((p) => `bot> ${p}`).join('\n'), buttons };
}

export const runChatCommand: CliCommand = async (args: string[], io: CliIo) => {
  const opts = parseChatArgs(args);
  const config = loadConfig(io.env);
  const logger = createLogger({
    level: io.env.LOG_LEVEL ?? 'warn',
    destination: { write: (msg: string) => io.stderr.write(msg) },
  });
  const app: App = await createApp(config, {
    logger,
    ...(opts.persist ? {} : { store: createMemoryStore() }),
    sink: {
      async send(_conversationId, replies) {
        if (opts.jsonl) io.stdout.write(`${JSON.stringify({ proactive: replies })}\n`);
        else io.stdout.write(`${renderReplies(replies).text}\n`);
      },
    },
  });
  const session = randomUUID().slice(0, 8);
  const conversationId = `${opts.channel}:cli-${session}`;
  let n = 0;
  const send = (input: EventInput): Promise<TurnResult> => {
    n += 1;
    const event: IncomingEvent = {
      eventId: `cli-${session}-${n}`,
      channel: opts.channel,
      conversationId,
      user: { id: `cli-${session}` },
      input,
      ...(opts.customer ? { verifiedCustomerId: opts.customer } : {}),
    };
    return app.engine.handle(event);
  };

  const rl = createInterface({ input: io.stdin, crlfDelay: Infinity, terminal: false });
  let failures = 0;
  try {
    if (opts.jsonl) {
      let lineNo = 0;
      for await (const line of rl) {
        lineNo += 1;
        let input: EventInput | undefined;
        try {
          input = parseJsonlInput(line);
        } catch (error) {
          failures += 1;
          io.stdout.write(`${JSON.stringify({ error: `line ${lineNo}: ${(error as Error).message}` })}\n`);
          continue;
        }
        if (!input) continue;
        io.stdout.write(`${toJsonLine(await send(input))}\n`);
      }
    } else {
      let lastButtons: Button[] = [];
      const show = (result: TurnResult): void => {
        const rendered = renderReplies(result.replies);
        lastButtons = rendered.buttons;
        if (rendered.text) io.stdout.write(`${rendered.text}\n`);
        if (result.handoff !== 'none') io.stdout.write(`   (handoff: ${result.handoff})\n`);
      };
      io.stdout.write(
        'Chat with the upay assistant. Type a message, a number to press a button, /help, /lang en, or Ctrl-D to quit.\n',
      );
      show(await send({ kind: 'start' }));
      io.stdout.write('you> ');
      for await (const line of rl) {
        const text = line.trim();
        if (text) {
          const choice = /^\d{1,2}$/u.test(text) ? lastButtons[Number(text) - 1] : undefined;
          show(await send(choice ? { kind: 'action', value: choice.value } : { kind: 'text', text }));
        }
        io.stdout.write('you> ');
      }
      io.stdout.write('\n');
    }
  } finally {
    rl.close();
    await app.close();
  }
  return failures > 0 ? 1 : 0;
};
