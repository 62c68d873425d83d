import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { WechatError } from './errors.ts';

/** Fields of an incoming official-account message or event (all kept as strings: MsgId is 64-bit). */
export type WechatMessage = Record<string, string>;

const parser = new XMLParser({
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  processEntities: true,
  trimValues: true,
});

/** Parses `<xml>…</xml>` into a flat record of its child elements. */
export function parseWechatXml(text: string): WechatMessage {
  if (!text || XMLValidator.validate(text) !== true)
    throw new WechatError('bad_message', 'body is not well-formed XML');
  // WeChat never sends a DTD; refusing one rules out entity-expansion tricks.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new WechatError('bad_message', 'XML with a DTD is not accepted');
  const doc: unknown = parser.parse(text);
  const root = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>).xml : undefined;
  if (typeof root !== 'object' || root === null) throw new WechatError('bad_message', 'missing <xml> root element');
  const out: WechatMessage = {};
  for (const [k, v] of Object.entries(root as Record<string, unknown>)) {
    if (typeof v === 'string' || typeof v === 'number') out[k] = String(v);
  }
  return out;
}

function cdata(value: string): string {
  return `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** A passive text reply. */
export function textReplyXml(args: { toUser: string; fromUser: string; content: string; createTimeS: number }): string {
  return (
    `<xml><ToUserName>${cdata(args.toUser)}</ToUserName><FromUserName>${cdata(args.fromUser)}</FromUserName>` +
    `<CreateTime>${args.createTimeS}</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata(args.content)}</Content></xml>`
  );
}

/** The safe-mode envelope around an encrypted passive reply. */
export function encryptedReplyXml(args: {
  encrypt: string;
  signature: string;
  timestamp: string;
  nonce: string;
}): string {
  return (
    `<xml><Encrypt>${cdata(args.encrypt)}</Encrypt><MsgSignature>${cdata(args.signature)}</MsgSignature>` +
    `<TimeStamp>${args.timestamp}</TimeStamp><Nonce>${cdata(args.nonce)}</Nonce></xml>`
  );
}
