import type { Language, NluResult } from '../../intents/types.ts';
import { say, type Turn } from './context.ts';
import { cancel, isCancelText, leaveHandoff, runCommand, storeRating, type CommandName } from './commands.ts';
import { continueFlow, reaskFlow } from './flow-runner.ts';
import { agentOwns, answerTicketOffer, identityValid, requestHandoff } from './handoff.ts';
import { findCode } from './identifiers.ts';
import { languageFromLocale, messageLanguage, replyLanguage } from './language.ts';
import { flowForIntent, handleIntent, isDigression, routeInFlow, routeMessage, startFlowGuarded } from './routing.ts';
import { ACTION, entryFor, isKnownIntent, topicButtons } from './topics.ts';
import { addIntent, addTranscriptLine, isSensitiveEntity, mustWarn, redactFallback, redactForStorage, redactSpans, warnsCustomer } from './transcript.ts';
import { beginVerification, continueVerification, reaskVerification } from './verification.ts';
import { isFlowId, type FlowId } from '../core/domain-ids.ts';
import { articleFeedback, clarifiedNone } from './clarify-none.ts';

// `(\S.*|)` rather than `(.*)`: after a run of spaces the old form tried every split of it (quadratic).
export const COMMAND_TEXT = /^\/(start|help|cancel|human|lang)(?:@\w+)?(?:\s+(\S.*|))?$/iu;

/** Plays one customer event on a loaded conversation; collects replies in `turn.replies`. */
export async function playTurn(turn: Turn): Promise<void> {
  applyIdentity(turn);
  const { event, conv } = turn;
  const input = event.input;

  if (agentOwns(conv.handoff.state)) {
    await relayToAgent(turn);
    return;
  }

  const ticketReplies = await answerTicketOffer(turn);
  if (ticketReplies) {
    logCustomer(turn, input.kind === 'text' ? turn.deps.redact(input.text) : `[button] ${input.kind === 'action' ? input.value : ''}`);
    turn.replies.push(...ticketReplies);
    return;
  }

  switch (input.kind) {
    case 'start': {
      const locale = languageFromLocale(event.user.locale);
      if (locale && !conv.languagePinned && conv.transcript.length === 0 && conv.transcriptPages === 0) conv.language = locale;
      logCustomer(turn, '[start]');
      await runCommand(turn, 'start');
      return;
    }
    case 'command':
      logCustomer(turn, `/${input.name}${input.args ? ` ${input.args}` : ''}`);
      await runCommand(turn, input.name, input.args);
      return;
    case 'unsupported':
      logCustomer(turn, `[${input.what}]`);
      say(turn, 'unsupportedInput');
      return;
    case 'contact':
      logCustomer(turn, '[shared contact]');
      if (event.isGroup) {
        say(turn, 'groupChat');
        return;
      }
      if (turn.conv.verification) {
        if (!(await continueVerification(turn, { kind: 'contact', phone: input.phone }))) reaskVerification(turn, true);
      } else {
        await beginVerification(turn, undefined, { kind: 'phone', value: input.phone });
      }
      return;
    case 'action':
      await handleAction(turn, input.value);
      return;
    case 'text':
      await handleText(turn, input.text);
      return;
  }
}

/** In-app events carry a customer id proven by a signed token; anything else keeps what was verified. */
function applyIdentity(turn: Turn): void {
  const { conv, event } = turn;
  const signed = event.verifiedCustomerId;
  if (signed) {
    if (conv.identity.customerId && conv.identity.customerId !== signed) {
      conv.flow = undefined;
      conv.verification = undefined;
    }
    conv.identity = { verified: true, customerId: signed, via: 'inapp' };
    conv.verification = undefined;
    return;
  }
  if (conv.identity.via === 'inapp') conv.identity = { verified: false };
  if (conv.identity.verified && !identityValid(conv, turn.at)) conv.identity = { verified: false };
}

/** The NLU's reading of a message: on the NLU's own thread when it has one (bot/nlu-thread.ts). */
async function understand(turn: Turn, text: string): Promise<NluResult> {
  const { nlu } = turn.deps;
  return nlu.parseAsync ? nlu.parseAsync(text, { now: turn.at }) : nlu.parse(text, { now: turn.at });
}

