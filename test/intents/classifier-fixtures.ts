// Training data and analyzers the classifier tests share: one small banking set, which each test widens or narrows
// (more out-of-scope phrases, more examples a label, one label fewer) to suit what it measures.
import { createAnalyzer, type Analyzer } from '../../intents/analyzer.ts';
import type { LabeledText } from '../../intents/classifier.ts';

export type Templates = Record<string, string[]>;

/** Six phrasings for each of three banking intents and for out_of_scope, in this label order. */
export const BANKING_TEMPLATES: Readonly<Templates> = {
  balance: [
    'what is my balance',
    'show my balance please',
    'how much money is in my account',
    'check balance',
    'balance left on my wallet',
    'account balance now',
  ],
  refund: [
    'i want a refund',
    'refund my order',
    'give me my money back',
    'how do i get a refund',
    'refund not received',
    'request a refund please',
  ],
  card_lost: [
    'i lost my card',
    'my card was stolen',
    'card missing',
    'cannot find my card',
    'stolen card report',
    'lost card help',
  ],
  out_of_scope: [
    'what is the weather',
    'tell me a joke',
    'who won the football game',
    'play some music',
    'capital of france',
    'recipe for pasta',
  ],
};

/** The templates with `extra` phrasings appended to the labels it names (label order kept). */
export function withExtraTexts(templates: Readonly<Templates>, extra: Templates): Templates {
  return Object.fromEntries(
    Object.entries(templates).map(([label, texts]) => [label, [...texts, ...(extra[label] ?? [])]]),
  );
}

/** The templates without `label` (label order kept). */
export function withoutLabel(templates: Readonly<Templates>, label: string): Templates {
  return Object.fromEntries(Object.entries(templates).filter(([name]) => name !== label));
}

/** One labelled example per phrasing, label by label. */
export function labeledExamples(templates: Readonly<Templates>): LabeledText[] {
  return Object.entries(templates).flatMap(([label, texts]) => texts.map((text) => ({ text, label })));
}

/** Lower-cases, then splits on every character outside `wordChars` (a character-class body, e.g. 'a-z'). */
export function lowercaseAnalyzer(wordChars = 'a-z'): Analyzer {
  const separator = new RegExp(`[^${wordChars}]+`);
  return createAnalyzer({
    normalize: (t) => t.toLowerCase(),
    tokenize: (t) => t.split(separator).filter(Boolean),
  });
}
