/**
 * Loads and validates the knowledge directory (format: /work/notes/knowledge-format.md):
 * `<dir>/<locale>/<intent>.md` (YAML front matter + Markdown answer) for every intent and locale, and
 * `<dir>/values.yaml` whose values fill the `{{group.key}}` placeholders of the answers. The intents are
 * the files: a new pair of files is a new intent; the core intents that code relies on must exist.
 * Every problem throws a KnowledgeError naming the file and the field.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { KnowledgeError } from './errors.ts';
import type { KnowledgeBase, KnowledgeEntry } from './knowledge-types.ts';
import { loadArticles } from './articles-load.ts';
import { knowledgeBaseOf } from './knowledge-base.ts';
import { normalize } from './normalize.ts';
import { contactOf, fillPlaceholders, valuesSchema, valueTable, VALUES_FILE } from './knowledge-values.ts';
import { CORE_INTENT_IDS, INTENT_ID_PATTERN, type IntentId, type Locale } from './types.ts';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export { VALUES_FILE } from './knowledge-values.ts';

export interface LoadKnowledgeOptions<Flow extends string = string> {
  /**
   * The guided flows the bot can run: a file's `flow` field must name one of them. Given by the bot's
   * loader (bot/core/knowledge.ts, with FLOW_IDS), since intents/ knows nothing of the bot. Absent:
   * any `flow` name is taken as it is (NLU evaluation and benchmarks, which never run a flow).
   */
  flowIds?: readonly Flow[];
  /** Training utterances per intent (default 40). */
  minExamples?: number;
  /** Held-out test utterances per intent (default 10). */
  minTests?: number;
  /** Training utterances for out_of_scope (default 150). */
  minOutOfScope?: number;
  /** Test utterances for out_of_scope (default 30). */
  minOutOfScopeTests?: number;
}

const DEFAULT_MINIMUMS = { minExamples: 40, minTests: 10, minOutOfScope: 150, minOutOfScopeTests: 30 };

const utterance = z.string().refine((s) => s.trim().length > 0, 'empty utterance');

const frontMatterSchema = z.strictObject({
  id: z.string(),
  title: z.string().refine((s) => s.trim().length > 0, 'empty title'),
  flow: z.string().optional(),
  handoff: z
    .strictObject({
      mode: z.enum(['immediate', 'offer', 'never']),
      urgent: z.boolean().optional(),
    })
    .optional(),
  examples: z.array(utterance),
  tests: z.array(utterance),
  /** `console`: taught in the support console and exported (bot/teach/); smaller minimums (CONSOLE_MINIMUMS). */
  source: z.literal('console').optional(),
});

/**
 * A console-taught intent starts from the few examples staff wrote (and the texts customers later bring to it):
 * at least 5 examples, no held-out tests. Files without `source: console` keep the loader's minimums.
 */
export const CONSOLE_MINIMUMS = { minExamples: 5, minTests: 0 } as const;

/** A path for messages: relative to the working directory when inside it (knowledge/en/fees.md), else absolute. */
function displayPath(fullPath: string): string {
  const relative = path.relative(process.cwd(), fullPath);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative)
    ? relative.split(path.sep).join('/')
    : fullPath;
}

