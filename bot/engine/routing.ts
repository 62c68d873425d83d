import type { Entity, NluResult } from '../../intents/types.ts';
import { isFlowId, type FlowId } from '../core/domain-ids.ts';
import { say, text, type Turn } from './context.ts';
import { continueFlow, reaskFlow, startFlow } from './flow-runner.ts';
import { identityValid, requestHandoff } from './handoff.ts';
import { isGeneralQuestion } from './answer-first.ts';
import { ACTION, entryFor, humanButton, intentLabel, topicButtons } from './topics.ts';
import { warnsCustomer } from './transcript.ts';
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
/** One topic this far ahead of the next (in confidence points) is answered, never clarified. */
const FAR_AHEAD_MARGIN = 0.5;

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

/** Routes a message when no flow or verification is waiting for an answer. */
export async function routeMessage(turn: Turn, nlu: NluResult, storedText: string): Promise<void> {
  const candidates = clarifyCandidates(nlu);
  // An explicit request for a person is never clarified away ("人工客服在吗？有急事" read half as a greeting).
  if (candidates?.includes('human_agent')) {
    await requestHandoff(turn, { reason: 'customer_request' });
    return;
  }
  if (candidates) {
    turn.conv.clarifying = storedText.slice(0, 2000);
    say(turn, 'clarify', {}, [
      ...candidates.map((c) => ({ label: intentLabel(turn, c), value: `${ACTION.intent}${c}` })),
      { label: text(turn, 'clarifyNone'), value: ACTION.clarifyNone },
    ]);
    return;
  }
  if (!understood(turn, nlu)) {
    await misunderstood(turn, storedText);
    return;
  }
  turn.conv.misunderstandings = 0;
  // An unsure plain FAQ answer gives way to a help article that covers the question well (the long tail shares
  // words with intents: "app界面怎么切换成英文" is not an app crash). Flows and handoffs always go first.
  if (nlu.intent.confidence < ARTICLE_OVER_INTENT_CONFIDENCE && isPlainAnswer(turn, nlu.intent.name)) {
    const article = turn.deps.articleAnswer?.(storedText, turn.conv.language, { overIntent: true });
    if (article) {
      turn.replies.push(article);
      return;
    }
  }
  await handleIntent(turn, nlu.intent.name, { text: storedText, entities: nlu.entities });
}

/** Below this confidence a plain FAQ intent may give way to a help article (see routeMessage). */
const ARTICLE_OVER_INTENT_CONFIDENCE = 0.9;

/** An intent answered by its FAQ text alone: no flow, no handoff, not small talk or a request for a person. */
function isPlainAnswer(turn: Turn, intent: string): boolean {
  const entry = entryFor(turn, intent);
  if (!entry || entry.handoff || intent === 'human_agent' || SMALL_TALK.has(intent)) return false;
  return flowForIntent(turn, intent) === undefined;
}

/**
 * Out of scope or unsure: a help article when one answers the message (redacted); otherwise say what the
 * assistant can do, and the second time in a row, get a person.
 */
export async function misunderstood(turn: Turn, message?: string): Promise<void> {
  const article = message ? turn.deps.articleAnswer?.(message, turn.conv.language) : undefined;
  if (article) {
    turn.conv.misunderstandings = 0;
    turn.replies.push(article);
    return;
  }
  turn.conv.misunderstandings += 1;
  if (turn.conv.misunderstandings >= 2) {
    turn.conv.misunderstandings = 0;
    say(turn, 'handoffRepeatedMisunderstanding');
    await requestHandoff(turn, { reason: 'repeated_misunderstanding' });
    return;
  }
  const fallback = entryFor(turn, 'out_of_scope');
  turn.replies.push({ text: fallback?.answer ?? text(turn, 'fallback'), buttons: topicButtons(turn) });
}

/** Acts on a known intent: human request, flow (with verification), or the FAQ answer. */
export async function handleIntent(turn: Turn, intent: string, trigger: { text?: string; entities: Entity[] }): Promise<void> {
  const entry = entryFor(turn, intent);
  if (intent === 'human_agent' || entry?.handoff?.mode === 'immediate') {
    if (entry && intent !== 'human_agent') turn.replies.push({ text: entry.answer });
    // A take-over is fraud: an agent locks the account at once (the attacker may have changed the phone or e-mail
    // that verification would use); a complaint has its own queue reason.
    const reason = intent === 'complaint' ? 'complaint' : intent === 'account_takeover' ? 'fraud' : 'customer_request';
    await requestHandoff(turn, { reason, ...(entry?.handoff?.urgent ? { urgent: true } : {}) });
    return;
  }
  const flowId = flowForIntent(turn, intent);
  if (flowId && entry && isGeneralQuestion(trigger.text ?? '', trigger.entities)) {
    // Answer first; the customer's own case only when they ask for it (then identity if the flow needs it).
    const label = flowId === 'forgot_password' ? 'buttonSendResetLink' : 'buttonLookIntoMyCase';
    const buttons = [{ label: text(turn, label), value: `${ACTION.flow}${flowId}` }];
    if (entry.handoff?.mode === 'offer') buttons.push(humanButton(turn));
    turn.replies.push({ text: entry.answer, buttons });
    return;
  }
  if (flowId) {
    await startFlowGuarded(turn, flowId, trigger);
    return;
  }
  if (entry) {
    turn.replies.push(entry.handoff?.mode === 'offer' ? { text: entry.answer, buttons: [humanButton(turn)] } : { text: entry.answer });
    return;
  }
  await misunderstood(turn);
}

