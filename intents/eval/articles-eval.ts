/**
 * Measures article answers on two question sets per locale: questions an article answers (expected article
 * id) and out-of-scope questions (nothing should answer). Used by the threshold test and bench/articles.ts.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import {
  ARTICLE_THRESHOLD,
  confident,
  searchArticles,
  type ArticleHit,
  type ArticleIndex,
  type ArticleThreshold,
} from '../articles.ts';
import type { Locale } from '../types.ts';

export type Threshold = Readonly<ArticleThreshold>;

const questionSetSchema = z.object({
  locale: z.enum(['zh-CN', 'en']),
  answerable: z.array(z.object({ q: z.string().min(1), article: z.string().min(1) })),
  outOfScope: z.array(z.string().min(1)),
});
export type QuestionSet = z.infer<typeof questionSetSchema>;

export async function readQuestionSet(file: string): Promise<QuestionSet> {
  return questionSetSchema.parse(JSON.parse(await readFile(file, 'utf8')));
}

/** One row of the table: answered with the expected article, answered with another one (or at all, out of scope), declined. */
export interface SetFigures {
  set: string;
  n: number;
  correct: number;
  wrong: number;
  declined: number;
}

/** The hits of every question, searched once (a threshold sweep then costs nothing). */
export interface SearchedSet {
  locale: Locale;
  answerable: { q: string; article: string; hits: ArticleHit[] }[];
  outOfScope: { q: string; hits: ArticleHit[] }[];
}

export function searchSet(index: ArticleIndex, set: QuestionSet): SearchedSet {
  return {
    locale: set.locale,
    answerable: set.answerable.map((a) => ({ ...a, hits: searchArticles(index, a.q, set.locale, 2) })),
    outOfScope: set.outOfScope.map((q) => ({ q, hits: searchArticles(index, q, set.locale, 2) })),
  };
}

export function figures(searched: SearchedSet, threshold: Threshold = ARTICLE_THRESHOLD): [SetFigures, SetFigures] {
  const answerable: SetFigures = {
    set: `${searched.locale} answerable`,
    n: searched.answerable.length,
    correct: 0,
    wrong: 0,
    declined: 0,
  };
  for (const a of searched.answerable) {
    if (!confident(a.hits, threshold)) answerable.declined++;
    else if (a.hits[0]?.articleId === a.article) answerable.correct++;
    else answerable.wrong++;
  }
  const outOfScope: SetFigures = {
    set: `${searched.locale} out of scope`,
    n: searched.outOfScope.length,
    correct: 0,
    wrong: 0,
    declined: 0,
  };
  for (const o of searched.outOfScope) {
    if (confident(o.hits, threshold)) outOfScope.wrong++;
    else outOfScope.declined++;
  }
  // Out of scope, declining IS the correct outcome.
  outOfScope.correct = outOfScope.declined;
  return [answerable, outOfScope];
}

/**
 * The threshold that answers the most answerable questions correctly (summed over the sets) while every set
 * keeps wrong answers at or below `maxWrong` (share). Ties go to the stricter threshold.
 */
export function calibrate(
  sets: readonly SearchedSet[],
  maxWrong = 0.05,
): { threshold: Threshold; correct: number } | undefined {
  let best: { threshold: Threshold; correct: number; strictness: number } | undefined;
  for (let minScore = 0; minScore <= 40; minScore += 1) {
    for (let minCoverage = 0; minCoverage <= 0.9 + 1e-9; minCoverage += 0.05) {
      for (const minMargin of [1, 1.1, 1.25, 1.5, 2]) {
        for (const minWords of [1, 2]) {
          const threshold = { minScore, minCoverage: Math.round(minCoverage * 100) / 100, minMargin, minWords };
          const rows = sets.flatMap((s) => figures(s, threshold));
          if (rows.some((r) => r.wrong > maxWrong * r.n)) continue;
          const correct = rows.filter((r) => r.set.endsWith('answerable')).reduce((sum, r) => sum + r.correct, 0);
          const strictness = minScore / 40 + threshold.minCoverage + minMargin + minWords;
          if (!best || correct > best.correct || (correct === best.correct && strictness > best.strictness))
            best = { threshold, correct, strictness };
        }
      }
    }
  }
  return best && { threshold: best.threshold, correct: best.correct };
}
