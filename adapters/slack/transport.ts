import { webApi } from '@slack/bolt';
import type { DeskCase } from '../../bot/handoff/case-record.ts';
import { DeskTransportError, type DeskTransport, type ThreadMessage } from '../../bot/handoff/transport.ts';
import type { Logger } from '../../bot/logger.ts';
import { caseBlocks, caseText, threadMessage } from './blocks.ts';

export interface SlackClientOptions {
  token: string;
  /** SLACK_API_URL: another Web API base (tests); default https://slack.com/api/. */
  apiUrl?: string;
  /** Per-call timeout. Default 5 s. */
  timeoutMs?: number;
}

/**
 * The Web API client: its own retries are off (the desk's outbox retries, honouring Retry-After),
 * and rate-limited calls fail at once instead of sleeping inside a request.
 */
export function createSlackClient(opts: SlackClientOptions): webApi.WebClient {
  let slackApiUrl = opts.apiUrl;
  if (slackApiUrl && !slackApiUrl.endsWith('/')) slackApiUrl += '/';
  return new webApi.WebClient(opts.token, {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    timeout: opts.timeoutMs ?? 5000,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: webApi.LogLevel.ERROR,
  });
}

const TRANSIENT_PLATFORM_ERRORS = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'team_added_to_org',
]);

/** Maps a Web API failure to a DeskTransportError (outages and rate limits are retryable). */
export function toTransportError(method: string, error: unknown): DeskTransportError {
  if (error instanceof DeskTransportError) return error;
  const e = error as { code?: unknown; retryAfter?: unknown; statusCode?: unknown; data?: { error?: unknown } };
  switch (e?.code) {
    case webApi.ErrorCode.RateLimitedError: {
      const seconds = typeof e.retryAfter === 'number' ? e.retryAfter : 1;
      return new DeskTransportError('rate_limited', `${method}: rate limited by Slack`, seconds * 1000);
    }
    case webApi.ErrorCode.HTTPError: {
      const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
      return new DeskTransportError(
        status >= 500 || status === 408 || status === 0 ? 'unavailable' : 'rejected',
        `${method}: Slack answered HTTP ${status}`,
      );
    }
    case webApi.ErrorCode.RequestError:
      return new DeskTransportError('unavailable', `${method}: Slack could not be reached`);
    case webApi.ErrorCode.PlatformError: {
      const code = typeof e.data?.error === 'string' ? e.data.error : 'unknown';
      return new DeskTransportError(
        TRANSIENT_PLATFORM_ERRORS.has(code) ? 'unavailable' : 'rejected',
        `${method}: Slack error ${code}`,
      );
    }
    default:
      return new DeskTransportError(
        'unavailable',
        `${method}: ${error instanceof Error ? error.name : 'unknown failure'}`,
      );
  }
}

export interface SlackTransportOptions {
  client: webApi.WebClient;
  /** SLACK_HANDOFF_CHANNEL. */
  channel: string;
  /** SLACK_ONCALL_GROUP (user group id) mentioned on urgent cases. */
  oncallGroup?: string;
  logger: Logger;
  /** Agent names are cached this long. Default 1 h. */
  nameCacheMs?: number;
  now?: () => number;
}

/** The desk's view of Slack: case messages, thread messages and agent names. */
export function createSlackTransport(opts: SlackTransportOptions): DeskTransport {
  const { client } = opts;
  const render = opts.oncallGroup ? { oncallGroup: opts.oncallGroup } : {};
  const names = new Map<string, { name: string; until: number }>();
  const nameCacheMs = opts.nameCacheMs ?? 3600_000;
  const now = opts.now ?? Date.now;

  async function call<T>(method: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw toTransportError(method, error);
    }
  }

  return {
    async postCase(record: DeskCase) {
      const result = await call('chat.postMessage', () =>
        client.chat.postMessage({
          channel: opts.channel,
          text: caseText(record, render),
          blocks: caseBlocks(record, render) as never,
          unfurl_links: false,
          unfurl_media: false,
        }),
      );
      if (!result.ts || !result.channel)
        throw new DeskTransportError('rejected', 'chat.postMessage: no ts in the answer');
      return { channel: result.channel, ts: result.ts };
    },

    async updateCase(record: DeskCase) {
      const where = record.slack;
      if (!where) return;
      await call('chat.update', () =>
        client.chat.update({
          channel: where.channel,
          ts: where.ts,
          text: caseText(record, render),
          blocks: caseBlocks(record, render) as never,
        }),
      );
    },

    async postThread(record: DeskCase, message: ThreadMessage) {
      const where = record.slack;
      if (!where) throw new DeskTransportError('rejected', 'thread message before the case message was posted');
      const { text, blocks } = threadMessage(record, message);
      await call('chat.postMessage', () =>
        client.chat.postMessage({
          channel: where.channel,
          thread_ts: where.ts,
          text,
          blocks: blocks as never,
          unfurl_links: false,
          unfurl_media: false,
        }),
      );
    },

    async agentName(agentId: string) {
      const cached = names.get(agentId);
      if (cached && cached.until > now()) return cached.name;
      const result = await call('users.info', () => client.users.info({ user: agentId }));
      const profile = result.user?.profile;
      const name =
        profile?.display_name?.trim() ||
        profile?.real_name?.trim() ||
        result.user?.real_name?.trim() ||
        result.user?.name?.trim();
      if (name) names.set(agentId, { name, until: now() + nameCacheMs });
      return name || undefined;
    },
  };
}
