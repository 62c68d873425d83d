import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Web API call the fake received (form fields; JSON fields such as `blocks` parsed). */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
  at: number;
}

export interface SlackFailure {
  status: 500 | 503 | 429;
  /** Sent as Retry-After on 429. */
  retryAfterS?: number;
}

export interface FakeSlackUser {
  id: string;
  name: string;
  real_name?: string;
  display_name?: string;
}

export const FAKE_SLACK = {
  botUserId: 'UBOT0001',
  botId: 'BBOT0001',
  teamId: 'T0UPAY',
  channelId: 'C0HANDOFF',
} as const;

/**
 * A fake Slack Web API on loopback: auth.test, chat.postMessage, chat.postEphemeral, chat.update,
 * users.info, usergroups.users.list, conversations.replies. It records calls and can fail on demand
 * (500, or 429 with Retry-After). Point WebClient at `url` (SLACK_API_URL).
 */
export async function startFakeSlackApi(
  opts: { users?: FakeSlackUser[]; token?: string; groups?: Record<string, string[]> } = {},
) {
  const calls: SlackCall[] = [];
  const failures = new Map<string, SlackFailure[]>();
  const users = new Map((opts.users ?? []).map((u) => [u.id, u]));
  const groups = new Map(Object.entries(opts.groups ?? {}).map(([id, members]) => [id, [...members]]));
  const messages: { channel: string; ts: string; thread_ts?: string; text: string; blocks?: unknown; user: string }[] =
    [];
  let down: SlackFailure | undefined;
  let seq = 100;

  async function readArgs(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (!text) return {};
    if ((req.headers['content-type'] ?? '').includes('application/json'))
      return JSON.parse(text) as Record<string, unknown>;
    const args: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(text)) {
      if (v.startsWith('[') || v.startsWith('{')) {
        try {
          args[k] = JSON.parse(v) as unknown;
          continue;
        } catch {
          // a plain string that starts with a bracket
        }
      }
      args[k] = v;
    }
    return args;
  }

  function send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(payload));
  }

  function fail(res: ServerResponse, failure: SlackFailure): void {
    if (failure.status === 429)
      send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.retryAfterS ?? 1) });
    else send(res, failure.status, { ok: false, error: 'internal_error' });
  }

  function nextTs(): string {
    seq += 1;
    return `1764100000.${String(seq).padStart(6, '0')}`;
  }

  function channelId(channel: unknown): string {
    if (typeof channel !== 'string' || !channel) return '';
    return channel.startsWith('C') ? channel : FAKE_SLACK.channelId;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.url ?? '').replace(/^\/+(api\/)?/, '').split('?')[0] ?? '';
    const args = await readArgs(req);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof args.token === 'string' ? args.token : undefined;
    calls.push({ method, args, token, at: Date.now() });

    if (down) return fail(res, down);
    const queued = failures.get(method);
    if (queued?.length) return fail(res, queued.shift() as SlackFailure);
    if (opts.token && token !== opts.token) return send(res, 200, { ok: false, error: 'invalid_auth' });

    switch (method) {
      case 'auth.test':
        return send(res, 200, {
          ok: true,
          user_id: FAKE_SLACK.botUserId,
          bot_id: FAKE_SLACK.botId,
          team_id: FAKE_SLACK.teamId,
          user: 'upay-desk',
        });
      case 'chat.postMessage': {
        const channel = channelId(args.channel);
        if (!channel) return send(res, 200, { ok: false, error: 'channel_not_found' });
        const ts = nextTs();
        const message = {
          channel,
          ts,
          text: String(args.text ?? ''),
          blocks: args.blocks,
          user: FAKE_SLACK.botUserId,
          ...(typeof args.thread_ts === 'string' ? { thread_ts: args.thread_ts } : {}),
        };
        messages.push(message);
        return send(res, 200, { ok: true, channel, ts, message: { ...message, bot_id: FAKE_SLACK.botId } });
      }
      case 'chat.postEphemeral': {
        const channel = channelId(args.channel);
        if (!channel) return send(res, 200, { ok: false, error: 'channel_not_found' });
        if (typeof args.user !== 'string' || !args.user) return send(res, 200, { ok: false, error: 'user_not_found' });
        return send(res, 200, { ok: true, message_ts: nextTs() });
      }
      case 'usergroups.users.list': {
        const members = groups.get(String(args.usergroup ?? ''));
        if (!members) return send(res, 200, { ok: false, error: 'no_such_subteam' });
        return send(res, 200, { ok: true, users: [...members] });
      }
      case 'chat.update': {
        const m = messages.find((x) => x.ts === args.ts && x.channel === args.channel);
        if (!m) return send(res, 200, { ok: false, error: 'message_not_found' });
        m.text = String(args.text ?? '');
        m.blocks = args.blocks;
        return send(res, 200, { ok: true, channel: m.channel, ts: m.ts, text: m.text });
      }
      case 'users.info': {
        const u = users.get(String(args.user ?? ''));
        if (!u) return send(res, 200, { ok: false, error: 'user_not_found' });
        return send(res, 200, {
          ok: true,
          user: {
            id: u.id,
            name: u.name,
            real_name: u.real_name ?? '',
            profile: { display_name: u.display_name ?? '', real_name: u.real_name ?? '' },
          },
        });
      }
      case 'conversations.replies': {
        const ts = String(args.ts ?? '');
        const thread = messages.filter((m) => m.channel === args.channel && (m.ts === ts || m.thread_ts === ts));
        return send(res, 200, { ok: true, messages: thread, has_more: false });
      }
      default:
        return send(res, 200, { ok: false, error: 'unknown_method' });
    }
  }

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => send(res, 500, { ok: false, error: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    messages,
    callsTo: (method: string) => calls.filter((c) => c.method === method),
    /** The next `count` calls of `method` fail this way. */
    failNext(method: string, failure: SlackFailure, count = 1) {
      const list = failures.get(method) ?? [];
      for (let i = 0; i < count; i++) list.push(failure);
      failures.set(method, list);
    },
    /** Every call fails until `setDown(undefined)`. */
    setDown(failure: SlackFailure | undefined) {
      down = failure;
    },
    addUser(user: FakeSlackUser) {
      users.set(user.id, user);
    },
    /** Replaces the members of a user group (usergroups.users.list answers with them). */
    setGroup(id: string, members: string[]) {
      groups.set(id, [...members]);
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

export type FakeSlackApi = Awaited<ReturnType<typeof startFakeSlackApi>>;
