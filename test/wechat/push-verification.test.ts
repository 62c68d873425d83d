import express from 'express';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IncomingEvent, Reply } from '../../bot/core/messages.ts';
import { createWechatAdapter, type WechatAdapter, type WechatAdapterOptions } from '../../adapters/wechat/adapter.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import type { Store } from '../../bot/store/types.ts';
import { startFakeWechatApi, type FakeWechatApi } from '../fakes/wechat-api.ts';
import { createScriptedEngine, waitFor } from '../telegram/helpers.ts';
import { WX, decryptForTest, encryptedRequest, eventXml, readXml, signedQuery, textXml } from './helpers.ts';

/**
 * What the WeChat webhook verifies beyond the signature (issue 15 §3): with an EncodingAESKey only encrypted
 * pushes are trusted, a (timestamp, nonce, signature) is used for one message only, pushes must be addressed
 * to our account, and the GET verification has the same time window as pushes.
 */
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function script(event: IncomingEvent): Promise<Reply[]> | Reply[] {
  const input = event.input;
  if (input.kind === 'text' && input.text === 'slow') return sleep(300).then(() => [{ text: 'slow answer' }]);
  if (input.kind === 'text') return [{ text: `您说：${input.text}` }];
  if (input.kind === 'start') return [{ text: 'welcome' }];
  return [];
}

