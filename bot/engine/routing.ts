/**
 * The routing rules the dialogue policy (policy/chain.ts) reads: which flow an intent starts, when a message is
 * unclear, understood, a digression or a switch to another flow; and starting a flow behind its guards.
 */
import type { Entity, NluResult } from '../../intents/types.ts';
import { isFlowId, type FlowId } from '../core/domain-ids.ts';
import { say, type Turn } from './context.ts';
import { startFlow } from './flow-runner.ts';
import { identityValid } from './handoff.ts';
import { entryFor } from './topics.ts';
import { beginVerification } from './verification.ts';

/** Intents that are conversation manners, answered from knowledge but never digressions. */
const SMALL_TALK = new Set(['greeting', 'thanks', 'goodbye']);

/** The flow an intent starts, from its knowledge entry or by the same name. */
export function flowForIntent(turn: Turn, intent: string): FlowId | undefined {
  const fromEntry = entryFor(turn, intent)?.flow;
  const id = fromEntry ?? (isFlowId(intent) ? intent : undefined);
  return id && turn.deps.flows[id] ? id : undefined;
}

/** A clarification offers a third topic only when it is this close to the first. */
const THIRD_CANDIDATE_SHARE = 0.6;
/**
 * One topic this far ahead of the next (in confidence points) is answered, never clarified. Calibrated on the
 * knowledge files' held-out tests (not the containment set): of the tests the NLU marks ambiguous, those answered at
 * a 0.35 margin were wrong 3 % of the time (1 of 32), at 0.3 6 %, at 0.25 9 % (docs/nlu-experiments.md).
 */
const FAR_AHEAD_MARGIN = 0.35;

/** The two or three real intents the NLU could not choose between; none when one is far ahead. */
export function clarifyCandidates(nlu: NluResult): string[] | undefined {
  if (!nlu.ambiguous) return undefined;
  const ranked = nlu.intent_ranking.filter((i) => i.name !== 'out_of_scope').slice(0, 3);
  const [first, second, third] = ranked;
  if (!first || !second || first.name === second.name) return undefined;
  if (first.confidence - second.confidence >= FAR_AHEAD_MARGIN) return undefined;
  const names = [first.name, second.name];
  if (third && third.confidence >= THIRD_CANDIDATE_SHARE * first.confidence) names.push(third.name);
  return names;
}

export function understood(turn: Turn, nlu: NluResult): boolean {
  return nlu.intent.name !== 'out_of_scope' && nlu.intent.confidence >= turn.deps.options.minConfidence;
}

/** An intent answered by its FAQ text alone: no flow, no handoff, not small talk or a request for a person. */
export function isPlainAnswer(turn: Turn, intent: string): boolean {
  const entry = entryFor(turn, intent);
  if (!entry || entry.handoff || intent === 'human_agent' || SMALL_TALK.has(intent)) return false;
  return flowForIntent(turn, intent) === undefined;
}

/** Starts a flow, first refusing group chats and verifying anonymous customers when it needs it. */
export async function startFlowGuarded(
  turn: Turn,
  flowId: FlowId,
  trigger: { text?: string; entities: Entity[] },
): Promise<void> {
  const flow = turn.deps.flows[flowId];
  if (!flow) return;
  const safeEntities = trigger.entities.filter(
    (e) => e.sensitive !== true && e.entity !== 'password' && e.entity !== 'card_number' && e.entity !== 'id_card',
  );
  if (flow.requiresVerification) {
    if (turn.event.isGroup) {
      say(turn, 'group_chat');
      return;
    }
    if (!identityValid(turn.conv, turn.at)) {
      turn.conv.flow = undefined;
      await beginVerification(turn, {
        id: flowId,
        ...(trigger.text !== undefined ? { text: trigger.text } : {}),
        entities: safeEntities,
      });
      return;
    }
  }
  await startFlow(turn, flow, {
    ...(trigger.text !== undefined ? { text: trigger.text } : {}),
    entities: safeEntities,
  });
}

/** True when a message in a flow is a question for the FAQ rather than an answer to the flow. */
export function isDigression(turn: Turn, nlu: NluResult): boolean {
  const intent = nlu.intent.name;
  if (nlu.ambiguous || nlu.intent.confidence < turn.deps.options.digressionConfidence) return false;
  if (intent === 'out_of_scope' || intent === 'human_agent' || SMALL_TALK.has(intent)) return false;
  if (flowForIntent(turn, intent)) return false;
  if (nlu.entities.some((e) => ['transaction_id', 'amount', 'phone', 'email', 'code', 'date'].includes(e.entity)))
    return false;
  return entryFor(turn, intent) !== undefined;
}

/** A message in a flow that clearly asks for another flow. */
export function switchTarget(turn: Turn, nlu: NluResult): FlowId | undefined {
  if (nlu.ambiguous || nlu.intent.confidence < turn.deps.options.switchConfidence) return undefined;
  const target = flowForIntent(turn, nlu.intent.name);
  return target && target !== turn.conv.flow?.id ? target : undefined;
}
