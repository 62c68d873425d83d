/**
 * `upay-bot nlu parse "<text>"` | `nlu parse --jsonl` | `nlu eval [--json] [--format F --train FILE [--test FILE]]`.
 * parse prints Rasa-shaped JSON; eval measures the classifier on the knowledge files' held-out tests, or trains
 * and tests the same classifier code on a public dataset.
 */
import { createInterface } from 'node:readline';
import { loadDatasetSplits, isDatasetFormat, DATASET_FORMATS, DatasetError } from '../../intents/eval/datasets.ts';
import { trainDatasetClassifier } from '../../intents/eval/dataset-classifier.ts';
import { evaluate, type EvalReport, type Predictor } from '../../intents/eval/evaluate.ts';
import { loadKnowledge } from '../core/knowledge.ts';
import type { KnowledgeBase } from '../core/knowledge.ts';
import {
  createNlu,
  KNOWLEDGE_CLASSIFIER_OPTIONS,
  knowledgeExamples,
  trainIntentClassifier,
} from '../../intents/nlu.ts';
import { createSegmenter, domainWordsFromKnowledge } from '../../intents/segment.ts';
import type { Nlu, NluResult } from '../../intents/types.ts';
import { createMlpThreadTrainer } from '../threads/mlp-thread.ts';
import { CliError, type CliCommand, type CliIo } from './io.ts';

const USAGE =
  'usage: upay-bot nlu parse "<text>" | nlu parse --jsonl | nlu eval [--json] [--knowledge DIR] [--format banking77|clinc|massive|jsonl --train FILE [--test FILE]]';

interface NluArgs {
  positional: string[];
  json: boolean;
  jsonl: boolean;
  knowledge?: string;
  format?: string;
  train?: string;
  test?: string;
}

const VALUE_FLAGS = new Set(['--knowledge', '--format', '--train', '--test']);

function parseArgs(args: string[]): NluArgs {
  const parsed: NluArgs = { positional: [], json: false, jsonl: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--json') parsed.json = true;
    else if (arg === '--jsonl') parsed.jsonl = true;
    else if (VALUE_FLAGS.has(arg)) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new CliError(`${arg} needs a value (${USAGE})`, 2);
      i++;
      const key = arg.slice(2) as 'knowledge' | 'format' | 'train' | 'test';
      parsed[key] = value;
    } else if (arg.startsWith('--') && arg.length > 2) {
      throw new CliError(`unknown option "${arg}" (${USAGE})`, 2);
    } else parsed.positional.push(arg);
  }
  return parsed;
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, '; ');
}

async function loadKb(args: NluArgs, io: CliIo): Promise<KnowledgeBase> {
  const dir = args.knowledge ?? io.env.KNOWLEDGE_DIR ?? './knowledge';
  try {
    return await loadKnowledge(dir);
  } catch (error) {
    throw new CliError(
      `cannot load knowledge from ${dir}: ${oneLine(error instanceof Error ? error.message : String(error))}`,
    );
  }
}

/** The Rasa-shaped object printed by `nlu parse`. */
export function toParseOutput(result: NluResult): Record<string, unknown> {
  return {
    text: result.text,
    language: result.language,
    intent: result.intent,
    intent_ranking: result.intent_ranking,
    // Rasa's four keys, plus what the value alone does not say: an amount's currency, a date's relative word
    // (`meta`), and `sensitive` on card numbers, passwords and ID numbers (values masked) and one-time codes.
    entities: result.entities.map((e) => ({
      entity: e.entity,
      value: e.value,
      start: e.start,
      end: e.end,
      ...(e.meta ? { meta: e.meta } : {}),
      ...(e.sensitive ? { sensitive: true } : {}),
    })),
    ambiguous: result.ambiguous,
  };
}

async function runParse(args: NluArgs, io: CliIo): Promise<number> {
  if (args.format || args.train || args.test || args.json)
    throw new CliError(`parse takes no --format/--train/--test/--json (${USAGE})`, 2);
  if (args.jsonl) {
    if (args.positional.length > 0) throw new CliError('parse --jsonl reads stdin; give no text argument', 2);
    const nlu = createNlu(await loadKb(args, io));
    const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
      const text = lineText(line);
      // A blank line still gets its answer line, so output line N always answers input line N.
      if (text.trim() === '') {
        io.stdout.write(`${JSON.stringify({ text, error: 'empty text: nothing to parse' })}\n`);
        continue;
      }
      io.stdout.write(`${JSON.stringify(toParseOutput(nlu.parse(text)))}\n`);
    }
    return 0;
  }
  if (args.positional.length !== 1) throw new CliError(`parse needs exactly one text argument (${USAGE})`, 2);
  const text = args.positional[0] as string;
  if (text.trim() === '') throw new CliError('empty text: nothing to parse', 2);
  const nlu: Nlu = createNlu(await loadKb(args, io));
  io.stdout.write(`${JSON.stringify(toParseOutput(nlu.parse(text)))}\n`);
  return 0;
}

