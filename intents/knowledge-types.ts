import type { FlowId } from '../bot/flows/ids.ts';
import type { Article } from './articles-load.ts';
import type { IntentId, Locale } from './types.ts';

/** How a knowledge entry hands off to a human. */
export interface HandoffPolicy {
  /** immediate: hand off as soon as the intent is recognised (human_agent); offer: answer, then offer a human. */
  mode: 'immediate' | 'offer' | 'never';
  urgent?: boolean;
}

/** One `knowledge/<locale>/<intent>.md` file, validated. */
export interface KnowledgeEntry {
  id: IntentId;
  locale: Locale;
  title: string;
  examples: string[];
  tests: string[];
  flow?: FlowId;
  handoff?: HandoffPolicy;
  /** The FAQ answer (Markdown body) with its `{{group.key}}` values (values.yaml) already filled in. */
  answer: string;
  /** Path relative to the knowledge directory, for error messages. */
  file: string;
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

export interface KnowledgeBase {
  readonly dir: string;
  readonly locales: readonly Locale[];
  readonly contact: ContactInfo;
  /** Every `{{group.key}}` value of values.yaml, per locale. */
  readonly values: Record<Locale, ReadonlyMap<string, string>>;
  /** The intent ids the knowledge files define (the same in every locale), core intents included. */
  readonly intents: readonly string[];
  entries(locale?: Locale): KnowledgeEntry[];
  get(intent: IntentId, locale: Locale): KnowledgeEntry | undefined;
  /** Help-center articles (`articles/<locale>/*.md`), values filled in; absent when built without the loader. */
  readonly articles?: readonly Article[];
}
