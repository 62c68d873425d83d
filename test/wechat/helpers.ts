import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';

export const WX = {
  token: 'upay_wechat_token',
  appId: 'wx1234567890abcdef',
  appSecret: 'secret-of-the-app',
  aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  account: 'gh_upay0001',
};

const sha1 = (parts: string[]): string =>
  createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');

const nowS = (): number => Math.floor(Date.now() / 1000);

/** Query string of a genuine plain-mode push (or GET verification), signed at `timestampS` (default now). */
export function signedQuery(extra: Record<string, string> = {}, token = WX.token, timestampS = nowS()): string {
  const timestamp = String(timestampS);
  const nonce = randomBytes(6).toString('hex');
  return new URLSearchParams({
    signature: sha1([token, timestamp, nonce]),
    timestamp,
    nonce,
    openid: 'x',
    ...extra,
  }).toString();
}

/** Test-side implementation of the safe-mode algorithm (independent of the adapter's). */
function keyIv(): { key: Buffer; iv: Buffer } {
  const key = Buffer.from(`${WX.aesKey}=`, 'base64');
  return { key, iv: key.subarray(0, 16) };
}

export function encryptForTest(xml: string): string {
  const { key, iv } = keyIv();
  const msg = Buffer.from(xml);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length);
  const plain = Buffer.concat([randomBytes(16), len, msg, Buffer.from(WX.appId)]);
  const pad = 32 - (plain.length % 32);
  const c = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  return Buffer.concat([c.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), c.final()]).toString('base64');
}

export function decryptForTest(b64: string): { xml: string; appId: string } {
  const { key, iv } = keyIv();
  const d = createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  const plain = Buffer.concat([d.update(Buffer.from(b64, 'base64')), d.final()]);
  const body = plain.subarray(0, plain.length - (plain.at(-1) ?? 0));
  const len = body.readUInt32BE(16);
  return { xml: body.subarray(20, 20 + len).toString(), appId: body.subarray(20 + len).toString() };
}

/**
 * An encrypted push: envelope body and its query (with msg_signature). `plainFields` are added next to
 * <Encrypt> as WeChat's "compatible mode" does (the plaintext copy of the message).
 */
export function encryptedRequest(xml: string, signWith = WX.token, plainFields = ''): { query: string; body: string } {
  const encrypt = encryptForTest(xml);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(6).toString('hex');
  const query = new URLSearchParams({
    signature: sha1([signWith, timestamp, nonce]),
    timestamp,
    nonce,
    openid: 'x',
    encrypt_type: 'aes',
    msg_signature: sha1([signWith, timestamp, nonce, encrypt]),
  }).toString();
  return {
    query,
    body: `<xml><ToUserName><![CDATA[${WX.account}]]></ToUserName>${plainFields}<Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
  };
}

export function verifyReplySignature(reply: Record<string, string>): boolean {
  return sha1([WX.token, reply.TimeStamp ?? '', reply.Nonce ?? '', reply.Encrypt ?? '']) === reply.MsgSignature;
}

const parser = new XMLParser({ parseTagValue: false });
export function readXml(text: string): Record<string, string> {
  return (parser.parse(text) as { xml: Record<string, string> }).xml;
}

let msgSeq = 8_000_000_000_000_000_000n;
export function textXml(
  openId: string,
  content: string,
  msgId: string = String(msgSeq++),
  account = WX.account,
): string {
  return `<xml><ToUserName><![CDATA[${account}]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId></xml>`;
}

export function eventXml(
  openId: string,
  event: string,
  eventKey?: string,
  createTime = Math.floor(Date.now() / 1000),
): string {
  return `<xml><ToUserName><![CDATA[${WX.account}]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${event}]]></Event>${eventKey ? `<EventKey><![CDATA[${eventKey}]]></EventKey>` : ''}</xml>`;
}
