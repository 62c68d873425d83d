/**
 * The containment figures per language and the Markdown report (bench/results/containment.md).
 */
import { describeOutcome, type Outcome, type Verdict } from './classify.ts';
import { describeExpectation, LANGS, type Question, type QuestionLang } from './questions.ts';

/** One question played as the first message of a fresh conversation. */
export interface Played {
  question: Question;
  outcome: Outcome;
  verdict: Verdict;
  /** The reply offered a "did this help? → yes" button. */
  helpfulOffered: boolean;
  /** That button was pressed and the assistant took it (no error, no handoff). */
  confirmed: boolean;
  /** The NLU's own top intent and confidence, to explain misses. */
  nlu: { intent: string; confidence: number };
}

export const TARGETS = { onTopic: 0.9, wrong: 0.05, personHandoff: 1 } as const;

interface Ratio {
  hits: number;
  of: number;
}

export interface Figures {
  n: number;
  onTopic: Ratio;
  /** On-topic answers whose "did this help?" yes was pressed and taken, over the same denominator as onTopic. */
  confirmed: Ratio;
  helpfulOffered: number;
  wrong: Ratio;
  handoff: Ratio;
  personHandoff: Ratio;
  decline: Ratio;
  outcomes: Record<
    | 'onTopicIntent'
    | 'onTopicArticle'
    | 'wrong'
    | 'handoff'
    | 'declined'
    | 'clarified'
    | 'otherAnswer'
    | 'otherArticle',
    number
  >;
}

export function figuresOf(rows: readonly Played[]): Figures {
  const count = (pred: (r: Played) => boolean): number => rows.filter(pred).length;
  const selfService = rows.filter((r) => r.question.expect.kind === 'answer' || r.question.expect.kind === 'article');
  const handoffs = rows.filter((r) => r.question.expect.kind === 'handoff');
  const person = handoffs.filter((r) => r.question.expect.kind === 'handoff' && r.question.expect.reason === 'person');
  const declines = rows.filter((r) => r.question.expect.kind === 'decline');
  const right = (list: Played[]): number => list.filter((r) => r.verdict === 'right').length;
  const rightSelf = selfService.filter((r) => r.verdict === 'right');
  return {
    n: rows.length,
    onTopic: { hits: rightSelf.length, of: selfService.length },
    confirmed: { hits: rightSelf.filter((r) => r.confirmed).length, of: selfService.length },
    helpfulOffered: rightSelf.filter((r) => r.helpfulOffered).length,
    wrong: { hits: count((r) => r.verdict === 'wrong'), of: rows.length },
    handoff: { hits: right(handoffs), of: handoffs.length },
    personHandoff: { hits: right(person), of: person.length },
    decline: { hits: right(declines), of: declines.length },
    outcomes: {
      onTopicIntent: count((r) => r.verdict === 'right' && r.question.expect.kind === 'answer'),
      onTopicArticle: count((r) => r.verdict === 'right' && r.question.expect.kind === 'article'),
      wrong: count((r) => r.verdict === 'wrong'),
      handoff: count((r) => r.outcome.kind === 'handoff'),
      declined: count((r) => r.outcome.kind === 'declined'),
      clarified: count((r) => r.outcome.kind === 'clarified'),
      otherAnswer: count((r) => r.verdict !== 'right' && r.verdict !== 'wrong' && r.outcome.kind === 'answered'),
      otherArticle: count((r) => r.verdict === 'missed' && r.outcome.kind === 'article'),
    },
  };
}

