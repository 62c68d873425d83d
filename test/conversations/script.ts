/**
 * The conversation script format (see README.md): YAML that reads like a chat, validated with zod so
 * a typo in a script fails with the file, the step and the field.
 */
import { z } from 'zod';
import { isMessageId } from '../../bot/i18n/messages.ts';

const StringOrList = z.union([z.string(), z.array(z.string())]);

/**
 * The message ids of the replies, in order (`Reply.id`: `verify.code_sent`, `answer:fees`, `article:pet_tips` …), like
 * the actions of a Rasa test story; `null` for a reply without one (an agent's own message).
 */
const Ids = z.array(
  z
    .string()
    .refine((id) => isMessageId(id) || /^(?:answer|article):[a-z][a-z0-9_]*$/.test(id), {
      message: 'not a message id of bot/i18n, answer:<intent> nor article:<articleId>',
    })
    .nullable(),
);

export const BotExpectSchema = z.strictObject({
  /** Every string must appear in the replies' text (all replies joined). */
  contains: StringOrList.optional(),
  /** No string may appear in the replies' text. */
  not_contains: StringOrList.optional(),
  /** Every entry must be a button label or value in the replies. */
  buttons: z.array(z.string()).optional(),
  intent: z.string().nullable().optional(),
  flow: z.string().nullable().optional(),
  handoff: z.string().optional(),
  /** No reply at all (e.g. while a human agent owns the conversation). */
  silent: z.boolean().optional(),
  ids: Ids.optional(),
});
export type BotExpect = z.infer<typeof BotExpectSchema>;

export const SentExpectSchema = z.strictObject({
  contains: StringOrList.optional(),
  not_contains: StringOrList.optional(),
  buttons: z.array(z.string()).optional(),
  ids: Ids.optional(),
});

const EventInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('text'), text: z.string() }),
  z.strictObject({ kind: z.literal('action'), value: z.string() }),
  z.strictObject({ kind: z.literal('start') }),
  z.strictObject({
    kind: z.literal('command'),
    name: z.enum(['help', 'cancel', 'human', 'lang', 'start']),
    args: z.string().optional(),
  }),
  z.strictObject({ kind: z.literal('contact'), phone: z.string() }),
  z.strictObject({ kind: z.literal('unsupported'), what: z.string() }),
]);

const common = { bot: BotExpectSchema.optional(), group: z.boolean().optional() };

export const StepSchema = z.union([
  z.strictObject({ user: z.string(), ...common }),
  z.strictObject({ press: z.string(), ...common }),
  z.strictObject({ event: EventInputSchema, ...common }),
  /** Sends the previous event again (same event id): the same replies, nothing done twice. */
  z.strictObject({ retry: z.literal(true), bot: BotExpectSchema.optional() }),
  /** A new engine (new process) on the same store and wallet. */
  z.strictObject({ restart: z.literal(true) }),
  /** Sandbox fault injection for the next wallet calls. */
  z.strictObject({
    wallet_fault: z.strictObject({
      failNext: z.number().int().min(0).optional(),
      status: z.number().int().min(400).max(599).optional(),
      latencyMs: z.number().int().min(0).optional(),
      failMode: z.enum(['before_action', 'after_action']).optional(),
    }),
  }),
  /** Moves the clock of the engine and the sandbox wallet forward. */
  z.strictObject({ wait_minutes: z.number().positive() }),
  /** The human desk (requires `desk: true`): claim, write, close; `sent` checks what reached the customer. */
  z.strictObject({
    agent: z.union([
      z.strictObject({ claim: z.string() }),
      z.strictObject({ say: z.string() }),
      z.strictObject({ close: z.enum(['resolved', 'returned_to_bot', 'expired']) }),
    ]),
    sent: SentExpectSchema.optional(),
  }),
]);
export type Step = z.infer<typeof StepSchema>;

export const WalletAfterSchema = z.strictObject({
  disputes: z.number().int().min(0).optional(),
  /** Everything the sandbox sent (codes and reset links). */
  outbox: z.number().int().min(0).optional(),
  otp_sent: z.number().int().min(0).optional(),
  reset_links: z.number().int().min(0).optional(),
  /** Customer id → expected status (active, frozen, locked, closed). */
  customers: z.record(z.string(), z.enum(['active', 'frozen', 'locked', 'closed'])).optional(),
});

export const ScriptSchema = z.strictObject({
  title: z.string().optional(),
  /** A verified in-app customer (signed token on every event). */
  customer: z.string().optional(),
  /** Default webchat with `customer`, telegram without. */
  channel: z.enum(['webchat', 'telegram', 'wechat', 'botframework', 'console']).optional(),
  /** The platform locale sent with every event (zh-CN or en). */
  language: z.enum(['zh', 'en', 'zh-CN']).optional(),
  /** A group chat (isGroup on every event). */
  group: z.boolean().optional(),
  /** Wire a recording handoff desk (cases queue; `agent:` steps act on them). */
  desk: z.boolean().optional(),
  skip: z.string().optional(),
  steps: z.array(StepSchema).min(1),
  wallet_after: WalletAfterSchema.optional(),
});
export type Script = z.infer<typeof ScriptSchema>;
