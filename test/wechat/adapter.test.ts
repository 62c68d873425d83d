import { createHash } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IncomingEvent, Reply } from '../../bot/core/messages.ts';
import { createWechatAdapter, type WechatAdapter } from '../../adapters/wechat/adapter.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import type { Store } from '../../bot/store/types.ts';
import { startFakeWechatApi, type FakeWechatApi } from '../fakes/wechat-api.ts';
import { createScriptedEngine, waitFor } from '../telegram/helpers.ts';
import {
  WX,
  decryptForTest,
  encryptedRequest,
  eventXml,
  readXml,
  signedQuery,
  textXml,
  verifyReplySignature,
} from './helpers.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function script(event: IncomingEvent): Promise<Reply[]> | Reply[] {
  const input = event.input;
  if (input.kind === 'start') return [{ text: '欢迎关注 upay！' }];
  if (input.kind === 'action') return [{ text: `action ${input.value}` }];
  if (input.kind === 'unsupported') return [];
  if (input.kind === 'text' && input.text === 'slow') return sleep(300).then(() => [{ text: 'slow answer' }]);
  if (input.kind === 'text' && input.text === '菜单') {
    return [
      {
        text: '请选择：',
        buttons: [
          { label: '忘记密码', value: 'intent:forgot_password' },
          { label: '付款失败', value: 'intent:payment_failed' },
        ],
      },
    ];
  }
  if (input.kind === 'text' && input.text === '客服') {
    return [
      {
        text: '**联系方式：**\n- 热线：400-000-0000（示例）\n- [帮助中心](https://upay.example/help)',
        buttons: [{ label: '转人工', value: 'human' }],
      },
    ];
  }
  if (input.kind === 'text') return [{ text: `您说：${input.text}` }];
  return [];
}

