/**
 * Article answers, measured: `npx tsx bench/articles.ts [--calibrate]`. Prints the table of docs/articles.md
 * for the threshold in intents/articles.ts; with --calibrate, also the threshold the sets would choose.
 */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { buildArticleIndex, loadArticles, ARTICLE_THRESHOLD } from '../intents/articles.ts';
import { calibrate, figures, readQuestionSet, searchSet, type SetFigures } from '../intents/eval/articles-eval.ts';
import { valuesSchema, valueTable } from '../intents/knowledge-values.ts';
import type { Locale } from '../intents/types.ts';

const root = path.resolve('knowledge');
const locales: Locale[] = ['zh-CN', 'en'];
const values = valuesSchema.parse(parse(await readFile(path.join(root, 'values.yaml'), 'utf8')));
const articles = await loadArticles(root, locales, {
  'zh-CN': valueTable(values, 'zh-CN'),
  en: valueTable(values, 'en'),
});
const index = buildArticleIndex(articles);
const sets = await Promise.all(
  locales.map(async (l) => searchSet(index, await readQuestionSet(`test/fixtures/articles/questions.${l}.json`))),
);

const pct = (k: number, n: number): string => `${k} (${((100 * k) / n).toFixed(1)} %)`;
const table = (rows: SetFigures[]): string =>
  [
    '| set | n | answered correctly | answered wrongly | declined |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.set} | ${r.n} | ${r.set.endsWith('scope') ? '—' : pct(r.correct, r.n)} | ${pct(r.wrong, r.n)} | ${pct(r.declined, r.n)} |`,
    ),
  ].join('\n');

console.log(`threshold ${JSON.stringify(ARTICLE_THRESHOLD)}`);
console.log(table(sets.flatMap((s) => figures(s))));
if (process.argv.includes('--calibrate')) {
  const best = calibrate(sets);
  console.log(`\ncalibrated ${JSON.stringify(best)}`);
  if (best) console.log(table(sets.flatMap((s) => figures(s, best.threshold))));
}
if (process.argv.includes('--verbose')) {
  for (const s of sets) {
    for (const a of s.answerable) {
      const [h, h2] = a.hits;
      const mark = h?.articleId === a.article ? 'ok ' : 'BAD';
      console.log(
        `${mark} ${a.q} → ${h?.articleId ?? '-'} ${h?.score.toFixed(1) ?? ''} cov ${h?.coverage.toFixed(2) ?? ''} | ${h2?.articleId ?? '-'} ${h2?.score.toFixed(1) ?? ''}`,
      );
    }
    for (const o of s.outOfScope) {
      const [h, h2] = o.hits;
      console.log(
        `oos ${o.q} → ${h?.articleId ?? '-'} ${h?.score.toFixed(1) ?? ''} cov ${h?.coverage.toFixed(2) ?? ''} | ${h2?.articleId ?? '-'} ${h2?.score.toFixed(1) ?? ''}`,
      );
    }
  }
}
