import type { Entity } from '../../intents/types.ts';

/**
 * Answer first: a how/why question about a topic that has an account flow ("付款老是失败是什么原因", "how long
 * does a refund take") gets the FAQ answer, with a button to look into the customer's own account. Identity is
 * asked only once the customer wants account-specific help (the button, or a message that is about their own
 * case: it names a transaction, an amount, a date, a phone number…). Contained support bots (Intercom Fin, Ada)
 * answer general questions without asking who the customer is; asking first costs them the answer.
 * The rule is here; the policy link that applies it is policy/general-question.ts.
 */

/** Entities that make a message about the customer's own case, not a general question. */
const CASE_ENTITIES: ReadonlySet<Entity['entity']> = new Set([
  'transaction_id',
  'amount',
  'date',
  'phone',
  'email',
  'code',
]);

// Question words. Each pattern is a plain alternation of literals (linear time).
const ZH_QUESTION =
  /怎么|怎样|如何|为什么|为啥|为何|什么原因|啥原因|多久|多长时间|几天|几个工作日|能不能|可不可以|是否|哪些|什么情况|要多少|什么时候/u;
const EN_QUESTION = /^(?:how|why|what|when|which|where|can|could|do|does|is|are|will|should)\b/iu;
// About something that happened to the customer themself ("我的付款失败了", "why did my payment fail").
const ZH_OWN_CASE = /我的|我刚|刚才|刚刚|今天|昨天|被扣|扣了我|扣款了|了[，,。！!\s]{0,3}(?:怎么办|咋办)/u;
const EN_OWN_CASE = /\bmy\b/iu;
// "how do I …", "can I …", "how long …": general even when they mention "my" ("how do I reset my password").
const EN_HOW_TO =
  /^(?:how|can|could|where|what) (?:do|can|should|would) i\b|^can i\b|^how (?:long|much|many|often)\b/iu;

/** True when the message asks how or why something works rather than reporting the customer's own case. */
export function isGeneralQuestion(text: string, entities: readonly Entity[]): boolean {
  if (entities.some((e) => CASE_ENTITIES.has(e.entity))) return false;
  const trimmed = text.trim().slice(0, 500);
  if (ZH_QUESTION.test(trimmed)) return !ZH_OWN_CASE.test(trimmed);
  if (EN_QUESTION.test(trimmed)) return EN_HOW_TO.test(trimmed) || !EN_OWN_CASE.test(trimmed);
  return false;
}