describe('WeChat push verification', () => {
  let api: FakeWechatApi;
  let store: Store;
  let scripted: ReturnType<typeof createScriptedEngine>;
  let adapters: WechatAdapter[];

  /** An adapter (one "instance") on the shared store and engine; safe mode unless `encodingAesKey` is undefined. */
  function instance(opts: Partial<WechatAdapterOptions> = {}): express.Express {
    const adapter = createWechatAdapter({
      token: WX.token,
      appId: WX.appId,
      appSecret: WX.appSecret,
      encodingAesKey: WX.aesKey,
      accountId: WX.account,
      apiBase: api.baseUrl,
      passiveReplyTimeoutMs: 1000,
      engine: scripted.engine,
      store,
      logger: silentLogger,
      ...opts,
    });
    adapters.push(adapter);
    const app = express();
    app.use(adapter.router());
    return app;
  }

  beforeEach(async () => {
    api = await startFakeWechatApi({ appId: WX.appId, appSecret: WX.appSecret });
    store = createMemoryStore();
    scripted = createScriptedEngine(script);
    adapters = [];
  });
  afterEach(async () => {
    await Promise.all(adapters.map((a) => a.idle()));
    await api.close();
    await store.close();
  });

  const post = (app: express.Express, body: string, query: string) =>
    request(app).post(`/wechat?${query}`).set('content-type', 'text/xml').send(body);
  const contentOf = (res: { text: string }): string | undefined =>
    readXml(decryptForTest(readXml(res.text).Encrypt ?? '').xml).Content;

  describe('with an EncodingAESKey configured only the encrypted message is trusted', () => {
    it('refuses a correctly signed plaintext push (no encrypt_type=aes): 403, nothing runs', async () => {
      const app = instance();
      const res = await post(app, textXml('oVictim', '重置密码'), signedQuery()).expect(403);
      expect(res.text).toBe('plaintext_refused');
      expect(res.text).not.toContain('<xml>');
      expect(scripted.events).toHaveLength(0);
    });

    it('refuses encrypt_type=aes with a body that has no <Encrypt>, and encrypt_type other than aes', async () => {
      const app = instance();
      const { query } = encryptedRequest(textXml('o', 'x'));
      expect((await post(app, textXml('oVictim', 'hi'), query).expect(403)).text).toBe('plaintext_refused');
      const raw = signedQuery({ encrypt_type: 'raw' });
      expect((await post(app, textXml('oVictim', 'hi'), raw).expect(403)).text).toBe('plaintext_refused');
      expect(scripted.events).toHaveLength(0);
    });

    it('compatible mode: the plaintext copy next to <Encrypt> is ignored, the decrypted message is used', async () => {
      const app = instance();
      const forgedCopy =
        '<FromUserName><![CDATA[oAttacker]]></FromUserName><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[evil]]></Content>';
      const { query, body } = encryptedRequest(textXml('oReal', 'hello'), WX.token, forgedCopy);
      const res = await post(app, body, query).expect(200);
      expect(contentOf(res)).toBe('您说：hello');
      expect(scripted.events.map((e) => e.user.id)).toEqual(['oReal']);
    });

    it('without a key, plain mode is still served', async () => {
      const app = instance({ encodingAesKey: undefined });
      const res = await post(app, textXml('oPlain', 'hi'), signedQuery()).expect(200);
      expect(readXml(res.text).Content).toBe('您说：hi');
    });
  });

  describe('nonce cache: a signed (timestamp, nonce) carries one message only', () => {
    it('plain mode: a leaked signed URL reused with another body is refused (409), no turn, no reply', async () => {
      const app = instance({ encodingAesKey: undefined });
      const query = signedQuery();
      await post(app, textXml('oVictim', 'hi'), query).expect(200);
      const replay = await post(app, textXml('oAttacker', '查询余额'), query).expect(409);
      expect(replay.text).toBe('replayed');
      expect(scripted.events.map((e) => e.user.id)).toEqual(['oVictim']);
    });

    it('the cache is in the store: a replay on another instance is refused too', async () => {
      const first = instance({ encodingAesKey: undefined });
      const second = instance({ encodingAesKey: undefined });
      const query = signedQuery();
      await post(first, textXml('oVictim', 'hi'), query).expect(200);
      await post(second, textXml('oAttacker', 'hi'), query).expect(409);
      expect(scripted.events).toHaveLength(1);
      expect([...(await collect(store.keys('wechat:nonce:')))].length).toBeGreaterThan(0);
    });

    it('safe mode: an identical push repeated more often than WeChat retries (3 times) is refused', async () => {
      const app = instance();
      const { query, body } = encryptedRequest(textXml('oUser', 'hi'));
      for (let i = 0; i < 4; i++) expect(contentOf(await post(app, body, query).expect(200))).toBe('您说：hi');
      expect((await post(app, body, query).expect(409)).text).toBe('replayed');
      expect(scripted.events).toHaveLength(1);
    });

    it('a WeChat retry (same nonce, same body) of an unanswered slow push is answered, one turn only', async () => {
      const app = instance();
      const { query, body } = encryptedRequest(textXml('oSlow', 'slow', '7777777777777777777'));
      // WeChat gave up on the first connection and retried with the very same request.
      const [first, retry] = await Promise.all([post(app, body, query), sleep(50).then(() => post(app, body, query))]);
      expect(first.status).toBe(200);
      expect(retry.status).toBe(200);
      expect(contentOf(retry)).toBe('slow answer');
      expect(scripted.events).toHaveLength(1);
    });

    it('a WeChat retry after the slow fallback gets "success" and the answer is sent once, by the API', async () => {
      const app = instance({ passiveReplyTimeoutMs: 50 });
      const { query, body } = encryptedRequest(textXml('oSlow2', 'slow', '8888888888888888888'));
      expect((await post(app, body, query).expect(200)).text).toBe('success');
      expect((await post(app, body, query).expect(200)).text).toBe('success');
      await waitFor(() => api.messages.length === 1, 'customer-service message');
      expect((await post(app, body, query).expect(200)).text).toBe('success');
      await sleep(50);
      expect(api.textsTo('oSlow2')).toEqual(['slow answer']);
      expect(scripted.events).toHaveLength(1);
    });

    it('a retry that lands on another instance is answered "success" without a second turn', async () => {
      const first = instance({ passiveReplyTimeoutMs: 50 });
      const second = instance({ passiveReplyTimeoutMs: 50 });
      const { query, body } = encryptedRequest(textXml('oSlow3', 'slow', '9999999999999999999'));
      expect((await post(first, body, query).expect(200)).text).toBe('success');
      expect((await post(second, body, query).expect(200)).text).toBe('success');
      await waitFor(() => api.messages.length === 1, 'customer-service message');
      expect(scripted.events).toHaveLength(1);
    });

    it("another sender reusing a customer's MsgId is never handed that customer's answer", async () => {
      const app = instance();
      const mine = encryptedRequest(textXml('oOwner', 'my balance', '1212121212121212121'));
      expect(contentOf(await post(app, mine.body, mine.query).expect(200))).toBe('您说：my balance');
      const theirs = encryptedRequest(textXml('oOther', 'anything', '1212121212121212121'));
      const res = await post(app, theirs.body, theirs.query).expect(200);
      expect(res.text).not.toContain('<Encrypt>');
      expect(res.text).toBe('success');
    });

    it('a refused push (bad signature) does not use up the nonce', async () => {
      const app = instance({ encodingAesKey: undefined });
      const query = signedQuery();
      const forged = query.replace(/signature=[0-9a-f]+/, `signature=${'0'.repeat(40)}`);
      await post(app, textXml('oUser', 'x'), forged).expect(401);
      await post(app, textXml('oUser', 'hi'), query).expect(200);
      expect(scripted.events).toHaveLength(1);
    });
  });

  describe('ToUserName must be our account', () => {
    it('safe mode: an encrypted push addressed to another account is refused (403), nothing runs', async () => {
      const app = instance();
      const { query, body } = encryptedRequest(textXml('oUser', 'hi', undefined, 'gh_someone_else'));
      expect((await post(app, body, query).expect(403)).text).toBe('wrong_account');
      expect(scripted.events).toHaveLength(0);
    });

    it('plain mode: an unsubscribe for another account does not close the conversation', async () => {
      const app = instance({ encodingAesKey: undefined });
      const other = eventXml('oUser', 'unsubscribe').replace(WX.account, 'gh_someone_else');
      await post(app, other, signedQuery()).expect(403);
      expect(await store.get('wechat:closed:oUser')).toBeUndefined();
      const ours = await post(app, textXml('oUser', 'hi'), signedQuery()).expect(200);
      expect(readXml(ours.text).Content).toBe('您说：hi');
    });

    it('without a configured account id (development) any ToUserName is served', async () => {
      const app = instance({ accountId: undefined });
      const { query, body } = encryptedRequest(textXml('oUser', 'hi', undefined, 'gh_dev_account'));
      const res = await post(app, body, query).expect(200);
      expect(readXml(decryptForTest(readXml(res.text).Encrypt ?? '').xml).FromUserName).toBe('gh_dev_account');
    });
  });

  describe('GET server verification has the push time window', () => {
    it('a correctly signed echostr request that is stale or far in the future gets 401', async () => {
      const app = instance();
      const nowS = Math.floor(Date.now() / 1000);
      await request(app)
        .get(`/wechat?${signedQuery({ echostr: '111' }, WX.token, nowS - 3600)}`)
        .expect(401);
      await request(app)
        .get(`/wechat?${signedQuery({ echostr: '222' }, WX.token, nowS + 3600)}`)
        .expect(401);
      const ok = await request(app)
        .get(`/wechat?${signedQuery({ echostr: '333' }, WX.token, nowS - 60)}`)
        .expect(200);
      expect(ok.text).toBe('333');
    });
  });
});

async function collect(keys: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const k of keys) out.push(k);
  return out;
}
