/**
 * Plays every test/conversations/*.yaml script (format: README.md) against the real assistant:
 * real knowledge + NLU, the real flows, a fresh sandbox wallet (fixed OTP 123456) and a memory store.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Button, EventInput, IncomingEvent, Reply } from '../../bot/core/messages.ts';
import { createApp, type App } from '../../bot/app.ts';
import { loadConfig } from '../../bot/config.ts';
import type { HandoffCase, HandoffDesk } from '../../bot/handoff/types.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import type { Store } from '../../bot/store/types.ts';
import type { TurnResult } from '../../bot/core/turn.ts';
import { createInProcessWallet, type InProcessWallet } from '../../bot/wallet/index.ts';
import type { KnowledgeBase } from '../../bot/core/knowledge.ts';
import { loadKnowledge } from '../../bot/core/knowledge.ts';
import { createNlu } from '../../intents/nlu.ts';
import type { Nlu } from '../../intents/types.ts';
import { ScriptSchema, type BotExpect, type Script, type Step } from './script.ts';

const DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(DIR, '../..');
const FIXED_OTP = '123456';

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
  .sort();

let knowledge: KnowledgeBase;
let nlu: Nlu;

beforeAll(async () => {
  knowledge = await loadKnowledge(path.join(ROOT, 'knowledge'));
  nlu = createNlu(knowledge);
}, 120_000);

interface Issue {
  path: PropertyKey[];
  message: string;
  errors?: Issue[][];
}

/** Zod issues flattened, looking inside union branches (a step is a union of step kinds). */
function describeIssues(issues: readonly Issue[], prefix: PropertyKey[] = []): string[] {
  return issues.flatMap((i) => {
    const at = [...prefix, ...i.path];
    if (i.errors?.length) {
      // Report the branch that got furthest (the most specific complaint).
      const best = [...i.errors].sort((a, b) => depth(b) - depth(a))[0] ?? [];
      return describeIssues(best, at);
    }
    return [`${at.map(String).join('.') || '(script)'}: ${i.message}`];
  });
}

function depth(issues: readonly Issue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length + (i.message.startsWith('Unrecognized key') ? -1 : 0)));
}

function loadScript(file: string): Script | Error {
  try {
    const raw: unknown = parseYaml(readFileSync(path.join(DIR, file), 'utf8'));
    const parsed = ScriptSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    return new Error(
      `${file}: invalid script: ${describeIssues(parsed.error.issues as unknown as Issue[]).join('; ')}`,
    );
  } catch (error) {
    return new Error(`${file}: ${(error as Error).message}`);
  }
}

interface RecordingDesk extends HandoffDesk {
  opened: HandoffCase[];
}

function createRecordingDesk(): RecordingDesk {
  const desk: RecordingDesk = {
    opened: [],
    async open(c) {
      desk.opened.push(c);
      return { caseId: c.caseId, state: 'queued', queuePosition: 1, expectedWaitMinutes: 3 };
    },
    async relayCustomerMessage() {},
    async close() {},
  };
  return desk;
}

class Player {
  app!: App;
  private eventNo = 0;
  private last?: { event: IncomingEvent; result: TurnResult };
  private lastButtons: Button[] = [];
  readonly sent: Reply[][] = [];
  private readonly conversationId: string;
  private readonly channel: IncomingEvent['channel'];

  constructor(
    private readonly file: string,
    private readonly script: Script,
    private readonly store: Store,
    private readonly wallet: InProcessWallet,
    readonly desk: RecordingDesk | undefined,
    private readonly clock: { offsetMs: number },
  ) {
    this.channel = script.channel ?? (script.customer ? 'webchat' : 'telegram');
    this.conversationId = `${this.channel}:script-${path.basename(file).replace(/\W+/g, '-')}`;
  }

  now = (): Date => new Date(Date.now() + this.clock.offsetMs);

  async start(): Promise<void> {
    this.app = await createApp(
      loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', KNOWLEDGE_DIR: path.join(ROOT, 'knowledge') }),
      {
        logger: silentLogger,
        knowledge,
        nlu,
        store: this.store,
        wallet: this.wallet.api,
        now: this.now,
        sink: {
          send: async (_conversationId, replies) => {
            this.sent.push(replies);
          },
        },
        ...(this.desk ? { desk: this.desk } : {}),
      },
    );
  }

