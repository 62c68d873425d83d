/**
 * NLU benchmark (`npm run bench:nlu`): this project's classifier vs nlp.js (neural, @nlpjs/basic + lang-zh)
 * vs natural's BayesClassifier, on the same splits of Banking77, CLINC150, MASSIVE zh-CN and the knowledge
 * files' held-out tests. Prints a Markdown table and writes it to bench/results/nlu.md.
 *
 * Datasets are read from ../shared/datasets relative to the repo (env DATASETS_DIR overrides); an absent
 * dataset is skipped with a message. Every system runs the full splits (≈ 4 min for the whole run on 2 cores, nlp.js
 * on CLINC150 the slowest at 70–120 s); for a quick run, env NLU_BENCH_BASELINE_MAX_TRAIN / NLU_BENCH_BASELINE_MAX_TEST
 * cap the baselines' training and test sets to stratified seeded samples, and the table says when that happened.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createMlpThreadTrainer } from '../bot/threads/mlp-thread.ts';
import type { LabeledText } from '../intents/classifier.ts';
import { trainDatasetClassifier } from '../intents/eval/dataset-classifier.ts';
import { loadDataset, loadDatasetSplits, type DatasetFormat } from '../intents/eval/datasets.ts';
import { evaluate, type EvalReport, type Predictor } from '../intents/eval/evaluate.ts';
import { loadKnowledge } from '../bot/core/knowledge.ts';
import { createRandom } from '../intents/linear-svm.ts';
import { KNOWLEDGE_CLASSIFIER_OPTIONS, knowledgeExamples, trainIntentClassifier } from '../intents/nlu.ts';
import { createSegmenter, domainWordsFromKnowledge, type Segmenter } from '../intents/segment.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DATASETS_DIR = process.env.DATASETS_DIR ?? path.resolve(ROOT, '../shared/datasets');
const KNOWLEDGE_DIR = process.env.KNOWLEDGE_DIR ?? path.join(ROOT, 'knowledge');
/** Optional caps on the baselines' splits (a quick run); unset = the full splits, as for this project's classifier. */
const BASELINE_MAX_TRAIN = baselineCap('NLU_BENCH_BASELINE_MAX_TRAIN');
const BASELINE_MAX_TEST = baselineCap('NLU_BENCH_BASELINE_MAX_TEST');

function baselineCap(name: string): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return Infinity;
  const cap = Number(raw);
  if (!(Number.isInteger(cap) && cap > 0)) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return cap;
}
const OOS = 'out_of_scope';

interface Task {
  name: string;
  language: 'en' | 'zh';
  train: LabeledText[];
  test: LabeledText[];
  /** Our classifier's training set when it differs (the bot trains one model on both locales). */
  ownTrain?: LabeledText[];
  segmenter: Segmenter;
  /** Only this project's classifier runs it (a variant of a dataset the baselines already ran). */
  oursOnly?: boolean;
}

interface System {
  name: string;
  capped: boolean;
  train(task: Task, train: LabeledText[]): Promise<Predictor> | Predictor;
}

/** Stratified seeded sample of at most `max` examples (keeps label proportions, at least one per label). */
function sample(examples: LabeledText[], max: number, seed = 7): LabeledText[] {
  if (examples.length <= max) return examples;
  const byLabel = new Map<string, LabeledText[]>();
  for (const e of examples) byLabel.set(e.label, [...(byLabel.get(e.label) ?? []), e]);
  const random = createRandom(seed);
  const out: LabeledText[] = [];
  for (const group of [...byLabel.keys()].sort().map((k) => byLabel.get(k) as LabeledText[])) {
    const copy = [...group];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as LabeledText, copy[i] as LabeledText];
    }
    out.push(...copy.slice(0, Math.max(1, Math.round((group.length * max) / examples.length))));
  }
  return out;
}

// The network trains on a second thread while the SVM trains on this one (as `nlu eval --format` does).
const mlpTrainer = createMlpThreadTrainer();

