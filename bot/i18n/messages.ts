/**
 * Looks reply texts up by message id in the customer's language. The engine and the flows build their
 * replies through here, and each reply carries the id it was built from (`Reply.id`), so tests and
 * conversation scripts can say which reply came — like the actions of Rasa's test stories — without
 * matching the wording. Knowledge answers and help articles are not in the catalogue: their replies carry
 * `answer:<intent>` and `article:<articleId>`.
 */
import type { Language, Locale } from '../../intents/types.ts';
import { EN } from './en.ts';
import { formatMessage, type MessageParams } from './format-message.ts';
import { ZH_CN, type MessageId } from './zh-CN.ts';

export type { MessageId } from './zh-CN.ts';
export type { MessageParams } from './format-message.ts';

export const CATALOGS: Readonly<Record<Locale, Readonly<Record<MessageId, string>>>> = { 'zh-CN': ZH_CN, en: EN };

export function localeOf(language: Language): Locale {
  return language === 'zh' ? 'zh-CN' : 'en';
}

export function isMessageId(value: string): value is MessageId {
  return Object.hasOwn(ZH_CN, value);
}

/** The text of a message in a language, placeholders filled. */
export function text(language: Language, id: MessageId, params: MessageParams = {}): string {
  const locale = localeOf(language);
  return formatMessage(CATALOGS[locale][id], params, locale);
}

/** Sentences of one paragraph as the language writes them: run together in Chinese, a space apart in English. */
export function sentences(language: Language, parts: readonly string[]): string {
  return parts.join(language === 'zh' ? '' : ' ');
}

/** The id of a reply that is a knowledge answer (knowledge/<locale>/<intent>.md). */
export function answerId(intent: string): string {
  return `answer:${intent}`;
}

/** The id of a reply that is a help-article passage (knowledge/articles/, bot/engine/article-answer.ts). */
export function articleReplyId(articleId: string): string {
  return `article:${articleId}`;
}
