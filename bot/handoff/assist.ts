import type { KnowledgeBase } from '../core/knowledge.ts';
import { localeOf } from '../i18n/messages.ts';
import type { Nlu } from '../../intents/types.ts';
import type { Suggestion } from './transport.ts';

/** Intents whose knowledge answer is no use to an agent who already has the customer. */
const NOT_SUGGESTED: ReadonlySet<string> = new Set(['human_agent', 'out_of_scope', 'greeting', 'goodbye', 'thanks']);

export interface AssistOptions {
  /** Below this NLU confidence nothing is suggested. Default 0.5. */
  minConfidence: number;
}

/**
 * Agent assist: the FAQ answer the bot would give to a customer message, in the case language,
 * for the agent to send as is.
 */
export function createAgentAssist(nlu: Nlu, knowledge: KnowledgeBase, options: Partial<AssistOptions> = {}) {
  const minConfidence = options.minConfidence ?? 0.5;

  function answerFor(intent: string, locale: 'zh-CN' | 'en'): string | undefined {
    return knowledge.get(intent, locale)?.answer;
  }

  function suggest(text: string, language: 'zh' | 'en'): Suggestion | undefined {
    if (!text.trim()) return undefined;
    const result = nlu.parse(text);
    const { name, confidence } = result.intent;
    if (NOT_SUGGESTED.has(name) || confidence < minConfidence) return undefined;
    const locale = localeOf(language);
    const answer = answerFor(name, locale);
    if (!answer) return undefined;
    return { intent: name, confidence, locale, answer };
  }

  return { suggest, answerFor };
}

export type AgentAssist = ReturnType<typeof createAgentAssist>;
