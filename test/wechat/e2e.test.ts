import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWechatApi, type FakeWechatApi } from '../fakes/wechat-api.ts';
import { waitFor } from '../telegram/helpers.ts';
import { startChannelServer } from '../telegram/server-helper.ts';
import { WX, decryptForTest, encryptedRequest, eventXml, readXml, signedQuery, textXml } from './helpers.ts';

/** The number in front of the choice whose label matches, in a numbered-choices text. */
function choiceNumber(text: string, label: RegExp): string {
  const line = text.split('\n').find((l) => /^\d+\. /.test(l) && label.test(l));
  if (!line) throw new Error(`no choice ${label} in:\n${text}`);
  return line.split('.')[0]!;
}

describe('WeChat end to end: real engine and sandbox wallet behind /wechat', () => {
  let api: FakeWechatApi;
  let started: Awaited<ReturnType<typeof startChannelServer>>;

  beforeAll(async () => {
    api = await startFakeWechatApi({ appId: WX.appId, appSecret: WX.appSecret });
    started = await startChannelServer({
      WECHAT_TOKEN: WX.token,
      WECHAT_APP_ID: WX.appId,
      WECHAT_APP_SECRET: WX.appSecret,
      WECHAT_ENCODING_AES_KEY: WX.aesKey,
      WECHAT_API_BASE: api.baseUrl,
      WECHAT_ACCOUNT_ID: WX.account,
    });
  }, 60_000);
  afterAll(async () => {
    await started?.server.stop();
    await api?.close();
  });

  /** Safe mode (the key is configured, so plaintext pushes are refused); the decrypted passive reply's text. */
  async function say(xml: string): Promise<string> {
    const { query, body } = encryptedRequest(xml);
    const res = await request(started.server.url)
      .post(`/wechat?${query}`)
      .set('content-type', 'text/xml')
      .send(body)
      .expect(200);
    return res.text === 'success' ? '' : (readXml(decryptForTest(readXml(res.text).Encrypt ?? '').xml).Content ?? '');
  }

  it('subscribe → numbered topics → payment failed → phone + code → numbered transaction → refund explained', async () => {
    const openId = 'oE2E_zh_customer';
    const welcome = await say(eventXml(openId, 'subscribe'));
    expect(welcome).toMatch(/upay/);
    const verify = await say(textXml(openId, choiceNumber(welcome, /付款失败/)));
    expect(verify).toMatch(/手机号或邮箱/);
    expect(await say(textXml(openId, '13800001001'))).toMatch(/验证码/);
    const pick = await say(textXml(openId, '123456'));
    expect(pick).toMatch(/验证成功/);
    const explained = await say(textXml(openId, choiceNumber(pick, /京东商城/)));
    expect(explained).toMatch(/退款/);
    expect(explained).toMatch(/3\s*个工作日/);
  }, 60_000);

  it('safe mode round trip through the real service; agent messages go out by the customer-service API', async () => {
    const openId = 'oE2E_en_customer';
    const { query, body } = encryptedRequest(textXml(openId, 'how do I contact support?'));
    const res = await request(started.server.url)
      .post(`/wechat?${query}`)
      .set('content-type', 'text/xml')
      .send(body)
      .expect(200);
    const reply = readXml(decryptForTest(readXml(res.text).Encrypt ?? '').xml);
    expect(reply.ToUserName).toBe(openId);
    expect(reply.Content?.length).toBeGreaterThan(10);

    await started.server.sinks.send(`wechat:${openId}`, [
      { text: 'Hello, this is Lin.', from: 'agent', agentName: 'Lin' },
    ]);
    await waitFor(() => api.textsTo(openId).length === 1, 'customer-service message');
    expect(api.textsTo(openId)).toEqual(['Lin: Hello, this is Lin.']);
  }, 30_000);

  it('WECHAT_ACCOUNT_ID and WECHAT_ENCODING_AES_KEY are enforced by the service: other accounts and plaintext refused', async () => {
    const { query, body } = encryptedRequest(textXml('oE2E_other', 'hello', undefined, 'gh_not_upay'));
    const wrong = await request(started.server.url)
      .post(`/wechat?${query}`)
      .set('content-type', 'text/xml')
      .send(body)
      .expect(403);
    expect(wrong.text).toBe('wrong_account');
    const plain = await request(started.server.url)
      .post(`/wechat?${signedQuery()}`)
      .set('content-type', 'text/xml')
      .send(textXml('oE2E_other', 'hello'))
      .expect(403);
    expect(plain.text).toBe('plaintext_refused');
  });
});