const ours: System = {
  name: 'upay (TF-IDF → OvR linear SVM + 1-hidden-layer net)',
  capped: false,
  train: (task) => {
    // The knowledge rows train the model the bot runs (the SVM alone, KNOWLEDGE_CLASSIFIER_OPTIONS); datasets the lab's.
    const classifier = task.ownTrain
      ? trainIntentClassifier(task.ownTrain, { ...KNOWLEDGE_CLASSIFIER_OPTIONS, segmenter: task.segmenter })
      : trainDatasetClassifier(task.train, { segmenter: task.segmenter, mlpTrainer });
    return { predict: (text) => classifier.predict(text) };
  },
};

interface NlpjsNlp {
  addLanguage(locale: string): void;
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<unknown>;
  process(locale: string, utterance: string): Promise<{ intent: string; score: number }>;
  settings: Record<string, unknown>;
}
interface NlpjsContainer {
  use(plugin: unknown): void;
  get(name: 'nlp'): NlpjsNlp;
}

const load = createRequire(import.meta.url);

const nlpjs: System = {
  name: 'nlp.js 4 (neural)',
  capped: true,
  async train(task, train) {
    const basic = load('@nlpjs/basic') as {
      containerBootstrap(): Promise<NlpjsContainer>;
      Nlp: unknown;
      LangEn: unknown;
    };
    const zh = load('@nlpjs/lang-zh') as { LangZh: unknown };
    const container = await basic.containerBootstrap();
    container.use(basic.Nlp);
    container.use(basic.LangEn);
    container.use(zh.LangZh);
    const nlp = container.get('nlp');
    nlp.settings.autoSave = false;
    nlp.settings.calculateSentiment = false;
    nlp.settings.nlu = { log: false };
    nlp.addLanguage(task.language);
    for (const e of train) nlp.addDocument(task.language, e.text, e.label);
    const restore = silenceConsole();
    try {
      await nlp.train();
    } finally {
      restore();
    }
    return {
      predict: async (text) => {
        const r = await nlp.process(task.language, text);
        return { name: r.intent === 'None' || !r.intent ? OOS : r.intent, confidence: r.score };
      },
    };
  },
};

/** nlp.js logs training epochs to the console; keep the benchmark output readable. */
function silenceConsole(): () => void {
  const original = console.log;
  console.log = () => undefined;
  return () => {
    console.log = original;
  };
}

/** The slice of natural's API the benchmark uses (its bundled typings pull in .ts sources tsc rejects). */
interface BayesClassifierLike {
  addDocument(text: string | string[], label: string): void;
  train(): void;
  classify(text: string | string[]): string;
}
const natural = createRequire(import.meta.url)('natural') as { BayesClassifier: new () => BayesClassifierLike };

const bayes: System = {
  name: 'natural BayesClassifier',
  capped: true,
  train(task, train) {
    const classifier = new natural.BayesClassifier();
    // natural's own tokenizer drops Han characters: feed it the project's tokens for Chinese.
    const tokens = (text: string): string | string[] =>
      task.language === 'zh' ? task.segmenter.tokens(text.toLowerCase()) : text;
    for (const e of train) classifier.addDocument(tokens(e.text), e.label);
    classifier.train();
    return { predict: (text) => classifier.classify(tokens(text)) };
  },
};

async function datasetTask(
  name: string,
  format: DatasetFormat,
  language: 'en' | 'zh',
  trainFile: string,
  testFile: string | undefined,
  segmenter: Segmenter,
  oursOnly = false,
  extraTrainFile?: string,
): Promise<Task | undefined> {
  const files = [trainFile, ...(testFile ? [testFile] : [])].map((f) => path.join(DATASETS_DIR, f));
  const extra = extraTrainFile === undefined ? undefined : path.join(DATASETS_DIR, extraTrainFile);
  const missing = [...files, ...(extra ? [extra] : [])].find((f) => !existsSync(f));
  if (missing) {
    console.error(`skip ${name}: ${missing} not found (set DATASETS_DIR)`);
    return undefined;
  }
  const { train, test } = await loadDatasetSplits(format, files[0] as string, files[1]);
  if (extra) train.push(...(await loadDataset(format, extra, 'train')));
  return { name, language, train, test, segmenter, oursOnly };
}

