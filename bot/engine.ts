import { randomUUID } from 'node:crypto';
import type { IncomingEvent, Reply, ReplySink } from './core/messages.ts';
import { createHandoffCallbacks, conversationLockKey, EngineError } from './engine/callbacks.ts';
import { replyOf, type ResolvedDeps, type Turn } from './engine/context.ts';
import { loadConversation, newConversation, saveConversation, type Conversation } from './engine/conversation.ts';
import {
  awaitOrTakeOver,
  claimEvent,
  keepLease,
  recordResult,
  releaseEvent,
  type ClaimOptions,
} from './engine/dedupe.ts';
import { languageFromLocale } from './engine/language.ts';
import { buildTurnEvent } from './analytics/turn-record.ts';
import { redact as redactEntities } from '../intents/redact.ts';
import { addTranscriptLine, type Redactor } from './engine/transcript.ts';
import { articleAnswer } from './engine/article-answer.ts';
import { playTurn } from './engine/turn.ts';
import { DEFAULT_ENGINE_OPTIONS, noopMetrics, type EngineDeps } from './engine/types.ts';
import type { HandoffCallbacks, HandoffDesk } from './handoff/types.ts';
import type { Lock } from './store/types.ts';
import { text, type MessageId, type MessageParams } from './i18n/messages.ts';
import type { Language } from '../intents/types.ts';
import type { Engine, TurnResult } from './core/turn.ts';
import type { KnowledgeBase } from './core/knowledge.ts';
import type { TurnEvent } from './analytics/turn-event.ts';

export type { EngineDeps, EngineMetrics, EngineOptions } from './engine/types.ts';
export { DEFAULT_ENGINE_OPTIONS, noopMetrics } from './engine/types.ts';
export { EngineError } from './engine/callbacks.ts';

export interface AssistantEngine extends Engine, HandoffCallbacks {
  /** Late wiring: the channels (sink) and the desk are built after the engine. */
  attachSink(sink: ReplySink): void;
  attachDesk(desk: HandoffDesk): void;
  /** Answers from `kb` from the next turn on: staff taught something in the console (bot/teach/teacher.ts). */
  useKnowledge(kb: KnowledgeBase): void;
}

export interface CreateEngineDeps extends EngineDeps {
  /** Redacts stored text (transcripts, agent lines); default: intents/redact.ts. */
  redact?: Redactor;
}

/**
 * The channel-agnostic dialog engine: one turn = dedupe → conversation lock → load → relay or
 * understand → policy chain (bot/engine/policy/chain.ts) → save → replies. See docs/ARCHITECTURE.md.
 */
