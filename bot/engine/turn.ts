/**
 * One turn on a loaded conversation (bot/engine.ts deduplicates, locks, loads and saves around it): identity,
 * the agent's relay or the ticket offer when they own the message, then the input: a typed message is understood
 * (NLU, language, redaction, transcript) and goes through the dialogue policy (policy/chain.ts), a button through
 * the button policy; commands, contacts and the rest are answered here.
 */
import type { Language, NluResult } from '../../intents/types.ts';
import { buttonForEvent } from '../analytics/turn-record.ts';
import { say, traceOf, type Turn } from './context.ts';
import { leaveHandoff, runCommand, type CommandName } from './commands.ts';
import { agentOwns, answerTicketOffer, identityValid } from './handoff.ts';
import { findCode } from './identifiers.ts';
import { languageFromLocale, messageLanguage, replyLanguage } from './language.ts';
import { BUTTON_POLICY, TEXT_POLICY } from './policy/chain.ts';
import { runChain, type TextMessage } from './policy/link.ts';
import {
  addIntent,
  addTranscriptLine,
  mustWarn,
  redactFallback,
  redactForStorage,
  redactSpans,
  warnsCustomer,
} from './transcript.ts';
import { beginVerification, continueVerification, reaskVerification } from './verification.ts';

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

  if (input.kind === 'action') traceOf(turn).button = buttonForEvent(input.value);
  const ticketReplies = await answerTicketOffer(turn);
  if (ticketReplies) {
    logCustomer(
      turn,
      input.kind === 'text' ? turn.deps.redact(input.text) : `[button] ${input.kind === 'action' ? input.value : ''}`,
    );
    turn.replies.push(...ticketReplies);
    return;
  }

  switch (input.kind) {
    case 'start': {
      const locale = languageFromLocale(event.user.locale);
      if (locale && !conv.languagePinned && conv.transcript.length === 0 && conv.transcriptPages === 0)
        conv.language = locale;
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
      say(turn, 'unsupported_input');
      return;
    case 'contact':
      logCustomer(turn, '[shared contact]');
      if (event.isGroup) {
        say(turn, 'group_chat');
        return;
      }
      if (turn.conv.verification) {
        if (!(await continueVerification(turn, { kind: 'contact', phone: input.phone }))) reaskVerification(turn, true);
      } else {
        await beginVerification(turn, undefined, { kind: 'phone', value: input.phone });
      }
      return;
    case 'action':
      logCustomer(turn, `[button] ${input.value}`);
      await runChain(BUTTON_POLICY, turn, { value: input.value });
      return;
    case 'text': {
      const command = COMMAND_TEXT.exec(input.text.trim());
      if (command) {
        logCustomer(turn, input.text.trim());
        await runCommand(turn, (command[1] ?? 'help').toLowerCase() as CommandName, command[2]);
        return;
      }
      await runChain(TEXT_POLICY, turn, await readText(turn, input.text));
      return;
    }
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

/** The NLU's reading of a message: on the NLU's own thread when it has one (bot/threads/nlu-thread.ts). */
async function understand(turn: Turn, text: string): Promise<NluResult> {
  const { nlu } = turn.deps;
  return nlu.parseAsync ? nlu.parseAsync(text, { now: turn.at }) : nlu.parse(text, { now: turn.at });
}

function logCustomer(turn: Turn, text: string): void {
  turn.customerLine = text;
  addTranscriptLine(
    turn.conv,
    { from: 'customer', text, at: turn.at.toISOString() },
    turn.deps.options.transcriptLines,
  );
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
  if (mustWarn(input.text, nluEntities)) say(turn, 'sensitive_warning');
  if (deps.desk && conv.handoff.caseId) await deps.desk.relayCustomerMessage(conv.handoff.caseId, stored);
  else
    deps.logger.warn(
      { conversationId: conv.conversationId },
      'agent owns the conversation but no desk is attached; message not relayed',
    );
}

/**
 * Understands a typed message and logs it: the NLU's reading, the reply language (it follows the message unless
 * pinned; codes, phone numbers and ids alone keep it), the intent trail, and the text as stored (redacted).
 */
async function readText(turn: Turn, rawText: string): Promise<TextMessage> {
  const { deps, conv } = turn;
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
  traceOf(turn).ranking = rankingOf(nlu);
  return { raw: rawText, nlu, storedText, flowText, sensitive };
}

/** The top three intents, best first (the NLU's ranking may leave out its top intent, e.g. when out of scope). */
function rankingOf(nlu: NluResult): { intent: string; confidence: number }[] {
  const ranking = [{ intent: nlu.intent.name, confidence: nlu.intent.confidence }];
  for (const r of nlu.intent_ranking) {
    if (ranking.length >= 3) break;
    if (r.name !== nlu.intent.name) ranking.push({ intent: r.name, confidence: r.confidence });
  }
  return ranking;
}
