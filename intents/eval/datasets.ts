/**
 * Loaders for public intent datasets (measurement only — never copied into knowledge/):
 * - `banking77`: CSV with a `text,category` header.
 * - `massive`: CSV whose header has `text` and `label_text` columns (found by name). With a `lang` column (the
 *   parallel train file `train_parallel_zh-CN_en-US_zh-TW.csv`) only the Chinese rows (zh-CN and zh-TW) are kept:
 *   the zh-TW translations of the same train utterances, converted to Simplified by `normalize`, augment training.
 * - `clinc`: CLINC150 `data_full.json`; train = `train` + `oos_train`, test = `test` + `oos_test`, `oos` → `out_of_scope`.
 * - `jsonl`: one `{"text": …, "intent": …}` object per line.
 */
import { readFile } from 'node:fs/promises';
import type { LabeledText } from '../classifier.ts';

export const DATASET_FORMATS = ['banking77', 'clinc', 'massive', 'jsonl'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

const OUT_OF_SCOPE_LABEL = 'out_of_scope';

export class DatasetError extends Error {
  constructor(
    readonly code: 'not_found' | 'bad_format' | 'unknown_format',
    message: string,
  ) {
    super(message);
    this.name = 'DatasetError';
  }
}

export function isDatasetFormat(value: string): value is DatasetFormat {
  return (DATASET_FORMATS as readonly string[]).includes(value);
}

/** RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes. Returns rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (!(row.length === 1 && row[0] === '')) rows.push(row);
      row = [];
    } else {
      field += ch;
    }
  }
  if (quoted) throw new DatasetError('bad_format', 'unterminated quoted CSV field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function csvExamples(
  text: string,
  textColumn: string,
  labelColumn: string,
  file: string,
  keepRow?: { column: string; keep: (value: string) => boolean },
): LabeledText[] {
  const [header, ...allRows] = parseCsv(text);
  if (!header) throw new DatasetError('bad_format', `${file}: empty CSV`);
  const textAt = header.indexOf(textColumn);
  const labelAt = header.indexOf(labelColumn);
  if (textAt < 0 || labelAt < 0) {
    throw new DatasetError(
      'bad_format',
      `${file}: CSV header needs "${textColumn}" and "${labelColumn}" columns, found "${header.join(',')}"`,
    );
  }
  const filterAt = keepRow ? header.indexOf(keepRow.column) : -1;
  const examples: LabeledText[] = [];
  allRows.forEach((row, r) => {
    if (filterAt >= 0 && keepRow && !keepRow.keep(row[filterAt] ?? '')) return;
    const t = row[textAt];
    const l = row[labelAt];
    if (t === undefined || l === undefined || l === '')
      throw new DatasetError('bad_format', `${file}: row ${r + 2} has too few fields`);
    examples.push({ text: t, label: l });
  });
  return examples;
}

function jsonlExamples(text: string, file: string): LabeledText[] {
  const out: LabeledText[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new DatasetError('bad_format', `${file}: line ${i + 1} is not JSON`);
    }
    const record = value as { text?: unknown; intent?: unknown };
    if (
      typeof value !== 'object' ||
      value === null ||
      typeof record.text !== 'string' ||
      typeof record.intent !== 'string'
    ) {
      throw new DatasetError('bad_format', `${file}: line ${i + 1} needs string "text" and "intent"`);
    }
    out.push({ text: record.text, label: record.intent });
  });
  return out;
}

function clincSplits(text: string, file: string): { train: LabeledText[]; test: LabeledText[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DatasetError('bad_format', `${file}: not JSON (expected CLINC150 data_full.json)`);
  }
  const data = value as Record<string, unknown>;
  const split = (name: string): LabeledText[] => {
    const rows = data[name];
    if (rows === undefined) return [];
    if (!Array.isArray(rows)) throw new DatasetError('bad_format', `${file}: "${name}" is not a list`);
    return rows.map((pair: unknown, i) => {
      if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
        throw new DatasetError('bad_format', `${file}: ${name}[${i}] is not a [text, intent] pair`);
      }
      return { text: pair[0], label: pair[1] === 'oos' ? OUT_OF_SCOPE_LABEL : pair[1] };
    });
  };
  if (typeof data !== 'object' || data === null || !Array.isArray(data.train)) {
    throw new DatasetError('bad_format', `${file}: expected a CLINC150 object with a "train" list`);
  }
  return { train: [...split('train'), ...split('oos_train')], test: [...split('test'), ...split('oos_test')] };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new DatasetError(
      'not_found',
      code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? 'error'})`,
    );
  }
}

/** Parses one dataset file's text. For `clinc`, `part` picks the train or test split. */
export function parseDataset(
  format: DatasetFormat,
  text: string,
  file: string,
  part: 'train' | 'test' = 'train',
): LabeledText[] {
  let examples: LabeledText[];
  switch (format) {
    case 'banking77':
      examples = csvExamples(text, 'text', 'category', file);
      break;
    case 'massive':
      examples = csvExamples(text, 'text', 'label_text', file, {
        column: 'lang',
        keep: (lang) => /^zh(?:-|$)/iu.test(lang),
      });
      break;
    case 'jsonl':
      examples = jsonlExamples(text, file);
      break;
    case 'clinc':
      examples = clincSplits(text, file)[part];
      break;
  }
  if (examples.length === 0) throw new DatasetError('bad_format', `${file}: no examples`);
  return examples;
}

export async function loadDataset(
  format: DatasetFormat,
  file: string,
  part: 'train' | 'test' = 'train',
): Promise<LabeledText[]> {
  return parseDataset(format, await readText(file), file, part);
}

/** Train and test examples; for `clinc` the test file may be omitted (both splits live in one file). */
export async function loadDatasetSplits(
  format: DatasetFormat,
  trainFile: string,
  testFile?: string,
): Promise<{ train: LabeledText[]; test: LabeledText[] }> {
  if (format === 'clinc' && (testFile === undefined || testFile === trainFile)) {
    const text = await readText(trainFile);
    return {
      train: parseDataset(format, text, trainFile, 'train'),
      test: parseDataset(format, text, trainFile, 'test'),
    };
  }
  if (testFile === undefined) throw new DatasetError('bad_format', `--test is required for format ${format}`);
  return { train: await loadDataset(format, trainFile, 'train'), test: await loadDataset(format, testFile, 'test') };
}