describe('WeChat official account adapter', () => {
  let api: FakeWechatApi;
  let store: Store;
  let scripted: ReturnType<typeof createScriptedEngine>;
  let adapter: WechatAdapter;
  let app: express.Express;

  /** Plain mode unless `encodingAesKey` is given (with a key, plaintext pushes are refused: push-verification.test.ts). */
  function build(passiveReplyTimeoutMs = 1000, encodingAesKey?: string): void {
    adapter = createWechatAdapter({
      token: WX.token,
      appId: WX.appId,
      appSecret: WX.appSecret,
      encodingAesKey,
      accountId: WX.account,
      apiBase: api.baseUrl,
      passiveReplyTimeoutMs,
      engine: scripted.engine,
      store,
      logger: silentLogger,
    });
    app = express();
    app.use(adapter.router());
  }

  beforeEach(async () => {
    api = await startFakeWechatApi({ appId: WX.appId, appSecret: WX.appSecret });
    store = createMemoryStore();
    scripted = createScriptedEngine(script);
    build();
  });
  afterEach(async () => {
    await adapter.idle();
    await api.close();
    await store.close();
  });

  const post = (xml: string, query = signedQuery()) =>
    request(app).post(`/wechat?${query}`).set('content-type', 'text/xml').send(xml);

  it('server verification: a signed GET answers echostr; a forged one gets 401', async () => {
    const ok = await request(app)
      .get(`/wechat?${signedQuery({ echostr: '5837397520565' })}`)
      .expect(200);
    expect(ok.text).toBe('5837397520565');
    await request(app)
      .get(`/wechat?${signedQuery({ echostr: '1' }, 'wrong-token')}`)
      .expect(401);
    await request(app)
      .get('/wechat?echostr=1&timestamp=1&nonce=2&signature=0000000000000000000000000000000000000000')
      .expect(401);
    await request(app).get('/wechat').expect(401);
  });

  it('plain mode: a text message gets a passive XML reply; a forged signature gets 401 and runs nothing', async () => {
    const res = await post(textXml('oUser1', '你好')).expect(200);
    const reply = readXml(res.text);
    expect(reply).toMatchObject({
      ToUserName: 'oUser1',
      FromUserName: WX.account,
      MsgType: 'text',
      Content: '您说：你好',
    });
    await post(textXml('oUser1', 'hack'), signedQuery({}, 'not-the-token')).expect(401);
    expect(scripted.events).toHaveLength(1);
    expect(scripted.events[0]).toMatchObject({
      channel: 'wechat',
      conversationId: 'wechat:oUser1',
      user: { id: 'oUser1' },
    });
  });

  it('safe mode: an encrypted request is verified and decrypted, the reply encrypted and signed', async () => {
    build(1000, WX.aesKey);
    const { query, body } = encryptedRequest(textXml('oUser2', 'hello'));
    const res = await post(body, query).expect(200);
    const envelope = readXml(res.text);
    expect(verifyReplySignature(envelope)).toBe(true);
    const { xml, appId } = decryptForTest(envelope.Encrypt ?? '');
    expect(appId).toBe(WX.appId);
    expect(readXml(xml)).toMatchObject({ ToUserName: 'oUser2', Content: '您说：hello' });

    const forged = encryptedRequest(textXml('oUser2', 'again'), 'other-token');
    await post(forged.body, forged.query).expect(401);
    expect(scripted.events).toHaveLength(1);
  });

  it('subscribe → welcome; unsubscribe → closed (agent messages refused); image → polite text-only reply', async () => {
    const welcome = await post(eventXml('oUser3', 'subscribe')).expect(200);
    expect(readXml(welcome.text).Content).toBe('欢迎关注 upay！');
    expect(scripted.events[0]?.input).toEqual({ kind: 'start' });

    const image = `<xml><ToUserName>${WX.account}</ToUserName><FromUserName>oUser3</FromUserName><CreateTime>1</CreateTime><MsgType>image</MsgType><PicUrl>http://x</PicUrl><MediaId>m</MediaId><MsgId>99</MsgId></xml>`;
    const res = await post(image).expect(200);
    expect(readXml(res.text).Content).toContain('只能看懂文字');

    const bye = await post(eventXml('oUser3', 'unsubscribe')).expect(200);
    expect(bye.text).toBe('success');
    await expect(adapter.send('wechat:oUser3', [{ text: 'hi', from: 'agent' }])).rejects.toMatchObject({
      code: 'unsubscribed',
    });
    expect(api.messages).toHaveLength(0);
  });

  it('refuses a genuinely signed push replayed long after its timestamp', async () => {
    const old = String(Math.floor(Date.now() / 1000) - 3600);
    const nonce = 'n1';
    const sig = createHash('sha1').update([WX.token, old, nonce].sort().join('')).digest('hex');
    await post(
      textXml('oUser10', 'replayed'),
      new URLSearchParams({ signature: sig, timestamp: old, nonce }).toString(),
    ).expect(401);
    expect(scripted.events).toHaveLength(0);
  });

  it('menu CLICK → action', async () => {
    const res = await post(eventXml('oUser4', 'CLICK', 'intent:forgot_password')).expect(200);
    expect(readXml(res.text).Content).toBe('action intent:forgot_password');
  });

  it('buttons become numbered choices; a bare number answers with the button value', async () => {
    const menu = await post(textXml('oUser5', '菜单')).expect(200);
    expect(readXml(menu.text).Content).toBe('请选择：\n\n1. 忘记密码\n2. 付款失败');
    const pick = await post(textXml('oUser5', '２')).expect(200);
    expect(readXml(pick.text).Content).toBe('action intent:payment_failed');
    // The choices are used up: a later "2" is ordinary text.
    const again = await post(textXml('oUser5', '2')).expect(200);
    expect(readXml(again.text).Content).toBe('您说：2');
  });

  it('a slow turn answers "success" at once and arrives through the customer-service API', async () => {
    build(50);
    const res = await post(textXml('oUser6', 'slow')).expect(200);
    expect(res.text).toBe('success');
    // Answered before the (300 ms) turn was over: nothing has been sent yet.
    expect(api.messages).toHaveLength(0);
    await waitFor(() => api.messages.length === 1, 'customer-service message');
    expect(api.messages[0]?.body).toEqual({ touser: 'oUser6', msgtype: 'text', text: { content: 'slow answer' } });
    expect(api.tokensIssued).toHaveLength(1);
  });

  it('a retried MsgId while the first is running runs one turn and delivers once', async () => {
    build(1000);
    const xml = textXml('oUser7', 'slow', '5555555555555555555');
    const [first, retry] = await Promise.all([post(xml), sleep(50).then(() => post(xml))]);
    expect(scripted.events).toHaveLength(1);
    expect(readXml(first.text).Content).toBe('slow answer');
    expect(readXml(retry.text).Content).toBe('slow answer');
    // A retry after the answer was sent gets the same answer again, still without a new turn.
    const late = await post(xml).expect(200);
    expect(readXml(late.text).Content).toBe('slow answer');
    expect(scripted.events).toHaveLength(1);
    expect(api.messages).toHaveLength(0);
  });

  it('a retry after the slow fallback gets "success" and nothing is sent twice', async () => {
    build(50);
    const xml = textXml('oUser8', 'slow', '6666666666666666666');
    expect((await post(xml)).text).toBe('success');
    expect((await post(xml)).text).toBe('success');
    await waitFor(() => api.messages.length === 1, 'customer-service message');
    expect((await post(xml)).text).toBe('success');
    await sleep(50);
    expect(api.messages).toHaveLength(1);
    expect(scripted.events).toHaveLength(1);
  });

  it('Markdown answers arrive as clean text: emphasis dropped, bullets kept, links as "text (url)"', async () => {
    const res = await post(textXml('oUser3', '客服')).expect(200);
    expect(readXml(res.text).Content).toBe(
      '联系方式：\n\n• 热线：400-000-0000（示例）\n• 帮助中心 (https://upay.example/help)\n\n1. 转人工',
    );
    await adapter.send('wechat:oUser9', [{ text: '**马上**为您处理', from: 'agent', agentName: '小林' }]);
    expect(api.textsTo('oUser9')).toEqual(['小林: 马上为您处理']);
  });

  it('agent messages go through the customer-service API; a revoked token is refreshed once', async () => {
    await adapter.send('wechat:oUser9', [{ text: '您好，我是客服小林', from: 'agent', agentName: '小林' }]);
    api.revokeTokens();
    await adapter.send('wechat:oUser9', [{ text: '请问还有问题吗？', from: 'agent' }]);
    expect(api.textsTo('oUser9')).toEqual(['小林: 您好，我是客服小林', '请问还有问题吗？']);
    expect(api.tokensIssued).toHaveLength(2);
    api.failNextSend(45015);
    await expect(adapter.send('wechat:oUser9', [{ text: 'x' }])).rejects.toMatchObject({
      code: 'api_error',
      errcode: 45015,
    });
    await expect(adapter.send('telegram:1', [{ text: 'x' }])).rejects.toMatchObject({ code: 'bad_conversation' });
  });

  it('rejects malformed bodies with 400', async () => {
    await post('not xml').expect(400);
    await post('<xml><MsgType>text</MsgType></xml>').expect(400);
    build(1000, WX.aesKey);
    const { query } = encryptedRequest(textXml('o', 'x'));
    await post('<xml><Encrypt>AAAA</Encrypt></xml>', query).expect(401);
  });
});
