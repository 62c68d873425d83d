/**
 * The containment question set (bench/containment/questions.yaml): its schema and loader, shared by the
 * bench and by the test that keeps the set honest (test/bench/containment-set.test.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { INTENT_ID_PATTERN } from '../../intents/types.ts';

export const QUESTIONS_FILE = path.join(import.meta.dirname, 'questions.yaml');

export const LANGS = ['zh', 'en', 'zh-Hant', 'mixed'] as const;
export type QuestionLang = (typeof LANGS)[number];

/** Why a person is due: an explicit request for one, a complaint, or an account taken over. */
export const HANDOFF_ASKS = ['person', 'complaint', 'takeover'] as const;
export type HandoffAsk = (typeof HANDOFF_ASKS)[number];

/** What the assistant should do with a first message. */
export type Expectation =
  | { kind: 'answer'; intents: string[] }
  /** `ids` is ["any"] when any article will do. */
  | { kind: 'article'; ids: string[] }
  | { kind: 'handoff'; reason?: HandoffAsk }
  | { kind: 'decline' };
export type ExpectationKind = Expectation['kind'];

export interface Question {
  text: string;
  lang: QuestionLang;
  expect: Expectation;
}

const intentId = z.string().regex(INTENT_ID_PATTERN, 'an intent id: lower-case letters, digits, _');
/** Article ids are file names under knowledge/articles/<locale>/ (without .md), or "any". */
const articleId = z
  .string()
  .regex(/^(any|[a-z0-9][a-z0-9_-]{0,79})$/, 'an article id (file name without .md) or "any"');

const expectSchema = z.union([
  z.strictObject({ answer: z.union([intentId, z.array(intentId).min(2).max(3)]) }),
  z.strictObject({ article: z.union([articleId, z.array(articleId).min(2).max(3)]) }),
  z.strictObject({ handoff: z.literal(true), reason: z.enum(HANDOFF_ASKS).optional() }),
  z.strictObject({ decline: z.literal(true) }),
]);

const questionSchema = z.strictObject({
  text: z.string().refine((s) => s.trim().length > 0, 'empty question'),
  lang: z.enum(LANGS),
  expect: expectSchema,
});

export const questionFileSchema = z.strictObject({ questions: z.array(questionSchema).min(1) });

function toExpectation(raw: z.infer<typeof expectSchema>): Expectation {
  if ('answer' in raw)
    return { kind: 'answer', intents: typeof raw.answer === 'string' ? [raw.answer] : [...new Set(raw.answer)] };
  if ('article' in raw)
    return { kind: 'article', ids: typeof raw.article === 'string' ? [raw.article] : [...new Set(raw.article)] };
  if ('handoff' in raw) return raw.reason ? { kind: 'handoff', reason: raw.reason } : { kind: 'handoff' };
  return { kind: 'decline' };
}

/** Parses and validates the YAML text of a question file; throws with the first problem's path. */
export function parseQuestions(yamlText: string): Question[] {
  const result = questionFileSchema.safeParse(parse(yamlText));
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`questions: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`);
  }
  return result.data.questions.map((q) => ({ text: q.text, lang: q.lang, expect: toExpectation(q.expect) }));
}

export async function loadQuestions(file = QUESTIONS_FILE): Promise<Question[]> {
  return parseQuestions(await readFile(file, 'utf8'));
}

/** The set's expectation as written in the file, for reports: "answer fees|withdraw", "article any", "handoff". */
export function describeExpectation(expect: Expectation): string {
  if (expect.kind === 'answer') return `answer ${expect.intents.join('|')}`;
  if (expect.kind === 'article') return `article ${expect.ids.join('|')}`;
  if (expect.kind === 'handoff' && expect.reason) return `handoff (${expect.reason})`;
  return expect.kind;
}
