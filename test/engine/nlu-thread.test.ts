import { beforeAll, describe, expect, it } from 'vitest';
import { createThreadedNlu, type ThreadedNlu } from '../../bot/threads/nlu-thread.ts';
import type { NluThreadData } from '../../bot/threads/nlu-thread-protocol.ts';
import { loadKnowledge } from '../../bot/core/knowledge.ts';
import { createNluFromClassifier, knowledgeExamples, trainKnowledgeClassifier } from '../../intents/nlu.ts';
import { domainWordsFromKnowledge } from '../../intents/segment.ts';
import type { Nlu } from '../../intents/types.ts';
import { recordingLogger } from '../support/logger.ts';

const fixture = (name: string) => new URL(`../fixtures/threads/${name}`, import.meta.url);
const NOW = new Date('2026-11-25T12:00:00Z');
const MESSAGES = [
  '我的账户被冻结了',
  '我昨天付款失败了，扣了¥299',
  'upay密码忘了',
  'how do I register?',
  '今天天气怎么样',
  '我的手机号是 13812345678',
  '',
];

describe('NLU on a worker thread', () => {
  let local: Nlu;
  let data: NluThreadData;
  let tests: string[];
  beforeAll(async () => {
    const kb = await loadKnowledge('knowledge');
    const classifier = trainKnowledgeClassifier(kb);
    local = createNluFromClassifier(classifier);
    data = { model: classifier.model(), domainWords: domainWordsFromKnowledge(kb) };
    tests = knowledgeExamples(kb, 'tests').map((t) => t.text);
  });

  type ThreadOptions = Partial<Parameters<typeof createThreadedNlu>[2]>;

  async function threaded(extra: ThreadOptions = {}) {
    const log = recordingLogger();
    return { nlu: createThreadedNlu(local, data, { logger: log.logger, ...extra }), log };
  }

  /** Runs `body` on a threaded NLU and closes it afterwards, pass or fail (no worker is left running). */
  async function withThreaded(
    extra: ThreadOptions,
    body: (t: Awaited<ReturnType<typeof threaded>>) => Promise<void>,
  ): Promise<void> {
    const t = await threaded(extra);
    try {
      await body(t);
    } finally {
      await t.nlu.close();
    }
  }

  it('answers every held-out test exactly as parse() does on this thread, relative dates included', async () => {
    await withThreaded({}, async ({ nlu }) => {
      expect(await nlu.ready()).toBe(true);
      const texts = [...MESSAGES, ...tests];
      const results = await Promise.all(texts.map((t) => nlu.parseAsync?.(t, { now: NOW })));
      results.forEach((r, i) => expect(r).toEqual(local.parse(texts[i] ?? '', { now: NOW })));
      const dated = await nlu.parseAsync?.('昨天的付款失败了', { now: NOW });
      expect(dated?.entities.some((e) => e.entity === 'date' && e.value === '2026-11-24')).toBe(true);
      expect(dated?.entities.find((e) => e.entity === 'date')).toEqual(
        local.parse('昨天的付款失败了', { now: NOW }).entities.find((e) => e.entity === 'date'),
      );
      expect(nlu.intents).toEqual(local.intents);
    });
  });

  it('parses on this thread while the worker is starting, and after close', async () => {
    const { nlu } = await threaded();
    const early = await nlu.parseAsync?.('我的账户被冻结了', { now: NOW });
    expect(early).toEqual(local.parse('我的账户被冻结了', { now: NOW }));
    await nlu.close();
    expect(await nlu.parseAsync?.('upay密码忘了')).toEqual(local.parse('upay密码忘了'));
  });

  it.each([
    {
      what: 'cannot start leaves every parse on this thread, and says why',
      entry: 'nlu-thread-start-fails.mjs',
      ready: false,
      text: 'upay密码忘了',
      message: 'NLU thread could not start; parsing on the main thread',
    },
    {
      what: 'answers with an error: the parse is made here',
      entry: 'nlu-thread-wrong.mjs',
      ready: true,
      text: 'how do I register?',
      message: 'NLU thread could not parse a message; parsed on the main thread',
    },
  ])('a worker that $what', async ({ entry, ready, text, message }) => {
    await withThreaded({ entry: fixture(entry) }, async ({ nlu, log }) => {
      expect(await nlu.ready()).toBe(ready);
      expect(await nlu.parseAsync?.(text)).toEqual(local.parse(text));
      expect(log.messages).toContain(message);
    });
  });

  it('a worker that dies loses no parse: what it held is parsed here, and a new one is started after the delay', async () => {
    await withThreaded({ entry: fixture('nlu-thread-crashes.mjs'), restartDelayMs: 50 }, async ({ nlu, log }) => {
      expect(await nlu.ready()).toBe(true);
      const held = await Promise.all(MESSAGES.map((t) => nlu.parseAsync?.(t, { now: NOW })));
      held.forEach((r, i) => expect(r).toEqual(local.parse(MESSAGES[i] ?? '', { now: NOW })));
      expect(log.messages).toContain('NLU thread stopped; parsing on the main thread until it is restarted');
      // Within the delay: here, no new worker. After it: the next parse starts one (this stand-in starts again).
      expect(await nlu.parseAsync?.('你好')).toEqual(local.parse('你好'));
      await new Promise((r) => setTimeout(r, 80));
      expect(await nlu.parseAsync?.('你好')).toEqual(local.parse('你好'));
      expect(await nlu.ready()).toBe(true);
    });
  });

  it('a worker that does not answer in time: the parse is made here, once', async () => {
    await withThreaded({ entry: fixture('nlu-thread-silent.mjs'), answerTimeoutMs: 30 }, async ({ nlu, log }) => {
      expect(await nlu.ready()).toBe(true);
      const started = Date.now();
      expect(await nlu.parseAsync?.('我的账户被冻结了')).toEqual(local.parse('我的账户被冻结了'));
      expect(Date.now() - started).toBeLessThan(1000);
      expect(log.messages).toContain('NLU thread is slow; parsed on the main thread');
    });
  });

  it('parse() stays synchronous and on this thread', async () => {
    await withThreaded({ entry: fixture('nlu-thread-silent.mjs') }, async ({ nlu }: { nlu: ThreadedNlu }) => {
      expect(nlu.parse('我的账户被冻结了')).toEqual(local.parse('我的账户被冻结了'));
    });
  });
});
