import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WechatCsMessage {
  accessToken: string;
  body: { touser: string; msgtype: string; text?: { content: string } };
}

/**
 * A fake WeChat official-account API on loopback: GET /cgi-bin/token and
 * POST /cgi-bin/message/custom/send (errcode 40001 for unknown or revoked tokens).
 */
export async function startFakeWechatApi(
  creds: { appId: string; appSecret: string },
  opts: { expiresInS?: number } = {},
) {
  const tokensIssued: string[] = [];
  const valid = new Set<string>();
  const messages: WechatCsMessage[] = [];
  const forcedErrcodes: number[] = [];
  let seq = 0;

  async function readJson(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && url.pathname === '/cgi-bin/token') {
        if (url.searchParams.get('grant_type') !== 'client_credential')
          return res.end(JSON.stringify({ errcode: 40002, errmsg: 'invalid grant_type' }));
        if (url.searchParams.get('appid') !== creds.appId || url.searchParams.get('secret') !== creds.appSecret) {
          return res.end(JSON.stringify({ errcode: 40125, errmsg: 'invalid appsecret' }));
        }
        const token = `ACCESS_TOKEN_${++seq}`;
        tokensIssued.push(token);
        valid.add(token);
        return res.end(JSON.stringify({ access_token: token, expires_in: opts.expiresInS ?? 7200 }));
      }
      if (req.method === 'POST' && url.pathname === '/cgi-bin/message/custom/send') {
        const accessToken = url.searchParams.get('access_token') ?? '';
        const body = (await readJson(req)) as WechatCsMessage['body'];
        if (!valid.has(accessToken))
          return res.end(
            JSON.stringify({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' }),
          );
        const forced = forcedErrcodes.shift();
        if (forced) return res.end(JSON.stringify({ errcode: forced, errmsg: 'forced' }));
        messages.push({ accessToken, body });
        return res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
      }
      res.statusCode = 404;
      res.end(JSON.stringify({ errcode: 404, errmsg: 'not found' }));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    tokensIssued,
    messages,
    /** Revokes every token issued so far (as when another server fetched a new one). */
    revokeTokens(): void {
      valid.clear();
    },
    failNextSend(errcode: number): void {
      forcedErrcodes.push(errcode);
    },
    textsTo(openId: string): string[] {
      return messages.filter((m) => m.body.touser === openId).map((m) => m.body.text?.content ?? '');
    },
    async close(): Promise<void> {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeWechatApi = Awaited<ReturnType<typeof startFakeWechatApi>>;
