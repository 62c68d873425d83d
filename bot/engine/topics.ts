import type { Button, Reply } from '../core/messages.ts';
import type { KnowledgeEntry } from '../core/knowledge.ts';
import type { IntentId } from '../../intents/types.ts';
import { answerId, localeOf, type MessageId } from '../i18n/messages.ts';
import { replyOf, text, type Turn } from './context.ts';

/** Button values the engine understands. */
export const ACTION = {
  intent: 'intent:',
  cmd: 'cmd:',
  lang: 'lang:',
  rating: 'rating:',
  verify: 'verify:',
  /** Answer first: "look into my case" after a general answer starts the topic's flow. */
  flow: 'flow:',
  /** Clarification: none of the offered topics. */
  clarifyNone: 'clarify:none',
  /** "Did this help?" after a help-article answer: `article:yes:<id>` / `article:no:<id>`. */
  article: 'article:',
} as const;

const TOPICS: { intent: IntentId; label: MessageId }[] = [
  { intent: 'forgot_password', label: 'topic.forgot_password' },
  { intent: 'account_frozen', label: 'topic.account_frozen' },
  { intent: 'payment_failed', label: 'topic.payment_failed' },
  { intent: 'unrecognized_transaction', label: 'topic.unrecognized_transaction' },
  { intent: 'check_balance', label: 'topic.check_balance' },
];

export function topicButtons(turn: Turn): Button[] {
  return [
    ...TOPICS.map((topic) => ({ label: text(turn, topic.label), value: `${ACTION.intent}${topic.intent}` })),
    { label: text(turn, 'topic.human'), value: `${ACTION.cmd}human` },
  ];
}

export function humanButton(turn: Turn): Button {
  return { label: text(turn, 'button.human'), value: `${ACTION.cmd}human` };
}

/** Whether the knowledge files define this intent (button values come back from the client: never trusted). */
export function isKnownIntent(turn: Turn, value: string): value is IntentId {
  return turn.deps.knowledge.intents.includes(value);
}

/** The knowledge entry for an intent in the customer's language (falling back to the other one). */
export function entryFor(turn: Turn, intent: string): KnowledgeEntry | undefined {
  if (!isKnownIntent(turn, intent)) return undefined;
  const kb = turn.deps.knowledge;
  return kb.get(intent, localeOf(turn.conv.language)) ?? kb.get(intent, turn.conv.language === 'zh' ? 'en' : 'zh-CN');
}

/** A knowledge answer as a reply, with the id `answer:<intent>`. */
export function answerReply(entry: KnowledgeEntry, buttons?: Button[]): Reply {
  return replyOf(answerId(entry.id), entry.answer, buttons);
}

/** A short label for an intent (clarification buttons): the knowledge title. */
export function intentLabel(turn: Turn, intent: string): string {
  return entryFor(turn, intent)?.title ?? intent;
}
