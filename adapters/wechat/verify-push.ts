import { WechatError } from './errors.ts';
import type { WechatCipher } from './message-crypto.ts';
import { signatureMatches } from './signature.ts';
import { parseWechatXml } from './xml.ts';

export interface PushVerifierOptions {
  token: string;
  /** Present when an EncodingAESKey is configured: then only encrypted pushes are accepted. */
  cipher?: WechatCipher | undefined;
  maxClockSkewMs: number;
  now: () => number;
}

/** A push whose signature and time checked out; `replay` is what the nonce cache remembers. */
export interface VerifiedPush {
  /** The message XML to trust (decrypted in safe mode). */
  xml: string;
  replay: {
    timestamp: string;
    nonce: string;
    signature: string;
    /** What the signature vouches for, or in plain mode (where it covers no body) the whole body. */
    payload: string;
  };
}

export type QueryStrings = Record<string, string | undefined>;

/** Seconds since the epoch as WeChat sends it; bounded so Number() is exact. */
const TIMESTAMP = /^\d{1,12}$/;

export function createPushVerifier(opts: PushVerifierOptions) {
  const { token, cipher, maxClockSkewMs, now } = opts;

  /** Stale or far-future timestamps are refused, so a captured signed URL is only good for the window. */
  function timestampFresh(timestamp: string | undefined): timestamp is string {
    return (
      timestamp !== undefined &&
      TIMESTAMP.test(timestamp) &&
      Math.abs(now() - Number(timestamp) * 1000) <= maxClockSkewMs
    );
  }

  /** The signed GET of the console's server verification (echostr), inside the same time window as pushes. */
  function verificationValid(q: QueryStrings): boolean {
    return (
      Boolean(q.echostr) &&
      timestampFresh(q.timestamp) &&
      signatureMatches(q.signature, [token, q.timestamp ?? '', q.nonce ?? ''])
    );
  }

  function verifyPush(q: QueryStrings, body: string): VerifiedPush {
    const { timestamp, nonce = '' } = q;
    if (!timestampFresh(timestamp))
      throw new WechatError('bad_signature', 'timestamp missing or outside the accepted window');
    if (!cipher) {
      if (q.encrypt_type === 'aes')
        throw new WechatError('bad_config', 'safe mode message but WECHAT_ENCODING_AES_KEY is not set');
      if (!signatureMatches(q.signature, [token, timestamp, nonce]))
        throw new WechatError('bad_signature', 'bad signature');
      return { xml: body, replay: { timestamp, nonce, signature: q.signature ?? '', payload: body } };
    }
    // With a key configured the caller does not get to choose the mode: the plain `signature` covers no body, so
    // a leaked signed URL would let anyone speak as any FromUserName. WeChat's "compatible mode" sends a plaintext
    // copy next to <Encrypt>; it is accepted, but only the encrypted part (covered by msg_signature) is read.
    if (q.encrypt_type !== 'aes')
      throw new WechatError('plaintext_refused', 'an EncodingAESKey is configured: plaintext pushes are refused');
    const encrypted = parseWechatXml(body).Encrypt;
    if (!encrypted) throw new WechatError('plaintext_refused', 'safe mode message without <Encrypt>');
    if (!signatureMatches(q.msg_signature, [token, timestamp, nonce, encrypted]))
      throw new WechatError('bad_signature', 'bad msg_signature');
    return {
      xml: cipher.decrypt(encrypted),
      replay: { timestamp, nonce, signature: q.msg_signature ?? '', payload: encrypted },
    };
  }

  return { timestampFresh, verificationValid, verifyPush };
}
