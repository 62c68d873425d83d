/**
 * Teaching a running app (memory store, the real knowledge, real training on the worker thread, the NLU thread
 * on): assign → the text parses as that intent; undo → back; a new intent answers; then `knowledge export`
 * writes it into a copy of the files, and an app started on those files alone answers the same.
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../bot/app.ts';
import { loadConfig } from '../../bot/config.ts';
import { loadKnowledge } from '../../bot/core/knowledge.ts';
import { silentLogger } from '../../bot/logger.ts';
import { nluFingerprint } from '../../bot/nlu-cache.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import { exportChanges } from '../../bot/teach/export.ts';
import { overlayKnowledge } from '../../bot/teach/overlay.ts';
import { main } from '../../bot/cli/main.ts';
import type { CliIo } from '../../bot/cli/io.ts';
import { Readable } from 'node:stream';
import { eventIn } from '../engine/fakes.ts';
import { recordingLogger } from '../support/logger.ts';

/** Parsed as app_problems by the files; taught as payment_methods. */
const FRIDGE = 'does upay work on a smart fridge';
/** Parsed as minimum_age by the files; dismissed as out of scope. */
const PARROT = 'can my parrot use upay';
const GIFT_EN = [
  'do you sell gift cards',
  'can i buy a upay gift card',
  'upay gift card',
  'gift card for a friend',
  'where can i get a gift card',
];
const GIFT_ZH = ['有礼品卡吗', '怎么买优付礼品卡', '优付礼品卡', '送朋友的礼品卡', '哪里能买到礼品卡'];
const GIFT_ANSWER = 'upay does not sell gift cards yet. Questions: {{contact.hotline}}.';

let work: string;
let knowledgeDir: string;
let app: App;
const store = createMemoryStore();

const env = (dir: string, dataDir: string) => ({
  NODE_ENV: 'test',
  KNOWLEDGE_DIR: dir,
  DATA_DIR: dataDir,
  STORE_URL: 'memory:',
  LOG_LEVEL: 'silent',
});

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'teach-app-'));
  knowledgeDir = path.join(work, 'knowledge');
  await cp(path.resolve('knowledge'), knowledgeDir, { recursive: true });
  app = await createApp(loadConfig(env(knowledgeDir, path.join(work, 'data'))), { logger: silentLogger, store });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await rm(work, { recursive: true, force: true });
});

let turn = 0;
async function ask(target: App, text: string) {
  turn++;
  return target.engine.handle(eventIn(`webchat:teach-${turn}`, 'u', `e${turn}`, text));
}

