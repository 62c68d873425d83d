/**
 * Help-center articles: `<knowledge>/articles/<locale>/<id>.md`, YAML front matter (`id`, `title`, optional
 * `tags`, optional `sample`) and a Markdown body whose `{{group.key}}` values (values.yaml) are filled in at load.
 * Support staff drop files here; the folder is optional (no folder, no articles). Every problem throws a
 * KnowledgeError naming the file and the field, like the intent files.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { KnowledgeError } from './errors.ts';
import { fillPlaceholders } from './knowledge-values.ts';
import type { Locale } from './types.ts';

const ARTICLES_DIR = 'articles';
const ARTICLE_ID_PATTERN = /^[a-z][a-z0-9_]{1,59}$/;

/** One validated article in one locale. */
export interface Article {
  id: string;
  locale: Locale;
  title: string;
  tags: string[];
  /** True when the article describes the product only as an example (to be checked before production). */
  sample: boolean;
  /** Markdown body with values filled in and HTML comments (authors' notes) removed. */
  body: string;
  /** Path relative to the knowledge directory (articles/zh-CN/x.md), for messages. */
  file: string;
}

const nonEmpty = z.string().refine((s) => s.trim().length > 0, 'empty');

const frontMatterSchema = z.strictObject({
  id: z.string(),
  title: nonEmpty,
  tags: z.array(nonEmpty).optional(),
  sample: z.boolean().optional(),
});

function issueToError(file: string, error: z.ZodError): KnowledgeError {
  const issue = error.issues[0];
  if (!issue) return new KnowledgeError(file, 'front matter', 'invalid');
  if (issue.code === 'unrecognized_keys') {
    return new KnowledgeError(
      file,
      issue.keys[0] ?? 'front matter',
      `unknown key (allowed: ${Object.keys(frontMatterSchema.shape).join(', ')})`,
    );
  }
  const field = issue.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  const reason =
    issue.code === 'invalid_type' && /received undefined$/.test(issue.message) ? 'required' : issue.message;
  return new KnowledgeError(file, field || 'front matter', reason);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/** `---\n<yaml>\n---\n<body>` → its parts. */
function splitFrontMatter(text: string, file: string): { yaml: string; body: string } {
  const clean = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!clean.startsWith('---\n')) throw new KnowledgeError(file, 'front matter', 'file must start with a "---" line');
  const end = clean.indexOf('\n---', 3);
  const afterEnd = clean[end + 4];
  if (end < 0 || (afterEnd !== undefined && afterEnd !== '\n'))
    throw new KnowledgeError(file, 'front matter', 'no closing "---" line');
  return { yaml: clean.slice(4, end + 1), body: clean.slice(end + 5) };
}

function parseFrontMatter(yaml: string, file: string): unknown {
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(yaml, { uniqueKeys: true });
  } catch (error) {
    throw new KnowledgeError(file, 'front matter', `bad YAML: ${firstLine(error)}`);
  }
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    // +1: the YAML starts on the line after the opening "---".
    const line = (problem.linePos?.[0].line ?? 1) + 1;
    throw new KnowledgeError(
      file,
      'yaml',
      `bad YAML at line ${line}: ${firstLine(problem).replace(/ at line \d+, column \d+:?$/, '')}`,
    );
  }
  try {
    return doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    throw new KnowledgeError(file, 'front matter', `bad YAML: ${firstLine(error)}`);
  }
}

// Bounded, no nested quantifiers: linear on any body.
const HTML_COMMENT = /<!--[\s\S]*?-->/g;

/** Parses one article file; `file` is the name used in messages. */
export function parseArticle(
  text: string,
  locale: Locale,
  fileName: string,
  file: string,
  values: ReadonlyMap<string, string>,
): Article {
  const { yaml, body } = splitFrontMatter(text, file);
  const parsed = frontMatterSchema.safeParse(parseFrontMatter(yaml, file));
  if (!parsed.success) throw issueToError(file, parsed.error);
  const front = parsed.data;
  const expectedId = fileName.replace(/\.md$/, '');
  if (front.id !== expectedId)
    throw new KnowledgeError(file, 'id', `"${front.id}" does not match the file name (expected "${expectedId}")`);
  const markdown = body.replace(HTML_COMMENT, '').trim();
  if (markdown.length === 0)
    throw new KnowledgeError(file, 'body', 'empty: the Markdown after the front matter is the article');
  return {
    id: front.id,
    locale,
    title: front.title.trim(),
    tags: (front.tags ?? []).map((t) => t.trim()),
    sample: front.sample ?? false,
    body: fillPlaceholders(markdown, values as Map<string, string>, file),
    file: `${ARTICLES_DIR}/${locale}/${fileName}`,
  };
}

async function listMarkdown(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => n.endsWith('.md')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Loads every `<root>/articles/<locale>/<id>.md`. `values` are the `{{group.key}}` tables per locale;
 * `displayPath` turns a full path into the name used in messages.
 */
export async function loadArticles(
  root: string,
  locales: readonly Locale[],
  values: Record<Locale, ReadonlyMap<string, string>>,
  displayPath: (fullPath: string) => string = (p) => p,
): Promise<Article[]> {
  const out: Article[] = [];
  for (const locale of locales) {
    const dir = path.join(root, ARTICLES_DIR, locale);
    const names = await listMarkdown(dir);
    for (const name of names) {
      const full = path.join(dir, name);
      if (!ARTICLE_ID_PATTERN.test(name.replace(/\.md$/, ''))) {
        throw new KnowledgeError(
          displayPath(full),
          'file',
          'an article file is named <id>.md, the id of lower-case letters, digits and _ (2–60)',
        );
      }
      out.push(parseArticle(await readFile(full, 'utf8'), locale, name, displayPath(full), values[locale]));
    }
  }
  return out;
}