interface Row {
  task: string;
  system: string;
  report: EvalReport;
  /** Process CPU time spent training (user), less sensitive than wall time to other load on the machine. */
  trainCpuS: number;
  note: string;
}

const f3 = (x: number | null): string => (x === null ? '–' : x.toFixed(3));

function table(rows: Row[]): string {
  const lines = [
    '| dataset | system | n_train | n_test | accuracy | macro-F1 | in-scope acc | OOS recall | ECE | train s | train CPU s | parse p50 ms | parse p99 ms | note |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of rows) {
    const m = r.report;
    lines.push(
      `| ${r.task} | ${r.system} | ${m.n_train} | ${m.n_test} | ${f3(m.accuracy)} | ${f3(m.macro_f1)} | ${f3(m.in_scope_accuracy)} | ${f3(m.oos_recall)} | ${f3(m.ece)} | ${(m.train_ms / 1000).toFixed(2)} | ${r.trainCpuS.toFixed(2)} | ${m.parse_p50_ms.toFixed(3)} | ${m.parse_p99_ms.toFixed(3)} | ${r.note} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const startedMs = Date.now();
  const only = process.env.NLU_BENCH_ONLY?.split(',');
  const systemsWanted = process.env.NLU_BENCH_SYSTEMS?.split(',');
  const plainSegmenter = createSegmenter();
  const tasks: Task[] = [];
  const want = (name: string): boolean => !only || only.some((o) => name.toLowerCase().includes(o.toLowerCase()));

  if (want('knowledge')) {
    if (existsSync(KNOWLEDGE_DIR)) {
      const kb = await loadKnowledge(KNOWLEDGE_DIR);
      const segmenter = createSegmenter(domainWordsFromKnowledge(kb));
      const ownTrain = knowledgeExamples(kb, 'examples');
      for (const locale of kb.locales) {
        tasks.push({
          name: `knowledge ${locale}`,
          language: locale === 'en' ? 'en' : 'zh',
          train: knowledgeExamples(kb, 'examples', locale),
          test: knowledgeExamples(kb, 'tests', locale),
          ownTrain,
          segmenter,
        });
      }
    } else console.error(`skip knowledge: ${KNOWLEDGE_DIR} not found`);
  }
  const datasets: [string, DatasetFormat, 'en' | 'zh', string, string | undefined, boolean, string?][] = [
    ['Banking77', 'banking77', 'en', 'banking77/train.csv', 'banking77/test.csv', false],
    ['CLINC150', 'clinc', 'en', 'clinc150/data_full.json', undefined, false],
    ['MASSIVE zh-CN', 'massive', 'zh', 'massive_zh/train.csv', 'massive_zh/test.csv', false],
    // The same train split plus its zh-TW translations (MASSIVE's parallel file; its English rows are skipped).
    [
      'MASSIVE zh-CN + zh-TW train',
      'massive',
      'zh',
      'massive_zh/train_parallel_zh-CN_en-US_zh-TW.csv',
      'massive_zh/test.csv',
      true,
    ],
    // Trained on train + validation as well (more data, settings unchanged): for reference, not a tuned figure.
    [
      'MASSIVE zh-CN, train + validation',
      'massive',
      'zh',
      'massive_zh/train.csv',
      'massive_zh/test.csv',
      true,
      'massive_zh/validation.csv',
    ],
  ];
  for (const [name, format, language, trainFile, testFile, oursOnly, extraTrainFile] of datasets) {
    if (!want(name)) continue;
    const task = await datasetTask(
      name,
      format,
      language,
      trainFile,
      testFile,
      plainSegmenter,
      oursOnly,
      extraTrainFile,
    );
    if (task) tasks.push(task);
  }

  const systems = [ours, nlpjs, bayes].filter(
    (s) => !systemsWanted || systemsWanted.some((w) => s.name.toLowerCase().includes(w.toLowerCase())),
  );
  const rows: Row[] = [];
  for (const task of tasks) {
    for (const system of systems) {
      if (task.oursOnly && system !== ours) continue;
      const train = system.capped ? sample(task.train, BASELINE_MAX_TRAIN) : task.train;
      const test = system.capped ? sample(task.test, BASELINE_MAX_TEST, 11) : task.test;
      const notes: string[] = [];
      if (train.length < task.train.length) notes.push(`train sampled ${train.length}/${task.train.length}`);
      if (test.length < task.test.length) notes.push(`test sampled ${test.length}/${task.test.length}`);
      if (system === ours && task.ownTrain) notes.push('one model for both locales, the SVM alone (as the bot)');
      if (task.name === 'MASSIVE zh-CN + zh-TW train') notes.push('zh-CN + zh-TW rows of the train split, same test');
      if (task.name === 'MASSIVE zh-CN, train + validation')
        notes.push('train + validation splits (zh-CN), same test; settings were chosen on validation');
      console.error(`run ${task.name} × ${system.name} (train ${train.length}, test ${test.length})`);
      try {
        let trainCpuS = 0;
        const report = await evaluate(system === ours && task.ownTrain ? task.ownTrain : train, test, async (t) => {
          const cpu = process.cpuUsage();
          const predictor = await system.train(task, [...t]);
          trainCpuS = process.cpuUsage(cpu).user / 1e6;
          return predictor;
        });
        rows.push({ task: task.name, system: system.name, report, trainCpuS, note: notes.join('; ') || '–' });
      } catch (error) {
        console.error(`  failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  const header = [
    '# NLU benchmark',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${os.loadavg()[0]?.toFixed(1)} at the end.`,
    'Same splits for every system. in-scope acc / OOS recall: CLINC150 and the knowledge tests (out_of_scope is a class; our classifier also rejects below a tuned confidence threshold).',
    BASELINE_MAX_TRAIN === Infinity && BASELINE_MAX_TEST === Infinity
      ? `Every system trains and tests on the full splits (this run took ${((Date.now() - startedMs) / 60_000).toFixed(1)} min, nlp.js on CLINC150 the slowest part; on earlier hosts 4–9 min; NLU_BENCH_BASELINE_MAX_TRAIN / _TEST cap the baselines to stratified samples for a quick run, and the note column then says so).`
      : `Quick run: baselines capped to stratified samples of ≤${BASELINE_MAX_TRAIN} training / ≤${BASELINE_MAX_TEST} test examples (NLU_BENCH_BASELINE_MAX_TRAIN / _TEST, see note); unset them for the full splits.`,
    "ECE: expected calibration error of each decision's confidence (10 equal-width bins; 0 = a confidence of 0.8 is right 80% of the time); our confidence is the blended, temperature-scaled probability (for a below-threshold rejection, 1 − the best in-scope probability), nlp.js its score, natural gives no probabilities (–).",
    'Timings: wall-clock train s and parse percentiles are inflated when other jobs share the 2 cores (see load average); train CPU s is the process user CPU time. Parse times are measured after 200 untimed warm-up parses of training texts (JIT), for every system alike.',
    'upay: hashed TF-IDF → one-vs-rest linear SVM; from 5,000 training examples it also reads edge features (first and last words, the next two from each end, length in words) and its calibrated probabilities are blended with a 128-unit one-hidden-layer network (weight chosen on a held-out slice), so the knowledge rows (2,002 examples) are SVM only without edge features, as the bot. The network trains on a second thread while the SVM trains (train s is wall-clock, train CPU s both threads).',
    'natural gets the project segmenter tokens for Chinese (its own tokenizer drops Han characters); nlp.js (default settings) maps its `None` intent to out_of_scope.',
    'nlp.js scores lower on full Banking77 than on the 2,000-example sample the bench used before (measured 2026-11-26: 0.506 vs 0.728); natural gains from the full splits.',
    '',
  ].join('\n');
  const markdown = `${header}\n${table(rows)}\n`;
  console.log(markdown);
  if (!only && !systemsWanted) {
    await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
    await writeFile(path.join(ROOT, 'bench/results/nlu.md'), markdown);
  }
}

try {
  await main();
} finally {
  await mlpTrainer.close();
}
