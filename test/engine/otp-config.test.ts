import { describe, expect, it } from 'vitest';
import { createApp } from '../../bot/app.ts';
import { loadConfig } from '../../bot/config.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import { allText, createFakeKnowledge, createFakeWallet, createKeywordNlu, eventIn, fakeBalanceFlow } from './fakes.ts';

describe('OTP_* configuration reaches the engine', () => {
  it('OTP_MAX_CHALLENGES_PER_IDENTIFIER=1: a second code for the same number is refused, in another conversation too', async () => {
    const app = await createApp(
      loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', OTP_MAX_CHALLENGES_PER_IDENTIFIER: '1' }),
      {
        logger: silentLogger,
        store: createMemoryStore(),
        knowledge: createFakeKnowledge(),
        nlu: createKeywordNlu(),
        wallet: createFakeWallet(),
        flows: { check_balance: fakeBalanceFlow },
      },
    );
    try {
      let n = 0;
      const say = (conversationId: string, text: string) =>
        app.engine.handle(eventIn(conversationId, conversationId, `e${(n += 1)}`, text));
      await say('telegram:1', 'check my balance');
      expect(allText(await say('telegram:1', '13800001001'))).toContain('138****1001');
      await say('telegram:2', 'check my balance');
      expect(allText(await say('telegram:2', '13800001001'))).toMatch(/cannot send more codes/);
    } finally {
      await app.close();
    }
  });

  it('the counters are named with a key derived from INAPP_TOKEN_SECRET, so a store reader cannot test guessed numbers', async () => {
    const counterKeys = async (secret: string) => {
      const store = createMemoryStore();
      const app = await createApp(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', INAPP_TOKEN_SECRET: secret }), {
        logger: silentLogger,
        store,
        knowledge: createFakeKnowledge(),
        nlu: createKeywordNlu(),
        wallet: createFakeWallet(),
        flows: { check_balance: fakeBalanceFlow },
      });
      try {
        const say = (eventId: string, text: string) => app.engine.handle(eventIn('telegram:9', '9', eventId, text));
        await say('a', 'check my balance');
        await say('b', '13800001001');
        const keys: string[] = [];
        for await (const key of store.keys('otp:')) keys.push(key);
        return keys.sort();
      } finally {
        await app.close();
      }
    };
    const one = await counterKeys('first-secret-first-secret-first-secret!');
    const two = await counterKeys('other-secret-other-secret-other-secret!');
    expect(one.length).toBeGreaterThan(0);
    expect(one.join()).not.toContain('13800001001');
    expect(two).not.toEqual(one);
  });
});
