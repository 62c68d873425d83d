import type { Reply } from '../core/messages.ts';
import type { Entity, Language, NluResult } from '../../intents/types.ts';
import type { HandoffReason } from '../core/turn.ts';
import type { WalletApi } from '../wallet/types.ts';
import type { FlowId } from '../core/domain-ids.ts';

/** Every flow state is plain JSON with a version and an explicit step name. */
export interface FlowStateBase {
  v: number;
  step: string;
}

/** What a flow receives on each step after the start. */
export type FlowInput = { kind: 'text'; text: string; nlu: NluResult } | { kind: 'action'; value: string };

export interface FlowContext {
  wallet: WalletApi;
  /** The language to answer in this turn. */
  language: Language;
  /** The verified customer; flows with `requiresVerification` always get one. */
  customerId: string;
  conversationId: string;
  now(): Date;
  /** A fresh random idempotency key; store it in the state, then `checkpoint` before the write. */
  newIdempotencyKey(): string;
  /**
   * Persists the flow state now (before a wallet write), so a retried turn or a restart reuses the
   * same idempotency key and the write happens once.
   */
  checkpoint(state: FlowStateBase): Promise<void>;
}

export interface FlowHandoff {
  reason: HandoffReason;
  urgent?: boolean;
  /** Internal note for the agent (e.g. the freeze reason); never shown to the customer. */
  note?: string;
  linkedTransactions?: string[];
  riskFlags?: string[];
}

export interface FlowStepResult<S extends FlowStateBase = FlowStateBase> {
  state: S;
  replies: Reply[];
  /** The flow has finished; `outcome` names how (for metrics), e.g. 'reset_link_sent', 'unfrozen'. */
  done?: boolean;
  outcome?: string;
  /** Ask the engine to hand the conversation to a human. Usually together with `done`. */
  handoff?: FlowHandoff;
}

export interface Flow<S extends FlowStateBase = FlowStateBase> {
  readonly id: FlowId;
  /** Bumped when the state shape changes; the engine drops (and apologises for) states of other versions. */
  readonly version: number;
  /** The engine verifies the customer (signed in-app token, or phone/email + one-time code) before `start`. */
  readonly requiresVerification: boolean;
  /** `entities` are from the message that started the flow (transaction id, amount, date …). */
  start(ctx: FlowContext, trigger: { text?: string; entities: Entity[] }): Promise<FlowStepResult<S>>;
  step(state: S, input: FlowInput, ctx: FlowContext): Promise<FlowStepResult<S>>;
  /**
   * True when `text` answers the flow's current question in its own words ("that's not my number any more" to
   * "did you get the link?"): the engine then hands it to the flow even if the NLU reads another topic in it.
   */
  expects?(state: S, text: string): boolean;
}