/** Starts a flow, first refusing group chats and verifying anonymous customers when it needs it. */
export async function startFlowGuarded(turn: Turn, flowId: FlowId, trigger: { text?: string; entities: Entity[] }): Promise<void> {
  const flow = turn.deps.flows[flowId];
  if (!flow) return;
  const safeEntities = trigger.entities.filter((e) => e.sensitive !== true && e.entity !== 'password' && e.entity !== 'card_number' && e.entity !== 'id_card');
  if (flow.requiresVerification) {
    if (turn.event.isGroup) {
      say(turn, 'groupChat');
      return;
    }
    if (!identityValid(turn.conv, turn.at)) {
      turn.conv.flow = undefined;
      await beginVerification(turn, { id: flowId, ...(trigger.text !== undefined ? { text: trigger.text } : {}), entities: safeEntities });
      return;
    }
  }
  await startFlow(turn, flow, { ...(trigger.text !== undefined ? { text: trigger.text } : {}), entities: safeEntities });
}

/** True when a message in a flow is a question for the FAQ rather than an answer to the flow. */
export function isDigression(turn: Turn, nlu: NluResult): boolean {
  const intent = nlu.intent.name;
  if (nlu.ambiguous || nlu.intent.confidence < turn.deps.options.digressionConfidence) return false;
  if (intent === 'out_of_scope' || intent === 'human_agent' || SMALL_TALK.has(intent)) return false;
  if (flowForIntent(turn, intent)) return false;
  if (nlu.entities.some((e) => ['transaction_id', 'amount', 'phone', 'email', 'code', 'date'].includes(e.entity))) return false;
  return entryFor(turn, intent) !== undefined;
}

/** A message in a flow that clearly asks for another flow. */
export function switchTarget(turn: Turn, nlu: NluResult): FlowId | undefined {
  if (nlu.ambiguous || nlu.intent.confidence < turn.deps.options.switchConfidence) return undefined;
  const target = flowForIntent(turn, nlu.intent.name);
  return target && target !== turn.conv.flow?.id ? target : undefined;
}

/** A text message while a flow is active: cancel, human, switch, digression or the flow's answer. */
export async function routeInFlow(turn: Turn, nlu: NluResult, storedText: string, flowText: string): Promise<void> {
  const { conv } = turn;
  const slot = conv.flow;
  if (!slot) return;
  const flow = turn.deps.flows[slot.id as FlowId];
  if (flow?.requiresVerification && !identityValid(conv, turn.at)) {
    conv.flow = undefined;
    say(turn, 'verificationExpired');
    await beginVerification(turn, { id: slot.id, entities: [] });
    return;
  }
  if (nlu.intent.name === 'human_agent' && nlu.intent.confidence >= turn.deps.options.digressionConfidence && !nlu.ambiguous) {
    await requestHandoff(turn, { reason: 'customer_request' });
    return;
  }
  // The flow's own answer words come before any topic the NLU reads in them (a larger catalogue reads more).
  if (flow?.expects?.(slot.state as never, flowText)) {
    await continueFlow(turn, { kind: 'text', text: flowText, nlu: { ...nlu, text: flowText, entities: nlu.entities.filter((e) => !warnsCustomer(e)) } });
    return;
  }
  const target = switchTarget(turn, nlu);
  if (target) {
    conv.flow = undefined;
    say(turn, 'flowSwitched');
    await startFlowGuarded(turn, target, { text: storedText, entities: nlu.entities });
    return;
  }
  if (isDigression(turn, nlu)) {
    const entry = entryFor(turn, nlu.intent.name);
    if (entry) turn.replies.push({ text: entry.answer });
    reaskFlow(turn);
    return;
  }
  await continueFlow(turn, {
    kind: 'text',
    text: flowText,
    nlu: { ...nlu, text: flowText, entities: nlu.entities.filter((e) => !warnsCustomer(e)) },
  });
}
