import { describe, expect, it } from 'vitest';
import {
  CONVERSATION_SCHEMA_VERSION,
  conversationKey,
  parseConversation,
  type Conversation,
} from '../../bot/engine/conversation.ts';
import { isCancelText } from '../../bot/engine/commands.ts';
import { messageLanguage, parseLanguageArg } from '../../bot/engine/language.ts';
import { redactForStorage } from '../../bot/engine/transcript.ts';
import { silentLogger } from '../../bot/logger.ts';
import { redact } from '../../intents/redact.ts';
import { allText, createHarness, eventIn, type Harness } from './fakes.ts';

const redactText = (t: string) => redact(t).text;

/** Says each text in turn in one conversation and expects each reply to contain its answer. */
async function expectAnswers(h: Harness, turns: Array<[said: string, answer: string]>): Promise<void> {
  for (const [said, answer] of turns) expect(allText(await h.say(said))).toContain(answer);
}

describe('engine: language', () => {
  it('follows the language of the last message', async () => {
    await expectAnswers(createHarness(), [
      ['你好', 'ZH answer greeting'],
      ['hello', 'EN answer greeting'],
      ['手续费多少', 'ZH answer fees'],
    ]);
  });

  it('/lang pins the language until /lang auto; button presses and numbers keep it', async () => {
    const h = createHarness();
    const pinned = await h.send({ kind: 'command', name: 'lang', args: 'en' });
    expect(allText(pinned)).toMatch(/English/);
    expect(allText(await h.say('你好'))).toContain('EN answer greeting');
    await h.say('/lang auto');
    expect(allText(await h.say('你好'))).toContain('ZH answer greeting');
    expect(allText(await h.press('intent:fees'))).toContain('ZH answer fees');
    expect(allText(await h.say('12345'))).toContain('ZH answer out_of_scope');
  });

  it('/lang without a language offers both as buttons', async () => {
    const h = createHarness();
    const r = await h.say('/lang');
    expect(r.replies[0]?.buttons?.map((b) => b.value)).toEqual(['lang:zh', 'lang:en']);
    expect(allText(await h.press('lang:en'))).toMatch(/English/);
  });

  it('a first start event takes the platform locale and greets once', async () => {
    const h = createHarness();
    const first = await h.send({ kind: 'start' }, { user: { id: 'u', locale: 'en-US' } });
    expect(allText(first)).toMatch(/support assistant/);
    expect(first.replies[0]?.buttons?.length).toBeGreaterThan(3);
    const second = await h.send({ kind: 'start' }, { user: { id: 'u', locale: 'en-US' } });
    expect(allText(second)).toMatch(/Welcome back/);
  });

  it('helpers: messageLanguage, parseLanguageArg, isCancelText', () => {
    expect(messageLanguage('123456')).toBeUndefined();
    expect(messageLanguage('li@example.com')).toBeUndefined();
    expect(messageLanguage('好')).toBe('zh');
    expect(messageLanguage('ok')).toBe('en');
    expect(messageLanguage('我的邮箱是 li.wei@example.com')).toBe('zh');
    expect(messageLanguage('T1001B 这笔')).toBe('zh');
    expect(messageLanguage('T1001B')).toBeUndefined();
    expect(messageLanguage('my 账户 is frozen')).toBe('zh'); // any Chinese character: a Chinese reply
    expect(messageLanguage('app的password忘了')).toBe('zh');
    expect(messageLanguage('my payment at 京东商城 failed', 'en')).toBe('en'); // English chosen by the platform locale
    expect(messageLanguage('我的账户被冻结了', 'en')).toBe('zh');
    expect(messageLanguage('my account is frozen')).toBe('en');
    // E-mail addresses, links and ids are dropped token by token (no regex scan runs past a space).
    expect(messageLanguage('x@y 好的')).toBe('zh');
    expect(messageLanguage('好的 li@example.com,thanks', 'en')).toBe('zh');
    expect(messageLanguage('@好 hello@')).toBe('zh');
    expect(messageLanguage('hello@')).toBe('en');
    expect(messageLanguage('看 https://upay.example/help', 'en')).toBe('zh');
    expect(messageLanguage('a1-b2 ab')).toBe('en');
    expect(parseLanguageArg('中文')).toBe('zh');
    expect(parseLanguageArg('EN')).toBe('en');
    expect(parseLanguageArg('fr')).toBeUndefined();
    expect(isCancelText('算了')).toBe(true);
    expect(isCancelText('Cancel!')).toBe(true);
    expect(isCancelText('cancel my card')).toBe(false);
  });
});