describe('teaching a running app', () => {
  it('assign: after the retrain the taught text parses as that intent (both threads); undo: back', async () => {
    expect(app.nlu.parse(FRIDGE).intent.name).toBe('app_problems');
    const filesKnowledge = app.knowledge;
    await app.teacher.assign({ intent: 'payment_methods', locale: 'en', groupId: 'g1', texts: [FRIDGE], by: 'ann' });
    // While it trains the old model answers.
    expect(app.teacher.status().training).toBe(true);
    expect(app.nlu.parse(FRIDGE).intent.name).toBe('app_problems');
    await app.teacher.settled();
    expect(app.teacher.status()).toMatchObject({ live: 1, wanted: 1, training: false });
    expect(app.nlu.parse(FRIDGE).intent.name).toBe('payment_methods');
    expect((await app.nlu.parseAsync?.(FRIDGE))?.intent.name).toBe('payment_methods');
    expect(app.knowledge).not.toBe(filesKnowledge);
    expect(app.knowledge.get('payment_methods', 'en')?.examples).toContain(FRIDGE);
    expect((await ask(app, FRIDGE)).intent).toBe('payment_methods');

    const [change] = await app.teacher.changes();
    await app.teacher.undo(change?.id ?? '', 'bob');
    await app.teacher.settled();
    expect(app.nlu.parse(FRIDGE).intent.name).toBe('app_problems');
    expect((await app.nlu.parseAsync?.(FRIDGE))?.intent.name).toBe('app_problems');
  }, 180_000);

  it('a new intent answers, a dismissed text falls out of scope, and articles still answer', async () => {
    await app.teacher.createIntent({
      intent: 'gift_cards',
      by: 'ann',
      entries: [
        { locale: 'en', title: 'Gift cards', answer: GIFT_ANSWER, examples: GIFT_EN },
        {
          locale: 'zh-CN',
          title: '礼品卡',
          answer: '优付暂不销售礼品卡。热线 {{contact.hotline}}。',
          examples: GIFT_ZH,
        },
      ],
    });
    await app.teacher.dismiss({ locale: 'en', groupId: 'g2', texts: [PARROT], by: 'ann' });
    await app.teacher.settled();
    const reply = await ask(app, 'do you sell gift cards');
    expect(reply.intent).toBe('gift_cards');
    expect(reply.replies.map((r) => r.text).join('\n')).toContain(
      GIFT_ANSWER.replace('{{contact.hotline}}', app.knowledge.contact.hotline),
    );
    expect(app.nlu.intents).toContain('gift_cards');
    expect(app.nlu.parse(PARROT).intent.name).toBe('out_of_scope');
    expect(app.knowledge.articles?.length).toBeGreaterThan(0);
  }, 180_000);

  it('export writes the changes into the files; an app on those files alone answers the same', async () => {
    const result = await exportChanges(store, knowledgeDir);
    expect(result.files.map((f) => f.file).sort()).toEqual([
      'en/gift_cards.md',
      'en/out_of_scope.md',
      'zh-CN/gift_cards.md',
    ]);
    const giftFile = await readFile(path.join(knowledgeDir, 'en/gift_cards.md'), 'utf8');
    expect(giftFile).toMatch(
      /^---\nid: gift_cards\ntitle: Gift cards\nsource: console\nexamples:\n {2}- "do you sell gift cards"\n/,
    );
    expect(giftFile).toContain('{{contact.hotline}}');
    const oos = await readFile(path.join(knowledgeDir, 'en/out_of_scope.md'), 'utf8');
    const original = await readFile(path.resolve('knowledge/en/out_of_scope.md'), 'utf8');
    expect(oos.length).toBeGreaterThan(original.length);
    expect(oos.endsWith(original.slice(original.indexOf('\n---', 3)))).toBe(true); // the answer untouched
    expect(oos).toContain(`  - "${PARROT}"\n`);

    const files = await loadKnowledge(knowledgeDir);
    const { changes } = { changes: (await app.teacher.changes()).reverse() };
    const again = overlayKnowledge(files, changes);
    expect(again.knowledge).toBe(files); // idempotent: the overlay on the exported files adds nothing
    expect(await nluFingerprint(files)).toBe(await nluFingerprint(app.knowledge));

    // `knowledge check` counts the console-taught files; a second export writes nothing.
    const out: string[] = [];
    const io: CliIo = {
      stdin: Readable.from([]),
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => out.push(s) },
      env: {},
    };
    expect(await main(['knowledge', 'check', '--dir', knowledgeDir], io)).toBe(0);
    expect(out.join('')).toContain('2 files taught in the console (source: console)');
    expect((await exportChanges(store, knowledgeDir)).files).toEqual([]);

    const log = recordingLogger();
    const fresh = await createApp(loadConfig(env(knowledgeDir, path.join(work, 'data'))), {
      logger: log.logger,
      store: createMemoryStore(),
    });
    try {
      expect(log.messages).toContain('NLU model loaded from the cache'); // the running app's model: same examples
      for (const text of [FRIDGE, PARROT, ...GIFT_EN, ...GIFT_ZH])
        expect(fresh.nlu.parse(text)).toEqual(app.nlu.parse(text));
      const [before, after] = [await ask(app, '有礼品卡吗'), await ask(fresh, '有礼品卡吗')];
      expect(after.intent).toBe('gift_cards');
      expect(after.replies.map((r) => r.text)).toEqual(before.replies.map((r) => r.text));
    } finally {
      await fresh.close();
    }
  }, 180_000);
});