/** A stdin line is the raw utterance, or a JSON object with a string `text`. */
function lineText(line: string): string {
  if (line.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === 'object' && value !== null && typeof (value as { text?: unknown }).text === 'string')
        return (value as { text: string }).text;
    } catch {
      // not JSON: the line itself is the utterance
    }
  }
  return line;
}

type Report = Omit<EvalReport, 'confusions'> & {
  confusions?: EvalReport['confusions'];
  per_locale?: Record<string, Omit<EvalReport, 'confusions'>>;
};

async function runEval(args: NluArgs, io: CliIo): Promise<number> {
  if (args.jsonl || args.positional.length > 0) throw new CliError(`eval takes no text or --jsonl (${USAGE})`, 2);
  let report: Report;
  if (args.format !== undefined || args.train !== undefined || args.test !== undefined) {
    if (args.format === undefined) throw new CliError(`--train/--test need --format ${DATASET_FORMATS.join('|')}`, 2);
    if (!isDatasetFormat(args.format))
      throw new CliError(`unknown --format "${args.format}" (expected ${DATASET_FORMATS.join('|')})`, 2);
    if (args.train === undefined) throw new CliError('--format needs --train FILE', 2);
    let splits;
    try {
      splits = await loadDatasetSplits(args.format, args.train, args.test);
    } catch (error) {
      if (error instanceof DatasetError) throw new CliError(oneLine(error.message));
      throw error;
    }
    const segmenter = createSegmenter();
    // From 5,000 examples the classifier adds a network: it trains on a second thread while the SVM trains here.
    const mlpTrainer = createMlpThreadTrainer();
    try {
      report = await evaluate(splits.train, splits.test, (train) => {
        const classifier = trainDatasetClassifier(train, { segmenter, mlpTrainer });
        return { predict: (text: string) => classifier.predict(text) };
      });
    } finally {
      await mlpTrainer.close();
    }
  } else {
    const kb = await loadKb(args, io);
    const train = knowledgeExamples(kb, 'examples');
    const segmenter = createSegmenter(domainWordsFromKnowledge(kb));
    let model: ReturnType<typeof trainIntentClassifier> | undefined;
    const trainOnce = (): Predictor => {
      // The knowledge files are measured with the model the bot runs (trainKnowledgeClassifier's options).
      model ??= trainIntentClassifier(train, { ...KNOWLEDGE_CLASSIFIER_OPTIONS, segmenter });
      const m = model;
      return { predict: (text: string) => m.predict(text) };
    };
    report = await evaluate(train, knowledgeExamples(kb, 'tests'), trainOnce);
    const perLocale: Record<string, Omit<EvalReport, 'confusions'>> = {};
    for (const locale of kb.locales) {
      const { confusions: _c, ...rest } = await evaluate(train, knowledgeExamples(kb, 'tests', locale), trainOnce);
      perLocale[locale] = { ...rest, train_ms: report.train_ms };
    }
    report.per_locale = perLocale;
  }
  if (args.json) {
    const { confusions, ...rest } = report;
    io.stdout.write(`${JSON.stringify({ ...rest, confusions })}\n`);
  } else {
    io.stdout.write(formatReport(report));
  }
  return 0;
}

const fmt = (x: number | null, digits = 4): string => (x === null ? '-' : x.toFixed(digits));

export function formatReport(report: Report): string {
  const rows: [string, Omit<EvalReport, 'confusions'>][] = [['all', report]];
  for (const [locale, r] of Object.entries(report.per_locale ?? {})) rows.push([locale, r]);
  const lines = [
    '| set | n_train | n_test | accuracy | macro_f1 | in_scope_acc | oos_recall | ece | train_ms | p50_ms | p99_ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      ([name, r]) =>
        `| ${name} | ${r.n_train} | ${r.n_test} | ${fmt(r.accuracy)} | ${fmt(r.macro_f1)} | ${fmt(r.in_scope_accuracy)} | ${fmt(r.oos_recall)} | ${fmt(r.ece)} | ${r.train_ms} | ${fmt(r.parse_p50_ms, 3)} | ${fmt(r.parse_p99_ms, 3)} |`,
    ),
  ];
  const confusions = report.confusions ?? [];
  if (confusions.length > 0) {
    lines.push('', 'most confused (gold → predicted):');
    for (const c of confusions) lines.push(`  ${String(c.count).padStart(4)}  ${c.gold} → ${c.predicted}`);
  }
  return `${lines.join('\n')}\n`;
}

export const runNluCommand: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub === undefined) throw new CliError(`missing subcommand (${USAGE})`, 2);
  const parsed = parseArgs(rest);
  if (sub === 'parse') return runParse(parsed, io);
  if (sub === 'eval') return runEval(parsed, io);
  throw new CliError(`unknown subcommand "${sub}" (${USAGE})`, 2);
};
