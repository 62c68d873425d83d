/**
 * The dialogue policy, in order. Each link answers the message or passes it on (link.ts); the first that answers
 * ends the turn's policy. Where a link sits is part of what it means: read the comment beside it before moving
 * it. A new behaviour is a new link placed here, with its file and its test (test/engine/policy/).
 */
import { actOnIntent } from './act-on-intent.ts';
import { articleFeedback } from './article-feedback.ts';
import { articleOverIntent } from './article-over-intent.ts';
import { cancelWords } from './cancel-words.ts';
import { clarify } from './clarify.ts';
import { clarifyNone } from './clarify-none.ts';
import { commandButton, languageButton } from './command-button.ts';
import { digression } from './digression.ts';
import { faqAnswer } from './faq-answer.ts';
import { flowAnswer, flowButtonAnswer } from './flow-answer.ts';
import { flowButton } from './flow-button.ts';
import { flowExpectedAnswer } from './flow-expected-answer.ts';
import { flowButtonIdentityExpired, flowIdentityExpired } from './flow-identity-expired.ts';
import { flowSwitch } from './flow-switch.ts';
import { generalQuestion } from './general-question.ts';
import { humanRequest } from './human-request.ts';
import { immediateHandoff } from './immediate-handoff.ts';
import { intentButton } from './intent-button.ts';
import { intentFlow } from './intent-flow.ts';
import type { ButtonMessage, IntentMessage, PolicyLink, TextMessage } from './link.ts';
import { notUnderstood } from './not-understood.ts';
import { pendingAccountQuestion } from './pending-account-question.ts';
import { queuedRelay } from './queued-relay.ts';
import { ratingButton, ratingText } from './rating.ts';
import { sensitiveWarning } from './sensitive-warning.ts';
import { staleButton } from './stale-button.ts';
import { unknownIntent } from './unknown-intent.ts';
import { verificationAnswer } from './verification-answer.ts';
import { verificationButton } from './verification-button.ts';
import { verificationReask } from './verification-reask.ts';

/** What to do with a topic: an understood message with nothing under way, or a topic / clarification button. */
export const INTENT_POLICY: readonly PolicyLink<IntentMessage>[] = [
  immediateHandoff, // a person, a complaint or a take-over never waits behind a flow or an answer
  generalQuestion, // a how/why question about a flow topic is answered before the flow would ask for identity
  intentFlow, // otherwise a flow topic starts its flow (verifying first when needed)
  faqAnswer, // a topic without a flow is answered from its knowledge entry
  unknownIntent, // last: a topic with no entry in this language still gets the fallback
];

/** A typed message, understood, redacted and logged (bot/engine/turn.ts). */
export const TEXT_POLICY: readonly PolicyLink<TextMessage>[] = [
  sensitiveWarning, // first: the warning comes before whatever answers the message; passes on
  queuedRelay, // the queued case gets every message, whatever the bot answers; passes on
  ratingText, // the rating question is answered by the next message or forgotten, before it is read as a topic
  cancelWords, // "取消" leaves whatever is under way before anything reads it as an answer
  verificationAnswer, // verifying: a phone, e-mail or code is the answer to the question asked
  flowIdentityExpired, // in a flow: an expired verification is redone before the flow reads account answers
  humanRequest, // mid-way: a clear request for a person beats reading the message as an answer
  flowExpectedAnswer, // in a flow: the flow's own answer words beat topics the NLU reads into them
  flowSwitch, // in a flow: a clear request for another flow (never a digression: that has no flow)
  digression, // mid-way: a FAQ question is answered, then the pending question re-asked
  pendingAccountQuestion, // verifying: another account question waits for the verification (never a digression)
  verificationReask, // verifying: anything else re-asks; verification ends here
  flowAnswer, // in a flow: anything else answers the flow; flows end here
  clarify, // nothing under way from here: an ambiguous message is asked about (a person among the choices: handoff)
  notUnderstood, // a message the NLU did not understand gets an article or the fallback, not a guessed topic
  articleOverIntent, // an unsure plain FAQ answer gives way to a help article that covers the question well
  actOnIntent(INTENT_POLICY), // last: the understood topic is acted on (INTENT_POLICY)
];

/** A pressed button (its value, logged by turn.ts). Values the engine owns come first; the rest belong to the flow. */
export const BUTTON_POLICY: readonly PolicyLink<ButtonMessage>[] = [
  ratingButton, // first: any button forgets the rating question; a rating button answers it (or is stale)
  commandButton, // cmd:<name> is a command; an unknown name passes on
  languageButton, // lang:<choice> is /lang <choice>
  verificationButton, // verify:resend|other belongs to verification (stale once it is over)
  flowButton, // flow:<id>, "look into my case" after a general answer
  articleFeedback, // article:yes|no:<id>, "did this help?"
  clarifyNone, // clarify:none, "neither" after a clarification
  intentButton(INTENT_POLICY), // intent:<id>, a topic or clarification choice
  flowButtonIdentityExpired, // a flow's own button: an expired verification is redone first
  flowButtonAnswer, // a flow's own button answers the flow
  staleButton, // last: a button nothing owns any more
];