function logCustomer(turn: Turn, text: string): void {
  turn.customerLine = text;
  addTranscriptLine(turn.conv, { from: 'customer', text, at: turn.at.toISOString() }, turn.deps.options.transcriptLines);
}

async function relayToAgent(turn: Turn): Promise<void> {
  const { conv, deps, event } = turn;
  const input = event.input;
  if (input.kind === 'command' && input.name === 'cancel') {
    await leaveHandoff(turn);
    return;
  }
  if (input.kind !== 'text') return;
  const nluEntities = (await understand(turn, input.text)).entities;
  const stored = redactForStorage(input.text, nluEntities, deps.redact);
  logCustomer(turn, stored);
  if (mustWarn(input.text, nluEntities)) say(turn, 'sensitiveWarning');
  if (deps.desk && conv.handoff.caseId) await deps.desk.relayCustomerMessage(conv.handoff.caseId, stored);
  else deps.logger.warn({ conversationId: conv.conversationId }, 'agent owns the conversation but no desk is attached; message not relayed');
}

async function handleText(turn: Turn, rawText: string): Promise<void> {
  const { deps, conv } = turn;
  const command = COMMAND_TEXT.exec(rawText.trim());
  if (command) {
    logCustomer(turn, rawText.trim());
    await runCommand(turn, (command[1] ?? 'help').toLowerCase() as CommandName, command[2]);
    return;
  }

  const nlu = await understand(turn, rawText);
  deps.metrics.nluConfidence(nlu.intent.confidence);
  const detected: Language | undefined = messageLanguage(rawText, languageFromLocale(turn.event.user.locale));
  conv.language = replyLanguage(conv, detected);

  const sensitive = mustWarn(rawText, nlu.entities);
  const isCode = conv.verification?.step === 'ask_code' && findCode(rawText) !== undefined;
  const storedText = isCode ? '[code]' : redactForStorage(rawText, nlu.entities, deps.redact);
  // Flows get the text without passwords, card or ID numbers (they may keep it in their state).
  const flowText = redactFallback(redactSpans(rawText, nlu.entities, warnsCustomer));
  logCustomer(turn, storedText);
  // Codes, phone numbers and ids alone say nothing about what the customer wants.
  if (detected) addIntent(conv, nlu.intent.name, nlu.intent.confidence, turn.at, deps.options.intentTrail);
  turn.intent = nlu.intent.name;
  if (sensitive) {
    deps.logger.warn({ conversationId: conv.conversationId }, 'sensitive data typed by the customer; redacted');
    say(turn, 'sensitiveWarning');
  }
  if (conv.handoff.state === 'queued' && deps.desk && conv.handoff.caseId) {
    await deps.desk.relayCustomerMessage(conv.handoff.caseId, storedText);
  }

  const awaiting = conv.awaitingRatingFor;
  conv.awaitingRatingFor = undefined;
  const rating = /^\s*([1-5])\s*$/u.exec(rawText);
  if (awaiting && rating) {
    await storeRating(turn, awaiting, Number(rating[1]));
    return;
  }

  if (isCancelText(rawText)) {
    await cancel(turn);
    return;
  }

  if (conv.verification) {
    if (await continueVerification(turn, { kind: 'text', text: rawText, entities: nlu.entities })) return;
    if (nlu.intent.name === 'human_agent' && !nlu.ambiguous && nlu.intent.confidence >= deps.options.digressionConfidence) {
      await requestHandoff(turn, { reason: 'customer_request' });
      return;
    }
    if (isDigression(turn, nlu)) {
      const entry = entryFor(turn, nlu.intent.name);
      if (entry) turn.replies.push({ text: entry.answer });
      reaskVerification(turn, false);
      return;
    }
    const target = nlu.ambiguous || nlu.intent.confidence < deps.options.switchConfidence ? undefined : flowForIntent(turn, nlu.intent.name);
    if (target) {
      // Another account question while verifying: verify once, then handle the newest question.
      conv.verification.pending = { id: target, text: storedText, entities: nlu.entities.filter((e) => !isSensitiveEntity(e)) };
      reaskVerification(turn, false);
      return;
    }
    if (sensitive) {
      reaskVerification(turn, false);
      return;
    }
    reaskVerification(turn, true);
    return;
  }

  if (conv.flow) {
    await routeInFlow(turn, nlu, storedText, flowText);
    return;
  }
  await routeMessage(turn, nlu, storedText);
}