function rate(r: Ratio): string {
  return r.of === 0 ? '—' : `${(r.hits / r.of).toFixed(2)} (${r.hits}/${r.of})`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

const GROUPS: readonly (QuestionLang | 'all')[] = [...LANGS, 'all'];

/**
 * @param knownIntents the intents the assistant ran with: questions expecting only others are marked, so a
 * low figure while intents are still being written reads as such.
 */
export function renderReport(rows: readonly Played[], header: string[], knownIntents: readonly string[]): string {
  const known = new Set(knownIntents);
  const pending = (r: Played): boolean =>
    r.question.expect.kind === 'answer' && !r.question.expect.intents.some((i) => known.has(i));
  const pendingIds = [
    ...new Set(
      rows.filter(pending).flatMap((r) => (r.question.expect.kind === 'answer' ? r.question.expect.intents : [])),
    ),
  ]
    .filter((i) => !known.has(i))
    .sort();
  const byGroup = GROUPS.map((g) => ({
    group: g,
    f: figuresOf(g === 'all' ? rows : rows.filter((r) => r.question.lang === g)),
  }));
  const all = figuresOf(rows);
  const met = (ok: boolean): string => (ok ? 'met' : '**not met**');
  const lines = [
    '# Containment benchmark (`npm run bench:containment`)',
    '',
    ...header,
    ...(pendingIds.length > 0
      ? [
          '',
          `${rows.filter(pending).length} of the ${rows.length} questions expect an intent that knowledge/ does not define yet (marked † below): ${pendingIds.join(', ')}.`,
        ]
      : []),
    '',
    '| lang | n | on-topic self-service | confirmed after "helpful" | wrong answers | handoff recall | explicit "a person" handed off | decline accuracy |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...byGroup.map(
      ({ group, f }) =>
        `| ${group} | ${f.n} | ${rate(f.onTopic)} | ${f.helpfulOffered === 0 ? '— (not offered)' : rate(f.confirmed)} | ${rate(f.wrong)} | ${rate(f.handoff)} | ${rate(f.personHandoff)} | ${rate(f.decline)} |`,
    ),
    `| **target** | | ≥ ${TARGETS.onTopic.toFixed(2)} | | ≤ ${TARGETS.wrong.toFixed(2)} | | ${TARGETS.personHandoff.toFixed(2)} (every one) | |`,
    '',
    `Targets on the whole set: on-topic ≥ ${TARGETS.onTopic.toFixed(2)} — ${met(all.onTopic.of > 0 && all.onTopic.hits / all.onTopic.of >= TARGETS.onTopic)}; ` +
      `wrong ≤ ${TARGETS.wrong.toFixed(2)} — ${met(all.wrong.hits / Math.max(1, all.wrong.of) <= TARGETS.wrong)}; ` +
      `every explicit request for a person handed off — ${met(all.personHandoff.hits === all.personHandoff.of)}.`,
    '',
    'On-topic self-service: questions expecting an answer or an article that got the expected intent (its answer, its flow or its identity prompt) or the right article, over those questions. ' +
      'Wrong answers: an answer on another topic, a wrong article, or an answer where a refusal or a person was due, over all questions. ' +
      'Handoff recall: handed off over questions expecting a person (requests, complaints, take-overs). ' +
      'Decline accuracy: fallback over out-of-scope questions. ' +
      '"Confirmed after helpful": on-topic answers whose "did this help?" yes button was pressed and taken, over the self-service questions.',
    '',
    '## What happened, per language',
    '',
    '| lang | on topic (intent) | on topic (article) | wrong answer | handed off | fallback | clarification | other intent answer, not wrong | article, not scored |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...byGroup.map(({ group, f }) => {
      const o = f.outcomes;
      return `| ${group} | ${o.onTopicIntent} | ${o.onTopicArticle} | ${o.wrong} | ${o.handoff} | ${o.declined} | ${o.clarified} | ${o.otherAnswer} | ${o.otherArticle} |`;
    }),
    '',
    ...listSection(
      'Wrong answers',
      rows.filter((r) => r.verdict === 'wrong'),
      pending,
    ),
    ...listSection(
      'Missed (no wrong answer, but not the expected outcome)',
      rows.filter((r) => r.verdict === 'missed'),
      pending,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

function listSection(title: string, rows: readonly Played[], pending: (r: Played) => boolean): string[] {
  if (rows.length === 0) return [`## ${title}`, '', 'None.', ''];
  return [
    `## ${title} (${rows.length})`,
    '',
    '| lang | question | expected | got | NLU top intent |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.question.lang} | ${cell(r.question.text)} | ${cell(describeExpectation(r.question.expect))}${pending(r) ? ' †' : ''} | ${cell(describeOutcome(r.outcome))} | ${r.nlu.intent} ${r.nlu.confidence.toFixed(2)} |`,
    ),
    '',
  ];
}
