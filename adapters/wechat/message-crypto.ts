import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { WechatError } from './errors.ts';

const BLOCK_BYTES = 32;

/**
 * WeChat "safe mode" message encryption: AES-256-CBC, key = base64(EncodingAESKey + "="),
 * IV = first 16 bytes of the key, PKCS#7 padding to 32-byte blocks,
 * plaintext = 16 random bytes + 4-byte big-endian length + message + AppID.
 */
export function createWechatCipher(encodingAesKey: string, appId: string) {
  if (encodingAesKey.length !== 43)
    throw new WechatError('bad_config', 'WECHAT_ENCODING_AES_KEY must be 43 characters');
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new WechatError('bad_config', 'WECHAT_ENCODING_AES_KEY does not decode to 32 bytes');
  const iv = key.subarray(0, 16);

  return {
    encrypt(message: string, random: Buffer = randomBytes(16)): string {
      const body = Buffer.from(message, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(body.length, 0);
      const plain = Buffer.concat([random, length, body, Buffer.from(appId, 'utf8')]);
      const pad = BLOCK_BYTES - (plain.length % BLOCK_BYTES);
      const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
      const cipher = createCipheriv('aes-256-cbc', key, iv);
      cipher.setAutoPadding(false);
      return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
    },

    /** The message, after checking padding, length and that it was meant for our AppID. */
    decrypt(encrypted: string): string {
      let plain: Buffer;
      try {
        const decipher = createDecipheriv('aes-256-cbc', key, iv);
        decipher.setAutoPadding(false);
        plain = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
      } catch {
        throw new WechatError('decrypt_failed', 'the encrypted message could not be decrypted');
      }
      const pad = plain[plain.length - 1] ?? 0;
      if (pad < 1 || pad > BLOCK_BYTES || pad > plain.length) throw new WechatError('decrypt_failed', 'bad padding');
      const unpadded = plain.subarray(0, plain.length - pad);
      if (unpadded.length < 20) throw new WechatError('decrypt_failed', 'decrypted message too short');
      const length = unpadded.readUInt32BE(16);
      if (20 + length > unpadded.length) throw new WechatError('decrypt_failed', 'bad message length');
      const message = unpadded.subarray(20, 20 + length).toString('utf8');
      const forAppId = unpadded.subarray(20 + length).toString('utf8');
      if (forAppId !== appId) throw new WechatError('decrypt_failed', 'the message was encrypted for another AppID');
      return message;
    },
  };
}

export type WechatCipher = ReturnType<typeof createWechatCipher>;
