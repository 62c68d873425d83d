/**
 * Loads and validates the knowledge directory (format: /work/notes/knowledge-format.md):
 * `<dir>/<locale>/<intent>.md` (YAML front matter + Markdown answer) for every intent and locale, and
 * `<dir>/contact.yaml` whose values fill the `{{contact.*}}` placeholders of the answers.
 * Every problem throws a KnowledgeError naming the file and the field.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { KnowledgeError } from '../bot/errors.ts';
import { FLOW_IDS, isFlowId } from '../bot/flows/ids.ts';
import type { ContactInfo, KnowledgeBase, KnowledgeEntry } from './knowledge-types.ts';
import { normalize } from './normalize.ts';
import { INTENT_IDS, type IntentId, type Locale } from './types.ts';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export const CONTACT_FILE = 'contact.yaml';

export interface LoadKnowledgeOptions {
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
});

const localized = z.strictObject({ 'zh-CN': z.string().min(1), en: z.string().min(1) });
const contactSchema = z.strictObject({
  sample: z.boolean(),
  hotline: z.string().min(1),
  email: z.email(),
  hours: localized,
  social: localized,
  emailReplyHours: z.number().int().positive(),
});

/** A path for messages: relative to the working directory when inside it (knowledge/en/fees.md), else absolute. */
function displayPath(fullPath: string): string {
  const relative = path.relative(process.cwd(), fullPath);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : fullPath;
}

function issuesToError(file: string, error: z.ZodError): KnowledgeError {
  const issue = error.issues[0];
  if (!issue) return new KnowledgeError(file, 'front matter', 'invalid');
  if (issue.code === 'unrecognized_keys') {
    const prefix = issue.path.length > 0 ? `${issue.path.join('.')}.` : '';
    return new KnowledgeError(file, `${prefix}${issue.keys[0] ?? ''}`, `unknown key (allowed: ${allowedKeys(issue.path)})`);
  }
  const field = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
  const reason = issue.code === 'invalid_type' && /received undefined$/.test(issue.message) ? 'required' : issue.message;
  return new KnowledgeError(file, field || 'front matter', reason);
}