export function createEngine(input: CreateEngineDeps): AssistantEngine {
  const deps: ResolvedDeps = {
    ...input,
    metrics: input.metrics ?? noopMetrics,
    now: input.now ?? (() => new Date()),
    newId: input.newId ?? randomUUID,
    options: { ...DEFAULT_ENGINE_OPTIONS, ...input.options },
    redact: input.redact ?? ((text) => redactEntities(text).text),
    // Help articles answer what no intent does (bot/engine/article-answer.ts); a caller may replace the search.
    articleAnswer:
      input.articleAnswer ?? ((text, language, opts) => articleAnswer(deps.knowledge, text, language, opts)),
  };
  const callbacks = createHandoffCallbacks(deps);

  async function handle(incoming: IncomingEvent): Promise<TurnResult> {
    assertEvent(incoming);
    // One message must never stall the service: cap it before NLU, redaction and identifiers see it.
    const { event, cut } = capText(incoming, deps.options.maxMessageChars);
    const started = performance.now();
    const at = deps.now();
    const { channel, eventId, conversationId } = event;

    const fallbackLanguage = languageFromLocale(event.user?.locale) ?? 'zh';
    // The claim's owner lease: a third of the lock TTL (10 s by default), renewed while the turn
    // runs, so a retry of an event whose owner died takes it over well within duplicateWaitMs.
    const claim: ClaimOptions = {
      ttlMs: deps.options.dedupeTtlMs,
      leaseMs: Math.max(1000, Math.floor(deps.options.lockTtlMs / 3)),
      owner: randomUUID(),
      now: () => Date.now(),
    };
    let lock: Lock | null;
    try {
      if (!(await claimEvent(deps.store, conversationId, eventId, claim))) {
        const retry = await awaitOrTakeOver(deps.store, conversationId, eventId, {
          ...claim,
          waitMs: deps.options.duplicateWaitMs,
        });
        if (retry.kind === 'done') return { ...retry.result, duplicate: true };
        if (retry.kind === 'timeout') {
          const conv = await loadConversation(deps.store, conversationId, deps.logger);
          return {
            replies: [],
            intent: null,
            flow: conv?.flow?.id ?? null,
            handoff: conv?.handoff.state ?? 'none',
            duplicate: true,
          };
        }
        // 'claimed': the first attempt died (lease expired) or was released; this one runs the turn.
        deps.logger.warn({ conversationId }, 'retried event taken over from an attempt that did not finish');
      }
      lock = await deps.store.lock(conversationLockKey(conversationId), {
        ttlMs: deps.options.lockTtlMs,
        waitMs: deps.options.lockWaitMs,
      });
    } catch (error) {
      // The store is unreachable: nothing ran, so a later retry may run the turn.
      deps.logger.error({ conversationId, err: describeError(error) }, 'store unavailable before the turn');
      return { replies: [engineReply(fallbackLanguage, 'error')], intent: null, flow: null, handoff: 'none' };
    }
    if (!lock) {
      await releaseEvent(deps.store, conversationId, eventId).catch(() => undefined);
      deps.logger.warn({ conversationId }, 'conversation lock not acquired in time');
      return { replies: [engineReply(fallbackLanguage, 'busy')], intent: null, flow: null, handoff: 'none' };
    }

    const lease = keepLease(deps.store, conversationId, eventId, claim);
    let result: TurnResult;
    // What the analytics event reads once the turn is over (set as soon as the turn exists).
    let played: { turn: Turn; failed: boolean } | undefined;
    try {
      const conv =
        (await loadConversation(deps.store, conversationId, deps.logger)) ??
        newConversation(conversationId, channel, languageFromLocale(event.user.locale) ?? 'zh', at);
      const turn: Turn = { deps, event, conv, at, replies: [], intent: null };
      played = { turn, failed: false };
      try {
        await playTurn(turn);
        if (cut)
          turn.replies.unshift(
            engineReply(conv.language, 'message_too_long', { maxChars: deps.options.maxMessageChars }),
          );
        for (const reply of turn.replies) {
          addTranscriptLine(
            conv,
            { from: 'bot', text: reply.text, at: at.toISOString() },
            deps.options.transcriptLines,
          );
        }
        await saveConversation(deps.store, conv, at, deps.options.conversationTtlMs, deps.options.transcriptLines);
        result = {
          replies: turn.replies,
          intent: turn.intent,
          flow: conv.flow?.id ?? null,
          handoff: conv.handoff.state,
          ...(turn.customerLine !== undefined ? { customerText: turn.customerLine } : {}),
        };
      } catch (error) {
        deps.logger.error({ conversationId, err: describeError(error) }, 'turn failed');
        played.failed = true;
        const saved = await recoverAfterError(deps, conversationId, at);
        result = {
          replies: [engineReply(conv.language, 'error')],
          intent: turn.intent,
          flow: null,
          handoff: saved?.handoff.state ?? conv.handoff.state,
        };
      }
      await lease.stop();
      await recordResult(deps.store, conversationId, eventId, result, deps.options.dedupeTtlMs);
    } catch (error) {
      deps.logger.error({ conversationId, err: describeError(error) }, 'turn failed before it started');
      // The store failed around the turn (load, or keeping its result): the customer got the apology.
      if (played) played.failed = true;
      result = { replies: [engineReply(fallbackLanguage, 'error')], intent: null, flow: null, handoff: 'none' };
    } finally {
      await lease.stop();
      const stillHeld = await lock.release().catch(() => false);
      if (!stillHeld)
        deps.logger.warn({ conversationId }, 'conversation lock expired during the turn (turn slower than lockTtlMs)');
    }
    const ms = performance.now() - started;
    deps.metrics.turn(channel, result.intent);
    deps.metrics.turnLatency(ms, channel);
    if (deps.onTurnEvent) emitTurnEvent(deps, deps.onTurnEvent, played, result, ms);
    return result;
  }

  return {
    handle,
    ...callbacks,
    attachSink(sink) {
      deps.sink = sink;
    },
    attachDesk(desk) {
      deps.desk = desk;
    },
    useKnowledge(kb) {
      deps.knowledge = kb;
    },
  };
}

