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

  async function threaded(extra: Partial<Parameters<typeof createThreadedNlu>[2]> = {}) {
    const log = recordingLogger();
    return { nlu: createThreadedNlu(local, data, { logger: log.logger, ...extra }), log };
  }

  it('answers every held-out test exactly as parse() does on this thread, relative dates included', async () => {
    const { nlu } = await threaded();
    try {
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
    } finally {
      await nlu.close();
    }
  });

  it('parses on this thread while the worker is starting, and after close', async () => {
    const { nlu } = await threaded();
    const early = await nlu.parseAsync?.('我的账户被冻结了', { now: NOW });
    expect(early).toEqual(local.parse('我的账户被冻结了', { now: NOW }));
    await nlu.close();
    expect(await nlu.parseAsync?.('upay密码忘了')).toEqual(local.parse('upay密码忘了'));
  });

  it('a worker that cannot start leaves every parse on this thread, and says why', async () => {
    const { nlu, log } = await threaded({ entry: fixture('nlu-thread-start-fails.mjs') });
    try {
      expect(await nlu.ready()).toBe(false);
      expect(await nlu.parseAsync?.('upay密码忘了')).toEqual(local.parse('upay密码忘了'));
      expect(log.messages).toContain('NLU thread could not start; parsing on the main thread');
    } finally {
      await nlu.close();
    }
  });

  it('a worker that dies loses no parse: what it held is parsed here, and a new one is started after the delay', async () => {
    const { nlu, log } = await threaded({ entry: fixture('nlu-thread-crashes.mjs'), restartDelayMs: 50 });
    try {
      expect(await nlu.ready()).toBe(true);
      const held = await Promise.all(MESSAGES.map((t) => nlu.parseAsync?.(t, { now: NOW })));
      held.forEach((r, i) => expect(r).toEqual(local.parse(MESSAGES[i] ?? '', { now: NOW })));
      expect(log.messages).toContain('NLU thread stopped; parsing on the main thread until it is restarted');
      // Within the delay: here, no new worker. After it: the next parse starts one (this stand-in starts again).
      expect(await nlu.parseAsync?.('你好')).toEqual(local.parse('你好'));
      await new Promise((r) => setTimeout(r, 80));
      expect(await nlu.parseAsync?.('你好')).toEqual(local.parse('你好'));
      expect(await nlu.ready()).toBe(true);
    } finally {
      await nlu.close();
    }
  });

  it('a worker that does not answer in time: the parse is made here, once', async () => {
    const { nlu, log } = await threaded({ entry: fixture('nlu-thread-silent.mjs'), answerTimeoutMs: 30 });
    try {
      expect(await nlu.ready()).toBe(true);
      const started = Date.now();
      expect(await nlu.parseAsync?.('我的账户被冻结了')).toEqual(local.parse('我的账户被冻结了'));
      expect(Date.now() - started).toBeLessThan(1000);
      expect(log.messages).toContain('NLU thread is slow; parsed on the main thread');
    } finally {
      await nlu.close();
    }
  });

  it('a worker that answers with an error: the parse is made here', async () => {
    const { nlu, log } = await threaded({ entry: fixture('nlu-thread-wrong.mjs') });
    try {
      expect(await nlu.ready()).toBe(true);
      expect(await nlu.parseAsync?.('how do I register?')).toEqual(local.parse('how do I register?'));
      expect(log.messages).toContain('NLU thread could not parse a message; parsed on the main thread');
    } finally {
      await nlu.close();
    }
  });

  it('parse() stays synchronous and on this thread', async () => {
    const { nlu }: { nlu: ThreadedNlu } = await threaded({ entry: fixture('nlu-thread-silent.mjs') });
    try {
      expect(nlu.parse('我的账户被冻结了')).toEqual(local.parse('我的账户被冻结了'));
    } finally {
      await nlu.close();
    }
  });
});
