/**
 * The teacher's bookkeeping with a stand-in trainer (no real training): versions, coalescing, failures,
 * pub/sub and polling between instances, undo, caps. Real training: app-teach.test.ts.
 */
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge, type KnowledgeBase } from '../../bot/core/knowledge.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import type { Store } from '../../bot/store/types.ts';
import { TeachError } from '../../bot/teach/errors.ts';
import type { TrainedNlu } from '../../bot/teach/live-nlu.ts';
import { createTeacher, loadTaughtKnowledge, type TeacherDeps } from '../../bot/teach/teacher.ts';
import type { Teacher } from '../../bot/teach/types.ts';
import { recordingLogger } from '../support/logger.ts';

let base: KnowledgeBase;
beforeAll(async () => {
  base = await loadKnowledge(path.resolve('knowledge'));
});

interface Harness {
  teacher: Teacher;
  /** Every knowledge base trained, in order. */
  trained: KnowledgeBase[];
  applied: KnowledgeBase[];
  /** Releases the training in progress (trainings wait for it when `hold` is set). */
  release(): void;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function harness(
  store: Store,
  opts: { hold?: boolean; fail?: () => boolean; pollMs?: number; logger?: TeacherDeps['logger'] } = {},
): Promise<Harness> {
  const trained: KnowledgeBase[] = [];
  const applied: KnowledgeBase[] = [];
  let releases: (() => void)[] = [];
  const teacher = await createTeacher({
    store,
    logger: opts.logger ?? silentLogger,
    base,
    liveVersion: (await loadTaughtKnowledge(store, base, silentLogger)).version,
    async train(kb) {
      trained.push(kb);
      if (opts.hold) await new Promise<void>((resolve) => releases.push(resolve));
      if (opts.fail?.()) throw new TypeError('out of memory, say');
      return {} as TrainedNlu;
    },
    async apply(kb) {
      applied.push(kb);
    },
    ...(opts.pollMs ? { pollMs: opts.pollMs } : {}),
    handledKey: (text) => `key:${text}`,
  });
  closers.push(() => teacher.close());
  return {
    teacher,
    trained,
    applied,
    release() {
      const pending = releases;
      releases = [];
      for (const r of pending) r();
    },
  };
}

const GROUP = { groupId: 'grp-1', by: 'ann' };

describe('teacher', () => {
  it('stores a change with who and when, retrains once and is settled at the new version', async () => {
    const h = await harness(createMemoryStore());
    expect(h.teacher.status()).toEqual({ live: 0, wanted: 0, training: false });
    const change = await h.teacher.assign({
      ...GROUP,
      intent: 'fees',
      locale: 'en',
      texts: ['does a parrot cost extra'],
    });
    expect(change).toMatchObject({ kind: 'assign', intent: 'fees', by: 'ann', texts: ['does a parrot cost extra'] });
    expect(Date.parse(change.at)).not.toBeNaN();
    await h.teacher.settled();
    expect(h.teacher.status()).toMatchObject({
      live: 1,
      wanted: 1,
      training: false,
      lastTrainedAt: expect.any(String),
    });
    expect(h.applied).toHaveLength(1);
    expect(h.applied[0]?.get('fees', 'en')?.examples).toContain('does a parrot cost extra');
    expect(await h.teacher.changes()).toEqual([change]);
    expect(await h.teacher.handledTexts()).toEqual(new Set(['key:does a parrot cost extra']));
  });

  it('coalesces: changes arriving while it trains make one more training with all of them', async () => {
    const h = await harness(createMemoryStore(), { hold: true });
    await h.teacher.assign({ ...GROUP, intent: 'fees', locale: 'en', texts: ['parrot fee one'] });
    await waitUntil(() => h.trained.length === 1);
    expect(h.teacher.status().training).toBe(true);
    await h.teacher.assign({ ...GROUP, intent: 'fees', locale: 'en', texts: ['parrot fee two'] });
    await h.teacher.dismiss({ ...GROUP, locale: 'en', texts: ['parrot weather forecast'] });
    expect(h.teacher.status()).toMatchObject({ live: 0, wanted: 3, training: true });
    h.release();
    await waitUntil(() => h.trained.length === 2);
    h.release();
    await h.teacher.settled();
    expect(h.trained).toHaveLength(2);
    expect(h.teacher.status()).toMatchObject({ live: 3, wanted: 3 });
    const last = h.applied.at(-1);
    expect(last?.get('fees', 'en')?.examples).toEqual(expect.arrayContaining(['parrot fee one', 'parrot fee two']));
    expect(last?.get('out_of_scope', 'en')?.examples).toContain('parrot weather forecast');
  });

  it('a failed retrain keeps the old model, reports lastError and logs no text; the next change retrains', async () => {
    let failing = true;
    const log = recordingLogger();
    const h = await harness(createMemoryStore(), { fail: () => failing, logger: log.logger });
    await h.teacher.assign({ ...GROUP, intent: 'fees', locale: 'en', texts: ['secret parrot text'] });
    await expect(h.teacher.settled()).rejects.toMatchObject({ code: 'training_failed' });
    expect(h.teacher.status()).toMatchObject({ live: 0, wanted: 1, training: false, lastError: 'TypeError' });
    expect(h.applied).toHaveLength(0);
    expect(JSON.stringify(log.lines)).not.toContain('parrot');
    expect(log.messages).toContain('retrain failed; the old model keeps answering');
    failing = false;
    await h.teacher.assign({ ...GROUP, intent: 'fees', locale: 'en', texts: ['another parrot text'] });
    await h.teacher.settled();
    expect(h.teacher.status()).toMatchObject({ live: 2, wanted: 2 });
    expect(h.teacher.status().lastError).toBeUndefined();
  });

  it('undo marks the change, retrains without it, and undoing twice changes nothing', async () => {
    const h = await harness(createMemoryStore());
    const change = await h.teacher.assign({ ...GROUP, intent: 'fees', locale: 'en', texts: ['parrot fee'] });
    await h.teacher.settled();
    const undone = await h.teacher.undo(change.id, 'bob');
    expect(undone.undone).toEqual({ by: 'bob', at: expect.any(String) });
    await h.teacher.settled();
    expect(h.teacher.status().live).toBe(2);
    expect(h.applied.at(-1)).toBe(base);
    expect(await h.teacher.handledTexts()).toEqual(new Set());
    const again = await h.teacher.undo(change.id, 'carol');
    expect(again.undone?.by).toBe('bob');
    expect(h.teacher.status().wanted).toBe(2);
    await expect(h.teacher.undo('nope', 'bob')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses bad input with invalid_change, and keeps a group within the caps', async () => {
    const h = await harness(createMemoryStore());
    const bad = (p: Promise<unknown>, message: RegExp) =>
      expect(p).rejects.toSatisfy(
        (e: unknown) => e instanceof TeachError && e.code === 'invalid_change' && message.test(e.message),
      );
    await bad(
      h.teacher.assign({ ...GROUP, intent: 'fees', locale: 'fr' as 'en', texts: ['x y'] }),
      /^locale: must be one of zh-CN, en$/,
    );
    await bad(h.teacher.assign({ ...GROUP, by: '', intent: 'fees', locale: 'en', texts: ['x y'] }), /^by: required$/);
    await bad(
      h.teacher.assign({ ...GROUP, intent: 'fees', locale: 'en', texts: ['!!!', 'x'.repeat(501)] }),
      /^texts: no text to teach/,
    );
    await bad(
      h.teacher.assign({ ...GROUP, intent: 'nope', locale: 'en', texts: ['parrot'] }),
      /^intent: "nope" does not exist/,
    );
    await bad(
      h.teacher.createIntent({
        by: 'ann',
        intent: 'gift_cards',
        entries: [{ locale: 'en', title: 'Gift cards', answer: 'No.', examples: ['a', 'b', 'c', 'd', 'e'] }],
      }),
      /^zh-CN: entries: missing/,
    );
    await bad(
      h.teacher.createIntent({
        by: 'ann',
        intent: 'gift_cards',
        entries: [
          { locale: 'en', title: 'Gift cards', answer: 'x'.repeat(4001), examples: [] },
          { locale: 'zh-CN', title: '礼品卡', answer: 'x', examples: [] },
        ],
      }),
      /^en: answer: longer than 4000 characters$/,
    );
    const many = Array.from({ length: 250 }, (_, i) => `parrot question number ${i}`);
    const change = await h.teacher.assign({
      ...GROUP,
      intent: 'fees',
      locale: 'en',
      texts: [...many, 'Parrot question number 0', 'y'.repeat(600)],
    });
    expect(change.texts).toEqual(many.slice(0, 200));
    expect(await h.teacher.changes()).toHaveLength(1);
  });
});

describe('teacher: every instance', () => {
  it('a change on one instance is retrained on the other through pub/sub', async () => {
    const store = createMemoryStore();
    const a = await harness(store);
    const b = await harness(store);
    await a.teacher.assign({ ...GROUP, intent: 'fees', locale: 'en', texts: ['parrot fee'] });
    await waitUntil(() => b.teacher.status().live === 1);
    expect(b.applied.at(-1)?.get('fees', 'en')?.examples).toContain('parrot fee');
  });

  it('without the message (pub/sub is at-most-once) the poll finds the new version', async () => {
    const store = createMemoryStore();
    const deaf: Store = { ...store, subscribe: async () => async () => undefined };
    const a = await harness(store);
    const b = await harness(deaf, { pollMs: 50 });
    await a.teacher.createIntent({
      by: 'ann',
      intent: 'gift_cards',
      entries: [
        {
          locale: 'en',
          title: 'Gift cards',
          answer: 'No.',
          examples: ['gift card one', 'gift card two', 'gift card three', 'gift card four', 'gift card five'],
        },
        {
          locale: 'zh-CN',
          title: '礼品卡',
          answer: '没有。',
          examples: ['礼品卡一', '礼品卡二', '礼品卡三', '礼品卡四', '礼品卡五'],
        },
      ],
    });
    await waitUntil(() => b.teacher.status().live === 1);
    expect(b.applied.at(-1)?.intents).toContain('gift_cards');
  });

  it('two instances creating the same intent at once: one wins, the other is refused', async () => {
    const store = createMemoryStore();
    const a = await harness(store);
    const b = await harness(store);
    const input = {
      by: 'ann',
      intent: 'gift_cards',
      entries: [
        {
          locale: 'en' as const,
          title: 'Gift cards',
          answer: 'No.',
          examples: ['gift card one', 'gift card two', 'gift card three', 'gift card four', 'gift card five'],
        },
        {
          locale: 'zh-CN' as const,
          title: '礼品卡',
          answer: '没有。',
          examples: ['礼品卡一', '礼品卡二', '礼品卡三', '礼品卡四', '礼品卡五'],
        },
      ],
    };
    const results = await Promise.allSettled([a.teacher.createIntent(input), b.teacher.createIntent(input)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'invalid_change', message: 'intent: "gift_cards" already exists' });
  });
});

/** Polls `condition` every 10 ms for up to 5 s. */
async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}