/**
 * Hands the turn's analytics event to `onTurnEvent`. Analytics never break a turn: any error is logged by class.
 * A turn that failed before it loaded (played undefined) records the error with what the event says.
 */
function emitTurnEvent(
  deps: ResolvedDeps,
  onTurnEvent: (event: TurnEvent) => void,
  played: { turn: Turn; failed: boolean } | undefined,
  result: TurnResult,
  ms: number,
): void {
  try {
    if (!played) return;
    const { turn, failed } = played;
    const { conv, event } = turn;
    const trace = turn.trace ?? {};
    onTurnEvent(
      buildTurnEvent({
        at: turn.at,
        conversationId: conv.conversationId,
        channel: event.channel,
        language: conv.language,
        input: event.input,
        ...(turn.customerLine !== undefined ? { customerLine: turn.customerLine } : {}),
        intent: turn.intent,
        ...(trace.ranking ? { ranking: trace.ranking } : {}),
        ...(trace.button !== undefined ? { button: trace.button } : {}),
        replies: result.replies,
        ...(!failed && conv.flow ? { flow: { id: conv.flow.id, step: conv.flow.state.step } } : {}),
        handoff: result.handoff,
        ...(trace.handoffReason !== undefined ? { handoffReason: trace.handoffReason } : {}),
        ...(trace.rating !== undefined ? { rating: trace.rating } : {}),
        ...(trace.helpful !== undefined ? { helpful: trace.helpful } : {}),
        ...(failed ? { error: true } : {}),
        ms,
      }),
    );
  } catch (error) {
    deps.logger.warn({ err: error instanceof Error ? error.name : typeof error }, 'turn event not recorded');
  }
}

/** A reply the engine gives around the turn (an apology, "please resend", the message cap), with its id. */
function engineReply(language: Language, id: MessageId, params: MessageParams = {}): Reply {
  return replyOf(id, text(language, id, params));
}

/** The event with its text cut to `maxChars` (never inside a surrogate pair), and whether it was cut. */
export function capText(event: IncomingEvent, maxChars: number): { event: IncomingEvent; cut: boolean } {
  if (event.input.kind !== 'text' || event.input.text.length <= maxChars) return { event, cut: false };
  let end = maxChars;
  const last = event.input.text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { event: { ...event, input: { kind: 'text', text: event.input.text.slice(0, end) } }, cut: true };
}

function assertEvent(event: IncomingEvent): void {
  const problems: string[] = [];
  if (!event || typeof event !== 'object') throw new EngineError('event_invalid', 'event must be an object');
  if (typeof event.eventId !== 'string' || !event.eventId) problems.push('eventId');
  if (typeof event.conversationId !== 'string' || !event.conversationId) problems.push('conversationId');
  if (typeof event.channel !== 'string' || !event.channel) problems.push('channel');
  if (!event.user || typeof event.user !== 'object' || typeof event.user.id !== 'string') problems.push('user.id');
  if (!event.input || typeof event.input !== 'object') problems.push('input');
  if (problems.length) throw new EngineError('event_invalid', `invalid event: missing or empty ${problems.join(', ')}`);
}

/** Error class and code only: messages can carry customer text. */
function describeError(error: unknown): { name: string; code?: string; stack?: string } {
  if (!(error instanceof Error)) return { name: typeof error };
  const code = 'code' in error ? String((error as { code: unknown }).code) : undefined;
  return {
    name: error.name,
    ...(code ? { code } : {}),
    ...(error.stack ? { stack: error.stack.split('\n').slice(1, 4).join(' | ') } : {}),
  };
}

/**
 * After an unexpected error the half-edited conversation is not saved; the stored one leaves any
 * flow or verification it was in, so the customer is not stuck repeating the failing step.
 */
async function recoverAfterError(
  deps: ResolvedDeps,
  conversationId: string,
  at: Date,
): Promise<Conversation | undefined> {
  try {
    const stored = await loadConversation(deps.store, conversationId, deps.logger);
    if (!stored) return undefined;
    if (stored.flow) deps.metrics.flowOutcome(stored.flow.id, 'error');
    stored.flow = undefined;
    stored.verification = undefined;
    await saveConversation(deps.store, stored, at, deps.options.conversationTtlMs, deps.options.transcriptLines);
    return stored;
  } catch {
    return undefined;
  }
}
