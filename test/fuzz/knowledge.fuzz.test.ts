/**
 * The knowledge loader on random front matter: every outcome is a loaded knowledge base or a
 * KnowledgeError (naming file and field), never another error type.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { KnowledgeError } from '../../bot/errors.ts';
import { loadKnowledge, type LoadKnowledgeOptions } from '../../bot/core/knowledge.ts';

const VALID = path.resolve('test/fixtures/knowledge/valid');
const SMALL: LoadKnowledgeOptions = { minExamples: 3, minTests: 2, minOutOfScope: 4, minOutOfScopeTests: 2 };
const FIELDS = ['id', 'title', 'flow', 'handoff', 'examples', 'tests', 'answer', 'tags', 'priority', 'locale'];

/** Any YAML-representable value, biased towards the shapes the schema expects. */
const yamlValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 30 }),
    fc.constantFrom(
      'fees',
      'forgot_password',
      'payment_failed',
      '',
      ' ',
      '{{contact.phone}}',
      '{{contact.nope}}',
      'null',
    ),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.constantFrom(...FIELDS, 'when', 'reason', 'x'), tie('value'), { maxKeys: 4 }),
  ),
})).value;

const frontMatter = fc.oneof(
  // A structured document: random values under the real field names.
  fc.dictionary(fc.constantFrom(...FIELDS), yamlValue, { maxKeys: 7 }).map((doc) => stringify(doc)),
  // Raw text: broken YAML, tabs, anchors, huge scalars.
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.constantFrom(
    'id: fees\ntitle: [unclosed',
    '&a [*a]',
    'id: !!binary aGVsbG8=',
    'key: *undefined_alias',
    '---',
    '\t- x',
    'id: fees\nid: fees',
  ),
);

const fileBody = fc
  .tuple(frontMatter, fc.string({ maxLength: 60 }), fc.boolean())
  .map(([fm, body, fenced]) => (fenced ? `---\n${fm}\n---\n${body}` : `${fm}\n${body}`));

describe('knowledge loader on random front matter', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'upay-kfuzz-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('loads or throws KnowledgeError, nothing else', async () => {
    let run = 0;
    const outcomes = { loaded: 0, knowledgeError: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('en/fees.md', 'zh-CN/fees.md', 'en/forgot_password.md', 'values.yaml'),
        fileBody,
        async (file, content) => {
          const dir = path.join(root, `r${run++}`);
          await cp(VALID, dir, { recursive: true });
          await writeFile(path.join(dir, file), content);
          try {
            await loadKnowledge(dir, SMALL);
            outcomes.loaded++;
          } catch (error) {
            if (!(error instanceof KnowledgeError))
              throw new Error(`not a KnowledgeError: ${String(error)}`, { cause: error });
            expect(error.message).toContain(error.file);
            outcomes.knowledgeError++;
          } finally {
            await rm(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 80 },
    );
    expect(outcomes.knowledgeError).toBeGreaterThan(0);
  }, 60_000);

  // Found by this fuzzing: yaml's toJS() threw a ReferenceError for an alias without anchor.
  it('an unresolved YAML alias is a KnowledgeError naming the file', async () => {
    const dir = path.join(root, 'alias');
    await cp(VALID, dir, { recursive: true });
    await writeFile(path.join(dir, 'en/fees.md'), '---\nkey: *undefined_alias\n---\nFees.\n');
    await expect(loadKnowledge(dir, SMALL)).rejects.toBeInstanceOf(KnowledgeError);
  });
});
