/**
 * Drives a flow the way the engine does: start, then steps with button presses or typed text
 * (entities from the real extractor), keeping the state as JSON between turns and recording
 * every checkpoint.
 */
import { expect } from 'vitest';
import { extractEntities } from '../../intents/entities.ts';
import type { Language, NluResult } from '../../intents/types.ts';
import { isMessageId, text, type MessageId, type MessageParams } from '../../bot/i18n/messages.ts';
import type { Flow, FlowContext, FlowInput, FlowStateBase, FlowStepResult } from '../../bot/flows/types.ts';
import type { WalletApi } from '../../bot/wallet/types.ts';

export function textInput(text: string, language: Language, now: Date): FlowInput {
  const nlu: NluResult = {
    text,
    language,
    intent: { name: 'out_of_scope', confidence: 0 },
    intent_ranking: [],
    entities: extractEntities(text, { now }),
    ambiguous: false,
  };
  return { kind: 'text', text, nlu };
}

/** Message texts in one language, to compare replies with: `m('forgot_password.steps')`. */
export function messagesIn(language: Language): (id: MessageId, params?: MessageParams) => string {
  return (id, params) => text(language, id, params);
}

export interface DriverOptions {
  wallet: WalletApi;
  customerId: string;
  language: Language;
  now: Date;
}

export class FlowDriver<S extends FlowStateBase> {
  /** Every state passed to ctx.checkpoint, as JSON copies. */
  readonly checkpoints: S[] = [];
  state: S | undefined;
  last: FlowStepResult<S> | undefined;
  private keys = 0;
  readonly ctx: FlowContext;

  constructor(
    readonly flow: Flow<S>,
    readonly opts: DriverOptions,
  ) {
    this.ctx = {
      wallet: opts.wallet,
      language: opts.language,
      customerId: opts.customerId,
      conversationId: `test:${opts.customerId}`,
      now: () => opts.now,
      newIdempotencyKey: () => `key-${++this.keys}`,
      checkpoint: async (state) => {
        this.checkpoints.push(JSON.parse(JSON.stringify(state)) as S);
      },
    };
  }

  private keep(result: FlowStepResult<S>): FlowStepResult<S> {
    // The engine stores state as JSON: anything that does not survive a round trip is a bug.
    const copy = JSON.parse(JSON.stringify(result.state)) as S;
    expect(copy).toStrictEqual(result.state);
    expect(typeof copy.v).toBe('number');
    expect(typeof copy.step).toBe('string');
    // Every reply a flow gives names its message (Reply.id), one of the catalogue's.
    for (const reply of result.replies)
      expect(reply.id !== undefined && isMessageId(reply.id), `id of "${reply.text}"`).toBe(true);
    this.state = copy;
    this.last = result;
    return result;
  }

  async start(text?: string): Promise<FlowStepResult<S>> {
    const entities = text ? extractEntities(text, { now: this.opts.now }) : [];
    return this.keep(await this.flow.start(this.ctx, { ...(text ? { text } : {}), entities }));
  }

  async press(value: string): Promise<FlowStepResult<S>> {
    return this.run({ kind: 'action', value });
  }

  async say(text: string): Promise<FlowStepResult<S>> {
    return this.run(textInput(text, this.opts.language, this.opts.now));
  }

  async run(input: FlowInput, state: S | undefined = this.state): Promise<FlowStepResult<S>> {
    if (!state) throw new Error('flow not started');
    return this.keep(await this.flow.step(state, input, this.ctx));
  }

  /** All reply texts of the last result joined, for `toContain` checks. */
  get text(): string {
    return (this.last?.replies ?? []).map((r) => r.text).join('\n');
  }

  /** Message ids of the last result's replies (`Reply.id`). */
  get ids(): (string | undefined)[] {
    return (this.last?.replies ?? []).map((r) => r.id);
  }

  /** Button values of the last result. */
  get buttons(): string[] {
    return (this.last?.replies ?? []).flatMap((r) => r.buttons ?? []).map((b) => b.value);
  }

  get step(): string | undefined {
    return this.state?.step;
  }
}
