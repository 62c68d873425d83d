import type { Logger } from '../../bot/logger.ts';
import { WechatError } from './errors.ts';

export interface WechatApiClientOptions {
  appId: string;
  appSecret: string;
  /** Default https://api.weixin.qq.com; tests point it at a fake. */
  baseUrl?: string;
  logger: Logger;
  /** Refresh the access token this long before WeChat says it expires. Default 5 min. */
  refreshMarginMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

/** errcodes meaning "the access token is invalid or expired": refresh and retry once. */
const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);

interface TokenAnswer {
  access_token?: unknown;
  expires_in?: unknown;
  errcode?: unknown;
}

/**
 * The official-account API: access token (cached, refreshed before expiry, one request in flight
 * at a time) and the customer-service message API.
 */
export function createWechatApiClient(opts: WechatApiClientOptions) {
  const base = (opts.baseUrl ?? 'https://api.weixin.qq.com').replace(/\/+$/, '');
  const now = opts.now ?? Date.now;
  const marginMs = opts.refreshMarginMs ?? 5 * 60_000;
  const timeoutMs = opts.timeoutMs ?? 5000;
  let cached: { token: string; refreshAtMs: number } | undefined;
  let fetching: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const url = `${base}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(opts.appId)}&secret=${encodeURIComponent(opts.appSecret)}`;
    let body: TokenAnswer;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      body = (await res.json()) as TokenAnswer;
    } catch (err) {
      throw new WechatError('token_failed', `access token request failed: ${(err as Error).message}`);
    }
    if (typeof body.access_token !== 'string' || !body.access_token) {
      const errcode = typeof body.errcode === 'number' ? body.errcode : undefined;
      throw new WechatError(
        'token_failed',
        `WeChat refused the access token request (errcode ${errcode ?? '?'})`,
        errcode,
      );
    }
    const expiresInS = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 7200;
    cached = {
      token: body.access_token,
      refreshAtMs: now() + Math.max(expiresInS * 1000 - marginMs, expiresInS * 500),
    };
    opts.logger.info({ expiresInS }, 'wechat access token refreshed');
    return body.access_token;
  }

  async function accessToken(force = false): Promise<string> {
    if (!force && cached && now() < cached.refreshAtMs) return cached.token;
    if (force) cached = undefined;
    fetching ??= fetchToken().finally(() => {
      fetching = undefined;
    });
    return fetching;
  }

  async function post(path: string, payload: unknown): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const token = await accessToken(attempt > 1);
      let body: { errcode?: unknown };
      try {
        const res = await fetch(`${base}${path}?access_token=${encodeURIComponent(token)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(timeoutMs),
        });
        body = (await res.json()) as { errcode?: unknown };
      } catch (err) {
        throw new WechatError('api_error', `${path} failed: ${(err as Error).message}`);
      }
      const errcode = typeof body.errcode === 'number' ? body.errcode : 0;
      if (errcode === 0) return;
      if (TOKEN_ERRCODES.has(errcode) && attempt === 1) {
        opts.logger.warn({ errcode }, 'wechat access token rejected: refreshing and retrying once');
        continue;
      }
      throw new WechatError('api_error', `${path}: WeChat answered errcode ${errcode}`, errcode);
    }
  }

  return {
    accessToken,
    /** Customer-service text message (allowed within 48 h of the customer's last message). */
    async sendText(openId: string, content: string): Promise<void> {
      await post('/cgi-bin/message/custom/send', { touser: openId, msgtype: 'text', text: { content } });
    },
  };
}

export type WechatApiClient = ReturnType<typeof createWechatApiClient>;
