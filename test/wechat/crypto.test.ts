import { describe, expect, it } from 'vitest';
import { createWechatCipher } from '../../adapters/wechat/message-crypto.ts';
import { signatureMatches, wechatSignature } from '../../adapters/wechat/signature.ts';

describe('WeChat message crypto (known answers from Tencent sample code)', () => {
  it('encrypts like the reference implementation (WXBizMsgCrypt test vector)', () => {
    const cipher = createWechatCipher('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', 'wxb11529c136998cb6');
    const encrypted = cipher.encrypt('我是中文abcd123', Buffer.from('aaaabbbbccccdddd'));
    expect(encrypted).toBe('jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==');
    expect(cipher.decrypt(encrypted)).toBe('我是中文abcd123');
  });

  it('verifies and decrypts the reference sample request', () => {
    const token = 'QDG6eK';
    const encrypt =
      'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';
    expect(
      signatureMatches('477715d11cdb4164915debcba66cb864d751f3e6', [token, '1409659813', '1372623149', encrypt]),
    ).toBe(true);
    const cipher = createWechatCipher('jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', 'wx5823bf96d3bd56c7');
    const xml = cipher.decrypt(encrypt);
    expect(xml).toContain('<MsgType><![CDATA[text]]></MsgType>');
    expect(xml).toContain('<MsgId>4561255354251345929</MsgId>');
  });

  it('rejects a message encrypted for another AppID, a bad key and garbage', () => {
    const mine = createWechatCipher('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', 'wxAAAA');
    const theirs = createWechatCipher('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', 'wxBBBB');
    expect(() => mine.decrypt(theirs.encrypt('<xml/>'))).toThrow(expect.objectContaining({ code: 'decrypt_failed' }));
    expect(() => mine.decrypt('not base64 at all!!')).toThrow(expect.objectContaining({ code: 'decrypt_failed' }));
    expect(() => createWechatCipher('short', 'wx')).toThrow(expect.objectContaining({ code: 'bad_config' }));
  });

  it('signatures: sorted SHA-1, compared in constant time, anything malformed is false', () => {
    const sig = wechatSignature(['token', '1409304348', 'nonce']);
    expect(sig).toMatch(/^[0-9a-f]{40}$/);
    expect(wechatSignature(['nonce', 'token', '1409304348'])).toBe(sig);
    expect(signatureMatches(sig, ['token', '1409304348', 'nonce'])).toBe(true);
    expect(signatureMatches(sig.toUpperCase(), ['token', '1409304348', 'nonce'])).toBe(true);
    expect(signatureMatches(sig, ['token', '1409304349', 'nonce'])).toBe(false);
    expect(signatureMatches(undefined, ['token'])).toBe(false);
    expect(signatureMatches('xyz', ['token'])).toBe(false);
  });
});