function allowedKeys(keyPath: readonly PropertyKey[]): string {
  if (keyPath[0] === 'handoff') return 'mode, urgent';
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

/** The name is trimmed in code: "\s*([^{}]*?)\s*" tried every split of a run of spaces (quadratic on "{{" + spaces). */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/** `{{contact.hotline}}` etc. in an answer → the contact values (exported for the linear-time test). */
export function fillPlaceholders(body: string, contact: ContactInfo, locale: Locale, file: string): string {
  const values: Record<string, string> = {
    'contact.hotline': contact.hotline,
    'contact.email': contact.email,
    'contact.hours': contact.hours[locale],
    'contact.social': contact.social[locale],
    'contact.emailReplyHours': String(contact.emailReplyHours),
  };
  return body.replace(PLACEHOLDER, (match, spacedName: string) => {
    const value = values[spacedName.trim()];
    if (value === undefined) {
      throw new KnowledgeError(file, 'answer', `unknown placeholder ${match} (known: ${Object.keys(values).map((k) => `{{${k}}}`).join(', ')})`);
    }
    return value;
  });
}

async function loadContact(dir: string): Promise<ContactInfo> {
  const fullPath = path.join(dir, CONTACT_FILE);
  const file = displayPath(fullPath);
  let text: string;
  try {
    text = await readFile(fullPath, 'utf8');
  } catch {
    throw new KnowledgeError(file, 'file', 'missing: contact details fill the {{contact.*}} placeholders');
  }
  const parsed = contactSchema.safeParse(parseYaml(text, file, 0, 'contact'));
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

function parseEntry(text: string, locale: Locale, fileName: string, file: string, contact: ContactInfo, minimums: typeof DEFAULT_MINIMUMS): KnowledgeEntry {
  const { yaml, body } = splitFrontMatter(text, file);
  const parsed = frontMatterSchema.safeParse(parseYaml(yaml, file, 1, 'front matter') ?? {});
  if (!parsed.success) throw issuesToError(file, parsed.error);
  const front = parsed.data;
  const expectedId = fileName.replace(/\.md$/, '');
  if (front.id !== expectedId) throw new KnowledgeError(file, 'id', `"${front.id}" does not match the file name (expected "${expectedId}")`);
  const id = front.id as IntentId;
  if (front.flow !== undefined && !isFlowId(front.flow)) {
    throw new KnowledgeError(file, 'flow', `unknown flow "${front.flow}" (known: ${FLOW_IDS.join(', ')})`);
  }
  const isOutOfScope = id === 'out_of_scope';
  const minExamples = isOutOfScope ? minimums.minOutOfScope : minimums.minExamples;
  const minTests = isOutOfScope ? minimums.minOutOfScopeTests : minimums.minTests;
  if (front.examples.length < minExamples) {
    throw new KnowledgeError(file, 'examples', `needs at least ${minExamples} utterances, found ${front.examples.length}`);
  }
  if (front.tests.length < minTests) {
    throw new KnowledgeError(file, 'tests', `needs at least ${minTests} utterances, found ${front.tests.length}`);
  }
  if (body.trim().length === 0) throw new KnowledgeError(file, 'answer', 'empty: the Markdown body after the front matter is the answer');
  const answer = fillPlaceholders(body.trim(), contact, locale, file);
  const entry: KnowledgeEntry = {
    id,
    locale,
    title: front.title.trim(),
    examples: front.examples.map((s) => s.trim()),
    tests: front.tests.map((s) => s.trim()),
    answer,
    file: `${locale}/${fileName}`,
  };
  if (front.flow !== undefined && isFlowId(front.flow)) entry.flow = front.flow;
  if (front.handoff) entry.handoff = front.handoff.urgent === undefined ? { mode: front.handoff.mode } : { mode: front.handoff.mode, urgent: front.handoff.urgent };
  return entry;
}

/**
 * Utterances are compared after normalize() (NFKC, half-width, Traditional → Simplified, lower-case,
 * symbols and emoji dropped): two strings the classifier cannot tell apart count as the same utterance.
 */
function checkUtterances(entries: KnowledgeEntry[], displayOf: (entry: KnowledgeEntry) => string): void {
  const owner = new Map<string, { entry: KnowledgeEntry; field: 'examples' | 'tests'; text: string }>();
  for (const entry of entries) {
    const exampleKeys = entry.examples.map(normalize);
    const testKeys = entry.tests.map(normalize);
    const examples = new Set(exampleKeys);
    testKeys.forEach((key, i) => {
      if (examples.has(key)) {
        throw new KnowledgeError(displayOf(entry), `tests[${i}]`, `"${entry.tests[i]}" equals a training example (after normalisation): tests must be held out`);
      }
    });
    for (const [field, keys] of [['examples', exampleKeys], ['tests', testKeys]] as const) {
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

/** Loads `<dir>/contact.yaml` and every `<dir>/<locale>/<intent>.md`; throws KnowledgeError on the first problem. */
export async function loadKnowledge(dir: string, options: LoadKnowledgeOptions = {}): Promise<KnowledgeBase> {
  const minimums = { ...DEFAULT_MINIMUMS };
  for (const key of Object.keys(DEFAULT_MINIMUMS) as Array<keyof typeof DEFAULT_MINIMUMS>) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`loadKnowledge: ${key} must be a whole number >= 0, got ${value}`);
    minimums[key] = value;
  }
  const root = path.resolve(dir);
  const contact = await loadContact(root);
  const displayOf = (entry: KnowledgeEntry): string => displayPath(path.join(root, entry.file));
  const byLocale = new Map<Locale, KnowledgeEntry[]>();
  const listings = await Promise.all(LOCALES.map((locale) => listMarkdown(path.join(root, locale))));

  for (const [index, locale] of LOCALES.entries()) {
    const names = listings[index];
    const localeDir = displayPath(path.join(root, locale));
    if (!names) throw new KnowledgeError(localeDir, 'locale', `missing folder: every locale (${LOCALES.join(', ')}) needs one`);
    for (const name of names) {
      if (!(INTENT_IDS as readonly string[]).includes(name.replace(/\.md$/, ''))) {
        throw new KnowledgeError(displayPath(path.join(root, locale, name)), 'file', `not an intent id (known: ${INTENT_IDS.join(', ')})`);
      }
    }
    const texts = await Promise.all(names.map((name) => readFile(path.join(root, locale, name), 'utf8')));
    const entries = names.map((name, i) => parseEntry(texts[i] ?? '', locale, name, displayPath(path.join(root, locale, name)), contact, minimums));
    byLocale.set(locale, entries);
  }

  for (const locale of LOCALES) {
    const present = new Set((byLocale.get(locale) ?? []).map((e) => e.id));
    for (const id of INTENT_IDS) {
      if (present.has(id)) continue;
      const elsewhere = LOCALES.filter((other) => other !== locale && byLocale.get(other)?.some((e) => e.id === id));
      const reason = elsewhere.length > 0 ? `missing locale counterpart of ${elsewhere.map((l) => `${l}/${id}.md`).join(', ')}` : 'missing: every intent needs a file in every locale';
      throw new KnowledgeError(displayPath(path.join(root, locale, `${id}.md`)), 'file', reason);
    }
  }

  for (const locale of LOCALES) checkUtterances(byLocale.get(locale) ?? [], displayOf);

  const all = LOCALES.flatMap((locale) => byLocale.get(locale) ?? []);
  const index = new Map(all.map((e) => [`${e.locale}/${e.id}`, e]));
  return {
    dir: root,
    locales: LOCALES,
    contact,
    entries: (locale?: Locale) => (locale ? [...(byLocale.get(locale) ?? [])] : [...all]),
    get: (intent: IntentId, locale: Locale) => index.get(`${locale}/${intent}`),
  };
}