  private event(input: EventInput, group?: boolean): IncomingEvent {
    this.eventNo += 1;
    const locale = this.script.language === 'en' ? 'en' : this.script.language ? 'zh-CN' : undefined;
    return {
      eventId: `ev-${this.eventNo}`,
      channel: this.channel,
      conversationId: this.conversationId,
      user: { id: 'script-user', ...(locale ? { locale } : {}) },
      input,
      ...(this.script.customer ? { verifiedCustomerId: this.script.customer } : {}),
      ...((group ?? this.script.group) ? { isGroup: true } : {}),
    };
  }

  private resolvePress(press: string): string {
    const byValue = this.lastButtons.find((b) => b.value === press);
    if (byValue) return byValue.value;
    const byLabel = this.lastButtons.find((b) => b.label === press);
    if (byLabel) return byLabel.value;
    const partial = this.lastButtons.filter((b) => b.label.includes(press));
    if (partial.length === 1 && partial[0]) return partial[0].value;
    // "2": the second button, as a customer would type on a channel without buttons.
    const numbered = /^\d{1,2}$/u.test(press) ? this.lastButtons[Number(press) - 1] : undefined;
    if (numbered) return numbered.value;
    return press;
  }

  private async expandText(text: string): Promise<string> {
    const m = /\{\{otp:([A-Za-z0-9_-]+)\}\}/u.exec(text);
    if (!m?.[1]) return text;
    return text.replace(m[0], await this.wallet.control.lastOtp(m[1]));
  }

  private async send(event: IncomingEvent): Promise<TurnResult> {
    const result = await this.app.engine.handle(event);
    this.last = { event, result };
    const buttons = result.replies.flatMap((r) => r.buttons ?? []);
    if (buttons.length) this.lastButtons = buttons;
    return result;
  }

  async play(step: Step, index: number): Promise<void> {
    const where = `${this.file} step ${index + 1}`;
    if ('user' in step) {
      const result = await this.send(this.event({ kind: 'text', text: await this.expandText(step.user) }, step.group));
      checkBot(where, result, step.bot);
    } else if ('press' in step) {
      const result = await this.send(this.event({ kind: 'action', value: this.resolvePress(step.press) }, step.group));
      checkBot(where, result, step.bot);
    } else if ('event' in step) {
      const result = await this.send(this.event(step.event as EventInput, step.group));
      checkBot(where, result, step.bot);
    } else if ('retry' in step) {
      if (!this.last) throw new Error(`${where}: retry needs an earlier message`);
      const first = this.last.result;
      const again = await this.app.engine.handle(this.last.event);
      expect(again.duplicate, `${where}: a retried event is a duplicate`).toBe(true);
      expect(again.replies, `${where}: a retried event repeats the first replies`).toEqual(first.replies);
      checkBot(where, again, step.bot);
    } else if ('restart' in step) {
      await this.app.close();
      await this.start();
    } else if ('wallet_fault' in step) {
      await this.wallet.control.setFaults(step.wallet_fault);
    } else if ('wait_minutes' in step) {
      this.clock.offsetMs += step.wait_minutes * 60_000;
    } else if ('agent' in step) {
      if (!this.desk) throw new Error(`${where}: agent steps need "desk: true"`);
      const caseId = this.desk.opened.at(-1)?.caseId;
      if (!caseId) throw new Error(`${where}: no case was opened`);
      const before = this.sent.length;
      const a = step.agent;
      if ('claim' in a) await this.app.engine.onClaimed(this.conversationId, caseId, a.claim);
      else if ('say' in a) await this.app.engine.onAgentMessage(this.conversationId, caseId, a.say);
      else await this.app.engine.onClosed(this.conversationId, caseId, a.close);
      const sent = this.sent.slice(before).flat();
      checkReplyIds(where, sent);
      const buttons = sent.flatMap((r) => r.buttons ?? []);
      if (buttons.length) this.lastButtons = buttons;
      if (step.sent) checkText(where, sent, step.sent);
    }
  }
}

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function checkText(
  where: string,
  replies: Reply[],
  expected: {
    contains?: string | string[];
    not_contains?: string | string[];
    buttons?: string[];
    ids?: (string | null)[];
  },
): void {
  const text = replies.map((r) => r.text).join('\n');
  for (const s of list(expected.contains)) expect(text, `${where}: replies should contain "${s}"`).toContain(s);
  for (const s of list(expected.not_contains))
    expect(text, `${where}: replies must not contain "${s}"`).not.toContain(s);
  const buttons = replies.flatMap((r) => r.buttons ?? []);
  for (const b of expected.buttons ?? []) {
    expect(
      buttons.some((x) => x.label === b || x.value === b),
      `${where}: a button "${b}" among [${buttons.map((x) => `${x.label}=${x.value}`).join(', ')}]\nreplies: ${text}`,
    ).toBe(true);
  }
  if (expected.ids)
    expect(
      replies.map((r) => r.id ?? null),
      `${where}: reply ids\nreplies: ${text}`,
    ).toEqual(expected.ids);
}

