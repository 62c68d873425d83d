import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KnowledgeError } from '../../bot/errors.ts';
import { loadKnowledge, type LoadKnowledgeOptions } from '../../bot/core/knowledge.ts';
import { CORE_INTENT_IDS as INTENT_IDS } from '../../intents/types.ts';
import { rejectionOf } from '../support/rejection.ts';

const VALID = path.resolve('test/fixtures/knowledge/valid');
/** The fixture has 3 examples / 2 tests per intent (out_of_scope: 4 / 2). */
const SMALL: LoadKnowledgeOptions = { minExamples: 3, minTests: 2, minOutOfScope: 4, minOutOfScopeTests: 2 };

const tmpDirs: string[] = [];
afterEach(async () => {
  await Promise.all(tmpDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** Copies the valid fixture to a temp dir and applies `mutate(dir)`. */
async function fixture(mutate: (dir: string) => Promise<void>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'upay-knowledge-'));
  tmpDirs.push(dir);
  await cp(VALID, dir, { recursive: true });
  await mutate(dir);
  return dir;
}

async function edit(dir: string, file: string, change: (text: string) => string): Promise<void> {
  const full = path.join(dir, file);
  const before = await readFile(full, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`fixture edit did not change ${file}`);
  await writeFile(full, after);
}

function loadError(dir: string, options: LoadKnowledgeOptions = SMALL): Promise<KnowledgeError> {
  return rejectionOf(loadKnowledge(dir, options), KnowledgeError);
}

describe('loadKnowledge: valid set', () => {
  it('loads every intent in both locales with flows, handoff and filled placeholders', async () => {
    const kb = await loadKnowledge(VALID, SMALL);
    expect(kb.locales).toEqual(['zh-CN', 'en']);
    expect(kb.entries()).toHaveLength(INTENT_IDS.length * 2);
    expect(
      kb
        .entries('en')
        .map((e) => e.id)
        .sort(),
    ).toEqual([...INTENT_IDS].sort());
    expect(kb.contact).toMatchObject({ sample: true, email: 'support@upay.example', emailReplyHours: 24 });

    const frozen = kb.get('account_frozen', 'zh-CN');
    expect(frozen).toMatchObject({
      id: 'account_frozen',
      locale: 'zh-CN',
      title: '账户被冻结怎么办',
      flow: 'account_frozen',
      file: 'zh-CN/account_frozen.md',
    });
    expect(frozen?.examples).toContain('帳戶被凍結');
    expect(frozen?.handoff).toBeUndefined();
    expect(kb.get('unrecognized_transaction', 'en')?.handoff).toEqual({ mode: 'offer', urgent: true });
    expect(kb.get('human_agent', 'en')?.handoff).toEqual({ mode: 'immediate' });
    expect(kb.get('greeting', 'en')?.flow).toBeUndefined();

    expect(kb.get('contact_support', 'zh-CN')?.answer).toBe(
      '热线 400-000-0000，邮箱 support@upay.example（24 小时内回复），时间 每天 9:00–21:00，社交媒体 官方微信公众号。',
    );
    expect(kb.get('contact_support', 'en')?.answer).toContain(
      'hours daily 9:00–21:00 (Beijing time), social official Facebook page.',
    );
  });

  it('a new pair of files is a new intent, with no code change; answers take any values.yaml value', async () => {
    const dir = await fixture(async (d) => {
      for (const locale of ['en', 'zh-CN']) {
        const text = await readFile(path.join(d, locale, 'fees.md'), 'utf8');
        const examples =
          locale === 'en'
            ? ['daily limit', 'how much can I send a day', 'max transfer per day']
            : ['每天限额', '一天最多转多少', '单日转账上限'];
        const tests = locale === 'en' ? ['transfer cap per day', 'limit per day?'] : ['日限额多少', '每日上限'];
        const body = `---\nid: transfer_limits\ntitle: ${locale === 'en' ? 'Transfer limits' : '转账限额'}\nexamples:\n${examples.map((e) => `  - ${e}\n`).join('')}tests:\n${tests.map((e) => `  - ${e}\n`).join('')}---\nLimit: {{limits.transfer_daily}}; age {{ limits.age }}.\n`;
        expect(text).toContain('id: fees');
        await writeFile(path.join(d, locale, 'transfer_limits.md'), body);
      }
    });
    const kb = await loadKnowledge(dir, SMALL);
    expect(kb.intents).toContain('transfer_limits');
    expect(kb.intents).toHaveLength(INTENT_IDS.length + 1);
    expect(kb.get('transfer_limits', 'en')?.answer).toBe('Limit: CNY 50,000 a day; age 18.');
    expect(kb.get('transfer_limits', 'zh-CN')?.answer).toBe('Limit: 每日 5 万元; age 18.');
    expect(kb.values.en.get('contact.hotline')).toBe('400-000-0000');
  });

  it('fills placeholders written with spaces inside the braces', async () => {
    const dir = await fixture((d) =>
      edit(d, 'en/contact_support.md', (t) => t.replace('{{contact.hotline}}', '{{  contact.hotline\t}}')),
    );
    const kb = await loadKnowledge(dir, SMALL);
    expect(kb.get('contact_support', 'en')?.answer).toMatch(/^Hotline 400-000-0000, email support@upay\.example/);
  });

  it('entries() returns copies', async () => {
    const kb = await loadKnowledge(VALID, SMALL);
    kb.entries('en').pop();
    expect(kb.entries('en')).toHaveLength(INTENT_IDS.length);
  });

  it('accepts CRLF line endings and a BOM', async () => {
    const dir = await fixture((d) => edit(d, 'en/fees.md', (t) => `\uFEFF${t.replace(/\n/g, '\r\n')}`));
    const kb = await loadKnowledge(dir, SMALL);
    expect(kb.get('fees', 'en')?.examples).toHaveLength(3);
  });

  it('loads the repository knowledge/ with the default minimums', async () => {
    const kb = await loadKnowledge('knowledge');
    expect(kb.intents).toEqual(expect.arrayContaining([...INTENT_IDS]));
    expect(kb.intents.length).toBeGreaterThanOrEqual(50); // the wallet-support catalogue (issue 16)
    expect(kb.entries()).toHaveLength(kb.intents.length * 2);
    for (const entry of kb.entries()) expect(entry.answer).not.toMatch(/\{\{/);
  });
});

describe('loadKnowledge: every rule names the file and the field', () => {
  const cases: Array<[string, (dir: string) => Promise<void>, string, string, RegExp]> = [
    [
      'missing locale counterpart',
      (d) => rm(path.join(d, 'en/fees.md')),
      'en/fees.md',
      'file',
      /missing locale counterpart of zh-CN\/fees\.md/,
    ],
    [
      'intent missing in every locale',
      async (d) => {
        await rm(path.join(d, 'en/fees.md'));
        await rm(path.join(d, 'zh-CN/fees.md'));
      },
      'zh-CN/fees.md',
      'file',
      /every intent needs a file in every locale/,
    ],
    ['missing locale folder', (d) => rm(path.join(d, 'en'), { recursive: true }), 'en', 'locale', /missing folder/],
    [
      'file name that cannot be an intent id',
      (d) => writeFile(path.join(d, 'en/Refunds-2.md'), '---\nid: refunds\n---\nx\n'),
      'en/Refunds-2.md',
      'file',
      /lower-case letters, digits and _/,
    ],
    [
      'a new intent without its other locale',
      (d) =>
        cp(path.join(d, 'en/fees.md'), path.join(d, 'en/refunds.md')).then(() =>
          edit(d, 'en/refunds.md', (t) =>
            t
              .replace('id: fees', 'id: refunds')
              .replace(/withdrawal fee/g, 'refund status')
              .replace(/fee/gi, 'refund'),
          ),
        ),
      'zh-CN/refunds.md',
      'file',
      /missing locale counterpart of en\/refunds\.md/,
    ],
    [
      'unknown flow',
      (d) => edit(d, 'zh-CN/fees.md', (t) => t.replace('title:', 'flow: pay_fees\ntitle:')),
      'zh-CN/fees.md',
      'flow',
      /unknown flow "pay_fees"/,
    ],
    [
      'id differs from file name',
      (d) => edit(d, 'en/fees.md', (t) => t.replace('id: fees', 'id: charges')),
      'en/fees.md',
      'id',
      /"charges" does not match the file name \(expected "fees"\)/,
    ],
    [
      'unknown top-level key',
      (d) => edit(d, 'en/fees.md', (t) => t.replace('title:', 'tags: [a]\ntitle:')),
      'en/fees.md',
      'tags',
      /unknown key/,
    ],
    [
      'unknown handoff key',
      (d) => edit(d, 'en/human_agent.md', (t) => t.replace('mode: immediate', 'mode: immediate\n  queue: vip')),
      'en/human_agent.md',
      'handoff.queue',
      /unknown key/,
    ],
    [
      'bad handoff mode',
      (d) => edit(d, 'en/human_agent.md', (t) => t.replace('mode: immediate', 'mode: later')),
      'en/human_agent.md',
      'handoff.mode',
      /immediate/,
    ],
    [
      'missing title',
      (d) => edit(d, 'en/fees.md', (t) => t.replace('title: Fees\n', '')),
      'en/fees.md',
      'title',
      /required/,
    ],
    [
      'examples not a list',
      (d) => edit(d, 'en/greeting.md', (t) => t.replace(/examples:\n( {2}- .*\n)+/, 'examples: hello\n')),
      'en/greeting.md',
      'examples',
      /expected array/,
    ],
    [
      'empty utterance',
      (d) => edit(d, 'en/greeting.md', (t) => t.replace('  - hello\n', '  - "  "\n')),
      'en/greeting.md',
      'examples[0]',
      /empty utterance/,
    ],
    [
      'duplicate utterance across intents',
      (d) => edit(d, 'zh-CN/thanks.md', (t) => t.replace('  - 多谢\n', '  - 你好！\n')),
      'zh-CN/thanks.md',
      'examples[2]',
      /duplicate utterance "你好！" also in .*zh-CN\/greeting\.md \(examples: "你好"\)/,
    ],
    [
      'duplicate across intents after Traditional → Simplified',
      (d) => edit(d, 'zh-CN/account_frozen.md', (t) => t.replace('  - 冻结了\n', '  - 查餘額\n')),
      'zh-CN/check_balance.md',
      'examples[0]',
      /duplicate utterance "查余额" also in .*zh-CN\/account_frozen\.md \(tests: "查餘額"\)/,
    ],
    [
      'test equal to a training example',
      (d) => edit(d, 'en/thanks.md', (t) => t.replace('  - thx\n', '  - Thank   YOU!\n')),
      'en/thanks.md',
      'tests[0]',
      /"Thank {3}YOU!" equals a training example/,
    ],
    [
      'empty answer',
      (d) => edit(d, 'en/fees.md', (t) => t.replace('Fees: sample answer.\n', '  \n')),
      'en/fees.md',
      'answer',
      /empty/,
    ],
    [
      'unknown value',
      (d) => edit(d, 'en/fees.md', (t) => t.replace('sample answer.', 'fax {{contact.fax}}')),
      'en/fees.md',
      'answer',
      /unknown value \{\{contact\.fax\}\}: add "contact: fax" to values\.yaml/,
    ],
    [
      'value group that does not exist',
      (d) => edit(d, 'en/fees.md', (t) => t.replace('sample answer.', '{{ user.name }}')),
      'en/fees.md',
      'answer',
      /unknown value \{\{ user\.name \}\}/,
    ],
    [
      'a missing core intent',
      async (d) => {
        await rm(path.join(d, 'en/human_agent.md'));
        await rm(path.join(d, 'zh-CN/human_agent.md'));
      },
      'zh-CN/human_agent.md',
      'file',
      /every intent needs a file in every locale/,
    ],
    [
      'bad YAML (with line)',
      (d) => edit(d, 'en/fees.md', (t) => t.replace('  - withdrawal fee\n', '  - withdrawal fee\n  bad: [x\n')),
      'en/fees.md',
      'yaml',
      /bad YAML at line 8: All mapping items must start at the same column/,
    ],
    [
      'duplicate YAML key',
      (d) => edit(d, 'en/fees.md', (t) => t.replace('title: Fees\n', 'title: Fees\ntitle: Again\n')),
      'en/fees.md',
      'yaml',
      /bad YAML at line 4/,
    ],
    [
      'unresolved YAML alias',
      (d) => edit(d, 'en/fees.md', (t) => t.replace('title: Fees\n', 'title: *no_such_anchor\n')),
      'en/fees.md',
      'front matter',
      /bad YAML: .*no_such_anchor/,
    ],
    [
      'unresolved YAML alias in values.yaml',
      (d) => edit(d, 'values.yaml', (t) => `${t}extra: *nowhere\n`),
      'values.yaml',
      'values',
      /bad YAML: .*nowhere/,
    ],
    [
      'YAML warning (unknown tag)',
      (d) => edit(d, 'en/fees.md', (t) => t.replace('title: Fees\n', 'title: !shout Fees\n')),
      'en/fees.md',
      'yaml',
      /bad YAML at line \d+: .*shout/,
    ],
    [
      'no front matter',
      (d) => edit(d, 'en/fees.md', (t) => t.replace(/^---\n/, '')),
      'en/fees.md',
      'front matter',
      /must start with/,
    ],
    [
      'unclosed front matter',
      (d) => edit(d, 'en/fees.md', (t) => t.replace(/\n---\n/, '\n')),
      'en/fees.md',
      'front matter',
      /no closing/,
    ],
    ['missing values.yaml', (d) => rm(path.join(d, 'values.yaml')), 'values.yaml', 'file', /missing/],
    [
      'values.yaml bad email',
      (d) => edit(d, 'values.yaml', (t) => t.replace('support@upay.example', 'support')),
      'values.yaml',
      'contact.email',
      /email/i,
    ],
    [
      'values.yaml missing locale',
      (d) => edit(d, 'values.yaml', (t) => t.replace('    en: official Facebook page\n', '')),
      'values.yaml',
      'contact.social.en',
      /required/,
    ],
    [
      'values.yaml unknown contact key',
      (d) => edit(d, 'values.yaml', (t) => t.replace('  emailReplyHours: 24\n', '  emailReplyHours: 24\n  fax: 123\n')),
      'values.yaml',
      'contact.fax',
      /unknown key/,
    ],
    [
      'values.yaml value neither text, number nor per-locale',
      (d) => edit(d, 'values.yaml', (t) => `${t}fees:\n  transfer: [1, 2]\n`),
      'values.yaml',
      'fees.transfer',
      /.+/,
    ],
    [
      'values.yaml without the sample flag',
      (d) => edit(d, 'values.yaml', (t) => t.replace('sample: true\n', '')),
      'values.yaml',
      'sample',
      /required/,
    ],
  ];

  it.each(cases)('%s', async (_name, mutate, file, field, reason) => {
    const dir = await fixture(mutate);
    const error = await loadError(dir);
    expect(error.code).toBe('knowledge_invalid');
    expect(error.file).toBe(path.join(dir, file));
    expect(error.field).toBe(field);
    expect(error.message.startsWith(`${path.join(dir, file)}: ${field}: `)).toBe(true);
    expect(error.message).toMatch(reason);
  });

  it('enforces 40 examples / 10 tests by default, naming the counts', async () => {
    const error = await loadError(VALID, {});
    expect(error.message).toBe(
      'test/fixtures/knowledge/valid/zh-CN/account_frozen.md: examples: needs at least 40 utterances, found 3',
    );
  });

  it('an undefined minimum keeps the default, a bad one is refused', async () => {
    const error = await loadError(VALID, { ...SMALL, minExamples: undefined });
    expect(error.message).toMatch(/examples: needs at least 40 utterances, found 3$/);
    await expect(loadKnowledge(VALID, { minTests: -1 })).rejects.toThrow(
      /minTests must be a whole number >= 0, got -1/,
    );
  });

  it.each([
    [{ ...SMALL, minTests: 3 }, 'zh-CN/account_frozen.md', 'tests', 'needs at least 3 utterances, found 2'],
    [{ ...SMALL, minOutOfScope: 150 }, 'zh-CN/out_of_scope.md', 'examples', 'needs at least 150 utterances, found 4'],
    [{ ...SMALL, minOutOfScopeTests: 30 }, 'zh-CN/out_of_scope.md', 'tests', 'needs at least 30 utterances, found 2'],
  ])('minimums %j', async (options, file, field, reason) => {
    const error = await loadError(VALID, options);
    expect(error.message).toBe(`test/fixtures/knowledge/valid/${file}: ${field}: ${reason}`);
  });
});
