/**
 * What a first turn did (from its TurnResult), and whether that is what the question set expected.
 * Pure functions: the bench feeds them real turns, the set's test feeds them hand-made ones.
 */
import type { TurnResult } from '../../bot/core/turn.ts';
import type { Expectation } from './questions.ts';

/** How the assistant dealt with the message. */
export type Outcome =
  | { kind: 'handoff'; intent: string | null }
  | { kind: 'article'; id: string }
  | { kind: 'declined' }
  | { kind: 'clarified'; candidates: string[] }
  | { kind: 'answered'; intent: string | null; flow: string | null };

/**
 * Scored against the expectation: right (on topic, right article, handed off or declined as expected),
 * wrong (an answer on another topic, a wrong article, an answer where a person or a refusal was due),
 * or missed (no wrong answer given, but not the expected outcome either: a fallback or clarification on
 * a question the bot should answer, a handoff that was not asked for, an answer on the same subject where
 * a person was due).
 */
export type Verdict = 'right' | 'wrong' | 'missed';

/** What the classifier needs to know about the running assistant's texts and flows. */
export interface ClassifyContext {
  /** Whole reply texts that mean "not understood": the out_of_scope answers and the engine's fallback line. */
  fallbackTexts: ReadonlySet<string>;
  /** Reply openings that mean "which one did you mean?". */
  clarifyPrefixes: readonly string[];
  /** The flow an intent starts (knowledge `flow` field or a flow of the same name). */
  flowOf(intent: string): string | undefined;
}

/**
 * Intents whose answer, given where a person was due, is on the same subject (the customer is told how to
 * reach a person or how to secure the account) — a missed handoff, not a wrong answer.
 */
export const HANDOFF_RELATED_INTENTS: ReadonlySet<string> = new Set([
  'human_agent',
  'contact_support',
  'complaint',
  'account_takeover',
  'lost_phone',
  'security',
  'unrecognized_transaction',
  'account_frozen',
  'service_hours',
]);

const ARTICLE_YES = /^article:yes:(.+)$/;
/** "Did this help? → yes" buttons: the article one, and the shapes a generic answer-feedback button may take. */
const HELPFUL_YES = /^(?:article|answer|helpful|feedback):yes(?::|$)/;

export function helpfulYesButton(result: TurnResult): string | undefined {
  for (const reply of result.replies)
    for (const b of reply.buttons ?? []) if (HELPFUL_YES.test(b.value)) return b.value;
  return undefined;
}

export function classifyTurn(result: TurnResult, ctx: ClassifyContext): Outcome {
  if (result.handoff !== 'none') return { kind: 'handoff', intent: result.intent };
  const buttons = result.replies.flatMap((r) => r.buttons ?? []);
  for (const b of buttons) {
    const article = ARTICLE_YES.exec(b.value);
    if (article?.[1]) return { kind: 'article', id: article[1] };
  }
  const texts = result.replies.map((r) => r.text.trim());
  if (result.intent === 'out_of_scope' || texts.some((t) => ctx.fallbackTexts.has(t))) return { kind: 'declined' };
  const intentButtons = buttons
    .filter((b) => b.value.startsWith('intent:'))
    .map((b) => b.value.slice('intent:'.length));
  if (texts.some((t) => ctx.clarifyPrefixes.some((p) => t.startsWith(p))))
    return { kind: 'clarified', candidates: intentButtons };
  return { kind: 'answered', intent: result.intent, flow: result.flow };
}

export function judge(expect: Expectation, outcome: Outcome, ctx: Pick<ClassifyContext, 'flowOf'>): Verdict {
  switch (expect.kind) {
    case 'answer': {
      const onTopic = (intent: string | null, flow: string | null): boolean =>
        (intent !== null && expect.intents.includes(intent)) ||
        (flow !== null && expect.intents.some((i) => ctx.flowOf(i) === flow));
      if (outcome.kind === 'answered') return onTopic(outcome.intent, outcome.flow) ? 'right' : 'wrong';
      // The intent's own handling may involve a person (a fraud lock that escalates): still on topic.
      if (outcome.kind === 'handoff' && onTopic(outcome.intent, null)) return 'right';
      // An article on a question an intent should answer may well be on topic: not counted right, not wrong.
      return 'missed';
    }
    case 'article':
      if (outcome.kind === 'article')
        return expect.ids.includes('any') || expect.ids.includes(outcome.id) ? 'right' : 'wrong';
      // The long tail is what no intent covers: an intent's answer there answers something else.
      return outcome.kind === 'answered' ? 'wrong' : 'missed';
    case 'handoff':
      if (outcome.kind === 'handoff') return 'right';
      if (outcome.kind === 'article') return 'wrong';
      if (outcome.kind === 'answered')
        return outcome.intent !== null && HANDOFF_RELATED_INTENTS.has(outcome.intent) ? 'missed' : 'wrong';
      return 'missed';
    case 'decline':
      if (outcome.kind === 'declined') return 'right';
      return outcome.kind === 'answered' || outcome.kind === 'article' ? 'wrong' : 'missed';
  }
}

export function describeOutcome(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'handoff':
      return `handed off${outcome.intent ? ` (intent ${outcome.intent})` : ''}`;
    case 'article':
      return `article ${outcome.id}`;
    case 'declined':
      return 'fallback';
    case 'clarified':
      return `clarified ${outcome.candidates.join(' / ') || '(no candidates)'}`;
    case 'answered':
      return `answered ${outcome.intent ?? '?'}${outcome.flow ? ` (flow ${outcome.flow})` : ''}`;
  }
}