function issuesToError(file: string, error: z.ZodError): KnowledgeError {
  const issue = error.issues[0];
  if (!issue) return new KnowledgeError(file, 'front matter', 'invalid');
  if (issue.code === 'unrecognized_keys') {
    const prefix = issue.path.length > 0 ? `${issue.path.join('.')}.` : '';
    return new KnowledgeError(
      file,
      `${prefix}${issue.keys[0] ?? ''}`,
      `unknown key (allowed: ${allowedKeys(issue.path)})`,
    );
  }
  const field = issue.path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`))
    .join('');
  const reason =
    issue.code === 'invalid_type' && /received undefined$/.test(issue.message) ? 'required' : issue.message;
  return new KnowledgeError(file, field || 'front matter', reason);
}

function allowedKeys(keyPath: readonly PropertyKey[]): string {
  if (keyPath[0] === 'handoff') return 'mode, urgent';
  if (keyPath[0] === 'contact') return 'hotline, email, hours, social, emailReplyHours';
  if (keyPath.length === 0) return Object.keys(frontMatterSchema.shape).join(', ');
  return 'see the knowledge format';
}

/**
 * Parses YAML text. A syntax error or warning is reported with its line (shifted by `lineOffset`)
 * under `yaml`; anything that fails while building the value (an alias without its anchor, too many
 * aliases, …) is reported under `field`. Never throws anything but a KnowledgeError.
 */
function parseYaml(text: string, file: string, lineOffset: number, field: string): unknown {
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    throw new KnowledgeError(file, field, `bad YAML: ${firstLine(error)}`);
  }
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const line = (problem.linePos?.[0].line ?? 1) + lineOffset;
    const what = firstLine(problem).replace(/ at line \d+, column \d+:?$/, '');
    throw new KnowledgeError(file, 'yaml', `bad YAML at line ${line}: ${what}`);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new KnowledgeError(file, field, `bad YAML: ${firstLine(error)}`);
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? '';
}

/** Splits `---\n<yaml>\n---\n<body>`; returns the YAML, the body, and the line where the YAML starts (1-based). */
function splitFrontMatter(text: string, file: string): { yaml: string; body: string } {
  const clean = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!clean.startsWith('---\n')) throw new KnowledgeError(file, 'front matter', 'file must start with a "---" line');
  const end = clean.indexOf('\n---', 3);
  const afterEnd = clean[end + 4];
  if (end < 0 || (afterEnd !== undefined && afterEnd !== '\n')) {
    throw new KnowledgeError(file, 'front matter', 'no closing "---" line');
  }
  return { yaml: clean.slice(4, end + 1), body: clean.slice(end + 5) };
}

async function loadValues(dir: string): Promise<z.infer<typeof valuesSchema>> {
  const fullPath = path.join(dir, VALUES_FILE);
  const file = displayPath(fullPath);
  let text: string;
  try {
    text = await readFile(fullPath, 'utf8');
  } catch {
    throw new KnowledgeError(
      file,
      'file',
      'missing: values.yaml holds the values answers reference ({{contact.hotline}}, {{limits.…}})',
    );
  }
  const parsed = valuesSchema.safeParse(parseYaml(text, file, 0, 'values'));
  if (!parsed.success) throw issuesToError(file, parsed.error);
  return parsed.data;
}

async function listMarkdown(dir: string): Promise<string[] | undefined> {
  try {
    const names = await readdir(dir);
    return names.filter((n) => n.endsWith('.md')).sort();
  } catch {
    return undefined;
  }
}

function parseEntry<Flow extends string>(
  text: string,
  locale: Locale,
  fileName: string,
  file: string,
  values: ReadonlyMap<string, string>,
  minimums: typeof DEFAULT_MINIMUMS,
  flowIds: readonly Flow[] | undefined,
): KnowledgeEntry<Flow> {
  const { yaml, body } = splitFrontMatter(text, file);
  const parsed = frontMatterSchema.safeParse(parseYaml(yaml, file, 1, 'front matter') ?? {});
  if (!parsed.success) throw issuesToError(file, parsed.error);
  const front = parsed.data;
  const expectedId = fileName.replace(/\.md$/, '');
  if (front.id !== expectedId)
    throw new KnowledgeError(file, 'id', `"${front.id}" does not match the file name (expected "${expectedId}")`);
  const id = front.id as IntentId;
  const isFlow = (name: string): name is Flow => flowIds === undefined || (flowIds as readonly string[]).includes(name);
  if (front.flow !== undefined && !isFlow(front.flow)) {
    throw new KnowledgeError(file, 'flow', `unknown flow "${front.flow}" (known: ${(flowIds ?? []).join(', ')})`);
  }
  const isOutOfScope = id === 'out_of_scope';
  const fromConsole = front.source === 'console' && !isOutOfScope;
  let minExamples = isOutOfScope ? minimums.minOutOfScope : minimums.minExamples;
  let minTests = isOutOfScope ? minimums.minOutOfScopeTests : minimums.minTests;
  if (fromConsole) {
    minExamples = Math.min(minExamples, CONSOLE_MINIMUMS.minExamples);
    minTests = Math.min(minTests, CONSOLE_MINIMUMS.minTests);
  }
  if (front.examples.length < minExamples) {
    throw new KnowledgeError(
      file,
      'examples',
      `needs at least ${minExamples} utterances, found ${front.examples.length}`,
    );
  }
  if (front.tests.length < minTests) {
    throw new KnowledgeError(file, 'tests', `needs at least ${minTests} utterances, found ${front.tests.length}`);
  }
  if (body.trim().length === 0)
    throw new KnowledgeError(file, 'answer', 'empty: the Markdown body after the front matter is the answer');
  const answer = fillPlaceholders(body.trim(), values as Map<string, string>, file);
  const entry: KnowledgeEntry<Flow> = {
    id,
    locale,
    title: front.title.trim(),
    examples: front.examples.map((s) => s.trim()),
    tests: front.tests.map((s) => s.trim()),
    answer,
    file: `${locale}/${fileName}`,
  };
  if (front.flow !== undefined && isFlow(front.flow)) entry.flow = front.flow;
  if (front.handoff)
    entry.handoff =
      front.handoff.urgent === undefined
        ? { mode: front.handoff.mode }
        : { mode: front.handoff.mode, urgent: front.handoff.urgent };
  if (fromConsole) entry.source = 'console';
  return entry;
}

export interface ParseKnowledgeEntryOptions<Flow extends string = string> {
  locale: Locale;
  /** `<id>.md`: the front matter's id must match it. */
  fileName: string;
  /** How messages name the file (default `<locale>/<fileName>`); the console names only the locale. */
  file?: string;
  /** The locale's `{{group.key}}` values (KnowledgeBase.values[locale]). */
  values: ReadonlyMap<string, string>;
  /** As LoadKnowledgeOptions.flowIds. */
  flowIds?: readonly Flow[];
  /** As LoadKnowledgeOptions (defaults 40 / 10 / 150 / 30); `source: console` relaxes them (CONSOLE_MINIMUMS). */
  minimums?: Partial<typeof DEFAULT_MINIMUMS>;
}

/**
 * Parses and validates ONE intent file's text (front matter + Markdown answer) by the loader's rules: the
 * id pattern and file name, the front matter schema, the flow, the minimums, a non-empty answer with its
 * placeholders filled. The console validates a new intent with it (bot/teach/). Throws KnowledgeError.
 * The duplicate check across files is `checkKnowledgeUtterances`.
 */
export function parseKnowledgeEntry<Flow extends string = string>(
  text: string,
  opts: ParseKnowledgeEntryOptions<Flow>,
): KnowledgeEntry<Flow> {
  const file = opts.file ?? `${opts.locale}/${opts.fileName}`;
  const id = opts.fileName.replace(/\.md$/, '');
  if (!INTENT_ID_PATTERN.test(id))
    throw new KnowledgeError(
      file,
      'id',
      `"${id}" is not an intent id: lower-case letters, digits and _ (2–60), starting with a letter`,
    );
  const minimums = { ...DEFAULT_MINIMUMS, ...opts.minimums };
  return parseEntry(text, opts.locale, opts.fileName, file, opts.values, minimums, opts.flowIds);
}

/**
 * Utterances are compared after normalize() (NFKC, half-width, Traditional → Simplified, lower-case,
 * symbols and emoji dropped): two strings the classifier cannot tell apart count as the same utterance.
 * One locale's entries; throws KnowledgeError on the first test equal to its own example or utterance of two intents.
 */
export function checkKnowledgeUtterances(
  entries: readonly KnowledgeEntry[],
  displayOf: (entry: KnowledgeEntry) => string,
): void {
  const owner = new Map<string, { entry: KnowledgeEntry; field: 'examples' | 'tests'; text: string }>();
  for (const entry of entries) {
    const exampleKeys = entry.examples.map(normalize);
    const testKeys = entry.tests.map(normalize);
    const examples = new Set(exampleKeys);
    testKeys.forEach((key, i) => {
      if (examples.has(key)) {
        throw new KnowledgeError(
          displayOf(entry),
          `tests[${i}]`,
          `"${entry.tests[i]}" equals a training example (after normalisation): tests must be held out`,
        );
      }
    });
    for (const [field, keys] of [
      ['examples', exampleKeys],
      ['tests', testKeys],
    ] as const) {
      keys.forEach((key, i) => {
        const text = entry[field][i] ?? '';
        const first = owner.get(key);
        if (first && first.entry !== entry) {
          throw new KnowledgeError(
            displayOf(entry),
            `${field}[${i}]`,
            `duplicate utterance "${text}" also in ${displayOf(first.entry)} (${first.field}: "${first.text}"): one utterance, one intent`,
          );
        }
        if (!first) owner.set(key, { entry, field, text });
      });
    }
  }
}

/** Loads `<dir>/values.yaml` and every `<dir>/<locale>/<intent>.md`; throws KnowledgeError on the first problem. */
export async function loadKnowledge<Flow extends string = string>(
  dir: string,
  options: LoadKnowledgeOptions<Flow> = {},
): Promise<KnowledgeBase<Flow>> {
  const minimums = { ...DEFAULT_MINIMUMS };
  for (const key of Object.keys(DEFAULT_MINIMUMS) as Array<keyof typeof DEFAULT_MINIMUMS>) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 0)
      throw new RangeError(`loadKnowledge: ${key} must be a whole number >= 0, got ${value}`);
    minimums[key] = value;
  }
  const root = path.resolve(dir);
  const values = await loadValues(root);
  const tables = { 'zh-CN': valueTable(values, 'zh-CN'), en: valueTable(values, 'en') } as const;
  const displayOf = (entry: KnowledgeEntry): string => displayPath(path.join(root, entry.file));
  const byLocale = new Map<Locale, KnowledgeEntry<Flow>[]>();
  const listings = await Promise.all(LOCALES.map((locale) => listMarkdown(path.join(root, locale))));

  for (const [index, locale] of LOCALES.entries()) {
    const names = listings[index];
    const localeDir = displayPath(path.join(root, locale));
    if (!names)
      throw new KnowledgeError(localeDir, 'locale', `missing folder: every locale (${LOCALES.join(', ')}) needs one`);
    for (const name of names) {
      if (!INTENT_ID_PATTERN.test(name.replace(/\.md$/, ''))) {
        throw new KnowledgeError(
          displayPath(path.join(root, locale, name)),
          'file',
          'an intent file is named <id>.md, the id of lower-case letters, digits and _ (2–60)',
        );
      }
    }
    const texts = await Promise.all(names.map((name) => readFile(path.join(root, locale, name), 'utf8')));
    const entries = names.map((name, i) =>
      parseEntry(
        texts[i] ?? '',
        locale,
        name,
        displayPath(path.join(root, locale, name)),
        tables[locale],
        minimums,
        options.flowIds,
      ),
    );
    byLocale.set(locale, entries);
  }

  // Every intent in every locale: the core ones by name, and each file's counterpart in the other locales.
  const ids = [
    ...new Set([...CORE_INTENT_IDS, ...LOCALES.flatMap((l) => (byLocale.get(l) ?? []).map((e) => e.id))]),
  ].sort();
  for (const locale of LOCALES) {
    const present = new Set((byLocale.get(locale) ?? []).map((e) => e.id));
    for (const id of ids) {
      if (present.has(id)) continue;
      const elsewhere = LOCALES.filter((other) => other !== locale && byLocale.get(other)?.some((e) => e.id === id));
      const reason =
        elsewhere.length > 0
          ? `missing locale counterpart of ${elsewhere.map((l) => `${l}/${id}.md`).join(', ')}`
          : 'missing: every intent needs a file in every locale';
      throw new KnowledgeError(displayPath(path.join(root, locale, `${id}.md`)), 'file', reason);
    }
  }

  for (const locale of LOCALES) checkKnowledgeUtterances(byLocale.get(locale) ?? [], displayOf);

  return knowledgeBaseOf(
    {
      dir: root,
      locales: LOCALES,
      contact: contactOf(values),
      values: tables,
      intents: ids,
      // Help-center articles (optional folder articles/<locale>/): validated here, indexed by intents/articles.ts.
      articles: await loadArticles(root, LOCALES, tables, displayPath),
    },
    byLocale,
  );
}
