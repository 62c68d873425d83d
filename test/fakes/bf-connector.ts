import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorPost {
  conversationId: string;
  replyToId?: string;
  authorization?: string;
  activity: Record<string, unknown>;
}

/**
 * A fake Bot Framework connector (the `serviceUrl` of incoming activities) on loopback:
 * POST /v3/conversations/{id}/activities and /v3/conversations/{id}/activities/{replyToId}.
 */
export async function startFakeConnector() {
  const posts: ConnectorPost[] = [];
  let seq = 0;

  async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(url.pathname);
      res.setHeader('content-type', 'application/json');
      if (req.method !== 'POST' || !m?.[1]) {
        res.statusCode = 404;
        res.end(JSON.stringify({ error: { code: 'NotFound', message: `${req.method} ${url.pathname}` } }));
        return;
      }
      const activity = await readJson(req);
      posts.push({
        conversationId: decodeURIComponent(m[1]),
        ...(m[2] ? { replyToId: decodeURIComponent(m[2]) } : {}),
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        activity,
      });
      res.end(JSON.stringify({ id: `reply-${++seq}` }));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    posts,
    textsTo(conversationId: string): string[] {
      return posts.filter((p) => p.conversationId === conversationId).map((p) => String(p.activity.text ?? ''));
    },
    async close(): Promise<void> {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeConnector = Awaited<ReturnType<typeof startFakeConnector>>;