describe('engine: conversation state', () => {
  it('a stored flow state of another version is dropped with an apology', async () => {
    const h = createHarness();
    await h.say('payment failed');
    const key = conversationKey('telegram:42');
    const conv = (await h.store.get<Conversation>(key))!;
    conv.flow!.state.v = 1; // the fake payment flow is at version 2
    await h.store.set(key, conv);
    const r = await h.say('T1');
    expect(allText(r)).toMatch(/lost track/);
    expect(r.flow).toBeNull();
  });

  it('a stored conversation of an unknown schema starts afresh', () => {
    expect(parseConversation({ schema: 99, conversationId: 'x' }, silentLogger, 'x')).toBeUndefined();
    expect(parseConversation('garbage', silentLogger, 'x')).toBeUndefined();
  });

  it('is versioned, keeps a capped transcript and intent trail, and a restart resumes mid-flow', async () => {
    const h = createHarness({ overrides: { options: { transcriptLines: 6, intentTrail: 3 } } });
    for (const t of ['hello', 'fees?', 'thanks', 'bye', 'payment failed']) await h.say(t);
    const conv = (await h.store.get<Conversation>(conversationKey('telegram:42')))!;
    expect(conv.schema).toBe(CONVERSATION_SCHEMA_VERSION);
    expect(conv.transcript).toHaveLength(6);
    expect(conv.intentTrail.map((i) => i.intent)).toEqual(['thanks', 'goodbye', 'payment_failed']);

    const restarted = createHarness({ store: h.store });
    const r = await restarted.engine.handle(eventIn('telegram:42', 'u', 'after-restart', 'T1001B'));
    expect(allText(r)).toContain('Looked at T1001B');
  });

  it('redacts passwords, card numbers and codes before storing', () => {
    const stored = redactForStorage(
      'my password is hunter22 and card 4111 1111 1111 1111, code 123456',
      [],
      redactText,
    );
    expect(stored).not.toContain('hunter22');
    expect(stored).not.toContain('4111 1111 1111 1111');
    expect(stored).not.toContain('123456');
  });
});

describe('engine: routing', () => {
  it('ambiguous messages get clarification buttons; pressing one routes to that intent', async () => {
    const h = createHarness();
    const r = await h.say('fees, and is it secure');
    expect(r.replies[0]?.buttons?.map((b) => b.value)).toEqual(['intent:fees', 'intent:security', 'clarify:none']);
    const chosen = await h.press('intent:security');
    expect(allText(chosen)).toContain('EN answer security');
    expect(chosen.replies[0]?.buttons?.[0]?.value).toBe('cmd:human');
    expect(chosen.intent).toBeNull();
  });

  it('a FAQ question mid-flow is answered and the flow question asked again', async () => {
    const h = createHarness();
    await h.say('payment failed');
    const r = await h.say('what are the fees?');
    expect(allText(r)).toContain('EN answer fees');
    expect(allText(r)).toContain('Which transaction?');
    expect(r.flow).toBe('payment_failed');
    expect(allText(await h.say('T1'))).toContain('Looked at T1');
  });

  it('cancel words leave the flow', async () => {
    const h = createHarness();
    await h.say('付款失败了');
    const r = await h.say('算了');
    expect(r.flow).toBeNull();
    expect(allText(r)).toContain('已取消');
    expect(h.metrics.outcomes).toContain('payment_failed:cancelled');
  });

  it('a message that clearly asks for another flow switches to it', async () => {
    const h = createHarness({ channel: 'webchat', customerId: 'C1' });
    await h.say('payment failed');
    const r = await h.say('actually my account is frozen');
    expect(allText(r)).toMatch(/look at that instead/);
    expect(r.flow).toBe('account_frozen');
  });

  it('greeting, thanks and goodbye are answered from knowledge', async () => {
    await expectAnswers(createHarness(), [
      ['hi there', 'EN answer greeting'],
      ['thank you', 'EN answer thanks'],
      ['bye', 'EN answer goodbye'],
    ]);
  });

  it('unsupported input and stale buttons get a clear answer', async () => {
    const h = createHarness();
    expect(allText(await h.send({ kind: 'unsupported', what: 'sticker' }))).toMatch(/文字|text/);
    expect(allText(await h.press('no-such-button'))).toMatch(/no longer active|已经失效/);
  });
});