async function handleAction(turn: Turn, value: string): Promise<void> {
  const { conv } = turn;
  logCustomer(turn, `[button] ${value}`);
  const awaiting = conv.awaitingRatingFor;
  conv.awaitingRatingFor = undefined;

  if (value.startsWith(ACTION.rating)) {
    const n = Number(value.slice(ACTION.rating.length));
    if (awaiting && Number.isInteger(n) && n >= 1 && n <= 5) await storeRating(turn, awaiting, n);
    else say(turn, 'staleButton', {}, topicButtons(turn));
    return;
  }
  if (value.startsWith(ACTION.cmd)) {
    const name = value.slice(ACTION.cmd.length);
    if (['start', 'help', 'cancel', 'human', 'lang'].includes(name)) {
      await runCommand(turn, name as CommandName);
      return;
    }
  }
  if (value.startsWith(ACTION.lang)) {
    await runCommand(turn, 'lang', value.slice(ACTION.lang.length));
    return;
  }
  if (value.startsWith(ACTION.verify)) {
    if (!(await continueVerification(turn, { kind: 'action', value }))) say(turn, 'staleButton', {}, topicButtons(turn));
    return;
  }
  if (value.startsWith(ACTION.flow)) {
    const flowId = value.slice(ACTION.flow.length);
    if (!isFlowId(flowId) || !turn.deps.flows[flowId]) {
      say(turn, 'staleButton', {}, topicButtons(turn));
      return;
    }
    await startFlowGuarded(turn, flowId, { entities: [] });
    return;
  }
  if (value.startsWith(ACTION.article)) {
    articleFeedback(turn, value);
    return;
  }
  if (value === ACTION.clarifyNone) {
    clarifiedNone(turn);
    return;
  }
  if (value.startsWith(ACTION.intent)) {
    const intent = value.slice(ACTION.intent.length);
    if (!isKnownIntent(turn, intent)) {
      say(turn, 'staleButton', {}, topicButtons(turn));
      return;
    }
    await chooseIntent(turn, intent);
    return;
  }
  if (conv.flow) {
    const flow = turn.deps.flows[conv.flow.id as FlowId];
    if (flow?.requiresVerification && !identityValid(conv, turn.at)) {
      const id = conv.flow.id;
      conv.flow = undefined;
      say(turn, 'verificationExpired');
      await beginVerification(turn, { id, entities: [] });
      return;
    }
    await continueFlow(turn, { kind: 'action', value });
    return;
  }
  say(turn, 'staleButton', {}, topicButtons(turn));
}

/** A topic or clarification button: like a confident message with that intent. */
async function chooseIntent(turn: Turn, intent: string): Promise<void> {
  const { conv, deps } = turn;
  conv.misunderstandings = 0;
  addIntent(conv, intent, 1, turn.at, deps.options.intentTrail);
  conv.verification = undefined;
  if (conv.flow) {
    const target = flowForIntent(turn, intent);
    if (target === conv.flow.id) {
      reaskFlow(turn);
      return;
    }
    if (target) {
      conv.flow = undefined;
      say(turn, 'flowSwitched');
      await startFlowGuarded(turn, target, { entities: [] });
      return;
    }
    if (intent !== 'human_agent') {
      const entry = entryFor(turn, intent);
      if (entry) turn.replies.push({ text: entry.answer });
      reaskFlow(turn);
      return;
    }
  }
  // A clarification button answers the message it was about (a general question gets its answer first).
  const clarifying = conv.clarifying;
  conv.clarifying = undefined;
  await handleIntent(turn, intent, { ...(clarifying !== undefined ? { text: clarifying } : {}), entities: [] });
}