/**
 * Every reply names its message (`Reply.id`: a catalogue id, answer:<intent>, article:<id>), so any script can
 * assert on ids. A human agent's own words have none. (The desk's email-ticket texts carry `desk.*` ids; their own
 * tests, test/handoff/tickets.test.ts, check them, as the scripts' recording desk makes no ticket offers.)
 */
function checkReplyIds(where: string, replies: Reply[]): void {
  const missing = replies.filter((r) => r.id === undefined && r.from !== 'agent').map((r) => r.text);
  expect(missing, `${where}: replies without a message id`).toEqual([]);
}

function checkBot(where: string, result: TurnResult, expected: BotExpect | undefined): void {
  const text = result.replies.map((r) => r.text).join('\n');
  // Never a stack trace or an internal error in front of a customer.
  expect(text, `${where}: no internals in replies`).not.toMatch(
    /\bat \S+\.ts:\d+|TypeError|ReferenceError|undefined|NaN|\[object Object\]/,
  );
  checkReplyIds(where, result.replies);
  if (!expected) return;
  checkText(where, result.replies, expected);
  if (expected.intent !== undefined) expect(result.intent, `${where}: intent\nreplies: ${text}`).toBe(expected.intent);
  if (expected.flow !== undefined) expect(result.flow, `${where}: flow\nreplies: ${text}`).toBe(expected.flow);
  if (expected.handoff !== undefined)
    expect(result.handoff, `${where}: handoff\nreplies: ${text}`).toBe(expected.handoff);
  if (expected.silent) expect(result.replies, `${where}: no replies`).toEqual([]);
}

async function checkWalletAfter(file: string, script: Script, wallet: InProcessWallet): Promise<void> {
  const after = script.wallet_after;
  if (!after) return;
  await wallet.control.setFaults({});
  if (after.disputes !== undefined)
    expect((await wallet.control.disputes()).length, `${file}: disputes`).toBe(after.disputes);
  if (after.outbox !== undefined) expect((await wallet.control.outbox()).length, `${file}: outbox`).toBe(after.outbox);
  if (after.otp_sent !== undefined)
    expect((await wallet.control.outbox({ kind: 'otp' })).length, `${file}: codes sent`).toBe(after.otp_sent);
  if (after.reset_links !== undefined) {
    expect((await wallet.control.outbox({ kind: 'password_reset_link' })).length, `${file}: reset links`).toBe(
      after.reset_links,
    );
  }
  for (const [id, status] of Object.entries(after.customers ?? {})) {
    expect((await wallet.api.getCustomer(id)).status, `${file}: status of ${id}`).toBe(status);
  }
}

describe('conversation scripts', () => {
  const wallets: InProcessWallet[] = [];
  afterAll(async () => {
    await Promise.all(wallets.map((w) => w.close()));
  });

  it('finds scripts to play', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    const script = loadScript(file);
    if (script instanceof Error) {
      it(file, () => {
        throw script;
      });
      continue;
    }
    const name = `${file}${script.title ? ` — ${script.title}` : ''}`;
    const test = script.skip ? it.skip : it;
    test(
      name,
      async () => {
        const clock = { offsetMs: 0 };
        const wallet = await createInProcessWallet({
          fixedOtp: FIXED_OTP,
          now: () => new Date(Date.now() + clock.offsetMs),
          client: { timeoutMs: 400, retries: 1, retryBaseMs: 10 },
        });
        wallets.push(wallet);
        const player = new Player(
          file,
          script,
          createMemoryStore(),
          wallet,
          script.desk ? createRecordingDesk() : undefined,
          clock,
        );
        await player.start();
        try {
          for (const [i, step] of script.steps.entries()) await player.play(step, i);
          await checkWalletAfter(file, script, wallet);
        } finally {
          await player.app.close();
        }
      },
      60_000,
    );
  }
});
