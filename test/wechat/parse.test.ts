import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWechatMessage } from '../../adapters/wechat/parse-message.ts';
import { parseWechatXml, textReplyXml } from '../../adapters/wechat/xml.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/wechat/${name}.xml`, import.meta.url), 'utf8');

describe('WeChat XML parsing (recorded payloads from the official documentation)', () => {
  it('a text message keeps the 64-bit MsgId exactly', () => {
    const msg = parseWechatXml(fixture('text'));
    expect(msg).toMatchObject({
      ToUserName: 'toUser',
      FromUserName: 'fromUser',
      MsgType: 'text',
      Content: 'this is a test',
      MsgId: '1234567890123456',
    });
    expect(parseWechatMessage(msg)).toEqual({
      kind: 'turn',
      eventId: '1234567890123456',
      openId: 'fromUser',
      accountId: 'toUser',
      input: { kind: 'text', text: 'this is a test' },
    });
    expect(parseWechatXml('<xml><MsgId>9223372036854775807</MsgId></xml>').MsgId).toBe('9223372036854775807');
  });

  it('subscribe → start with FromUserName + CreateTime as event id', () => {
    expect(parseWechatMessage(parseWechatXml(fixture('subscribe')))).toMatchObject({
      kind: 'turn',
      eventId: 'FromUser:123456789',
      input: { kind: 'start' },
    });
  });

  it('menu CLICK → action with the EventKey; image → unsupported', () => {
    expect(
      parseWechatMessage(parseWechatXml(fixture('click'))).kind === 'turn' &&
        parseWechatMessage(parseWechatXml(fixture('click'))),
    ).toMatchObject({
      input: { kind: 'action', value: 'intent:forgot_password' },
    });
    expect(parseWechatMessage(parseWechatXml(fixture('image')))).toMatchObject({
      input: { kind: 'unsupported', what: 'image' },
    });
  });

  it('unsubscribe and VIEW events; malformed XML and missing fields are clear errors', () => {
    const base =
      '<ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType>';
    expect(parseWechatMessage(parseWechatXml(`<xml>${base}<Event>unsubscribe</Event></xml>`)).kind).toBe('unsubscribe');
    expect(parseWechatMessage(parseWechatXml(`<xml>${base}<Event>VIEW</Event></xml>`)).kind).toBe('ignore');
    expect(() => parseWechatXml('<xml><a></xml>')).toThrow(expect.objectContaining({ code: 'bad_message' }));
    expect(() => parseWechatXml('<!DOCTYPE xml [<!ENTITY a "aaaa">]><xml><Content>&a;</Content></xml>')).toThrow(
      expect.objectContaining({ code: 'bad_message' }),
    );
    expect(() => parseWechatXml('<root/>')).toThrow(expect.objectContaining({ code: 'bad_message' }));
    expect(() => parseWechatMessage(parseWechatXml('<xml><MsgType>text</MsgType></xml>'))).toThrow(
      expect.objectContaining({ code: 'bad_message' }),
    );
  });

  it('a reply containing "]]>" stays well-formed and round-trips', () => {
    const xml = textReplyXml({ toUser: 'u', fromUser: 'gh', content: 'a ]]> b <c> & d', createTimeS: 1 });
    expect(parseWechatXml(xml).Content).toBe('a ]]> b <c> & d');
  });
});
