import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/datasets');

/** `nlu eval --format <format> --train <fixture> --test <fixture>` on files of test/fixtures/datasets. */
function evalFixture(format: string, train: string, test = train): string[] {
  return ['eval', '--format', format, '--train', path.join(FIXTURES, train), '--test', path.join(FIXTURES, test)];
}

function run(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/upay-bot.js'), 'nlu', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, KNOWLEDGE_DIR: path.join(ROOT, 'knowledge') },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('upay-bot nlu (spawned process)', () => {
  it('parse prints one Rasa-shaped JSON object', () => {
    const r = run(['parse', '我的账户被冻结了']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(
      expect.arrayContaining(['text', 'language', 'intent', 'intent_ranking', 'entities']),
    );
    expect(out).toMatchObject({ text: '我的账户被冻结了', language: 'zh', intent: { name: 'account_frozen' } });
    const ranking = out.intent_ranking as { name: string; confidence: number }[];
    expect(ranking[0]!.name).toBe('account_frozen');
    expect(Array.isArray(out.entities)).toBe(true);
  }, 120_000);

  it('parse prints entities with entity/value/start/end', () => {
    const r = run(['parse', 'my phone is 13812345678 and the payment failed']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { entities: Record<string, unknown>[]; language: string };
    expect(out.language).toBe('en');
    expect(out.entities.find((e) => e.entity === 'phone')).toMatchObject({ start: 12, end: 23 });
  }, 120_000);

  it('parse gives an amount its currency and marks a card number sensitive (masked)', () => {
    const r = run(['parse', '转账¥200失败了, my card 4111 1111 1111 1111']);
    expect(r.code).toBe(0);
    const { entities } = JSON.parse(r.stdout) as { entities: Record<string, unknown>[] };
    expect(entities).toEqual([
      { entity: 'amount', value: '200.00', start: 2, end: 6, meta: { currency: 'CNY' } },
      { entity: 'card_number', value: '****1111', start: 19, end: 38, sensitive: true },
    ]);
  }, 120_000);

  it('parse --jsonl answers one line per input line, in order', () => {
    const inputs = ['I forgot my password', '你好', 'what is the weather on mars', '查一下余额'];
    const r = run(['parse', '--jsonl'], `${inputs.join('\n')}\n`);
    expect(r.code).toBe(0);
    const outs = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { text: string; intent: { name: string } });
    expect(outs.map((o) => o.text)).toEqual(inputs);
    expect(outs[0]!.intent.name).toBe('forgot_password');
    expect(outs[1]!.intent.name).toBe('greeting');
    expect(outs[3]!.intent.name).toBe('check_balance');
  }, 120_000);

  it('parse --jsonl answers a blank line with an error line, keeping output line N for input line N', () => {
    const r = run(['parse', '--jsonl'], '你好\n\n   \nI forgot my password\n');
    expect(r.code).toBe(0);
    const outs = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { text: string; intent?: { name: string }; error?: string });
    expect(outs.map((o) => o.error ?? o.intent?.name)).toEqual([
      'greeting',
      'empty text: nothing to parse',
      'empty text: nothing to parse',
      'forgot_password',
    ]);
    expect(outs[2]!.text).toBe('   ');
  }, 120_000);

  it('eval --json on the knowledge files prints every metric key', () => {
    const r = run(['eval', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, number>;
    for (const key of [
      'n_train',
      'n_test',
      'accuracy',
      'macro_f1',
      'in_scope_accuracy',
      'oos_recall',
      'ece',
      'train_ms',
      'parse_p50_ms',
      'parse_p99_ms',
    ]) {
      expect(out, key).toHaveProperty(key);
    }
    expect(out.accuracy).toBeGreaterThan(0.9);
    expect(out.ece).toBeGreaterThan(0);
    expect(out.ece).toBeLessThan(0.1);
  }, 120_000);

  it('eval on a dataset (clinc fixture, no --test) and a readable table without --json', () => {
    const json = run(['eval', '--json', '--format', 'clinc', '--train', path.join(FIXTURES, 'clinc.json')]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ n_train: 3, n_test: 3 });
    const table = run(evalFixture('jsonl', 'intents.jsonl'));
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/\| set \| n_train \| n_test \| accuracy/);
  }, 120_000);

  it('eval on 5,000+ examples (where the network trains on a second thread) answers and the process exits', () => {
    // Three intents, 1,800 made-up messages each (word lists, numbered so none repeats): enough for the network.
    const words = {
      alarm: ['alarm', 'wake', 'ring', 'morning'],
      music: ['song', 'play', 'album', 'tune'],
      weather: ['rain', 'sunny', 'forecast', 'cold'],
    };
    const lines = Object.entries(words).flatMap(([intent, list]) =>
      Array.from({ length: 1800 }, (_, i) =>
        JSON.stringify({ text: `${list[i % 4]} ${list[(i >> 2) % 4]} number ${i}`, intent }),
      ),
    );
    const dir = mkdtempSync(path.join(tmpdir(), 'upay-nlu-eval-'));
    try {
      const file = path.join(dir, 'big.jsonl');
      writeFileSync(file, `${lines.join('\n')}\n`);
      const r = run(['eval', '--json', '--format', 'jsonl', '--train', file, '--test', file]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ n_train: 5400, n_test: 5400, accuracy: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it.each([
    [['parse', '   '], /empty text/],
    [['parse', 'hi', '--bogus'], /unknown option "--bogus"/],
    [['eval', '--format', 'csv', '--train', 'x'], /unknown --format "csv"/],
    [['eval', '--format', 'banking77', '--train', path.join(FIXTURES, 'missing.csv'), '--test', 'x'], /no such file/],
    [evalFixture('banking77', 'bad-header.csv'), /header/],
    [['eval', '--knowledge', path.join(FIXTURES, 'no-such-dir')], /cannot load knowledge/],
    [['frobnicate'], /unknown subcommand/],
  ])(
    '%j fails with one clear line and a non-zero exit',
    (args, message) => {
      const r = run(args);
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
    },
    120_000,
  );
});
