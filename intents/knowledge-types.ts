import type { Article } from './articles-load.ts';
import type { IntentId, Locale } from './types.ts';

/** How a knowledge entry hands off to a human. */
export interface HandoffPolicy {
  /** immediate: hand off as soon as the intent is recognised (human_agent); offer: answer, then offer a human. */
  mode: 'immediate' | 'offer' | 'never';
  urgent?: boolean;
}

/**
 * One `knowledge/<locale>/<intent>.md` file, validated. `Flow` is the type of the flow names the loader
 * was given (`flowIds`); the bot's view, with its FlowId, is bot/core/knowledge.ts.
 */
export interface KnowledgeEntry<Flow extends string = string> {
  id: IntentId;
  locale: Locale;
  title: string;
  examples: string[];
  tests: string[];
  flow?: Flow;
  handoff?: HandoffPolicy;
  /** The FAQ answer (Markdown body) with its `{{group.key}}` values (values.yaml) already filled in. */
  answer: string;
  /** Path relative to the knowledge directory, for error messages. */
  file: string;
  /** `console`: taught in the support console (front matter `source: console`, smaller minimums). */
  source?: 'console';
}

export interface ContactInfo {
  /** True while the values are samples, not upay's real numbers. */
  sample: boolean;
  hotline: string;
  email: string;
  hours: { 'zh-CN': string; en: string };
  social: { 'zh-CN': string; en: string };
  emailReplyHours: number;
}

export interface KnowledgeBase<Flow extends string = string> {
  readonly dir: string;
  readonly locales: readonly Locale[];
  readonly contact: ContactInfo;
  /** Every `{{group.key}}` value of values.yaml, per locale. */
  readonly values: Record<Locale, ReadonlyMap<string, string>>;
  /** The intent ids the knowledge files define (the same in every locale), core intents included. */
  readonly intents: readonly string[];
  entries(locale?: Locale): KnowledgeEntry<Flow>[];
  get(intent: IntentId, locale: Locale): KnowledgeEntry<Flow> | undefined;
  /** Help-center articles (`articles/<locale>/*.md`), values filled in; absent when built without the loader. */
  readonly articles?: readonly Article[];
}
