import type { webApi } from '@slack/bolt';
import type { Logger } from '../../bot/logger.ts';

/** `agent`: may act; `not_agent`: refused; `unknown`: the group lookup failed, so refused too (fail closed). */
export type AgentVerdict = 'agent' | 'not_agent' | 'unknown';

export interface AgentDirectoryOptions {
  client: webApi.WebClient;
  logger: Logger;
  /** SLACK_AGENTS: user ids that may always act. */
  agents: readonly string[];
  /** SLACK_AGENT_GROUP: a user group whose members may act (usergroups.users.list). */
  group?: string;
  now?: () => number;
  /** A fetched member list is trusted this long. Default 5 min. */
  groupTtlMs?: number;
  /** At most one lookup per this interval, whether for a miss, a stale list or after a failure. Default 1 min. */
  minRefreshMs?: number;
}

export interface AgentDirectory {
  /** True when neither SLACK_AGENTS nor SLACK_AGENT_GROUP is set: anyone in the channel may act (development only). */
  readonly open: boolean;
  verdict(userId: string): Promise<AgentVerdict>;
}

/**
 * Who may act on desk cases. Group members are cached (TTL); a user missing from the cached list
 * triggers a refresh at most once a minute, so a newly added agent waits at most a minute and a
 * stream of clicks by non-members cannot hammer the Web API. A failing lookup refuses.
 */
export function createAgentDirectory(opts: AgentDirectoryOptions): AgentDirectory {
  const listed = new Set(opts.agents);
  const group = opts.group;
  const now = opts.now ?? Date.now;
  const ttlMs = opts.groupTtlMs ?? 300_000;
  const minRefreshMs = opts.minRefreshMs ?? 60_000;
  let members: Set<string> | undefined;
  let fetchedAt = 0;
  let lastAttemptAt: number | undefined;
  let inFlight: Promise<boolean> | undefined;

  async function fetchMembers(groupId: string): Promise<boolean> {
    lastAttemptAt = now();
    try {
      const result = await opts.client.usergroups.users.list({ usergroup: groupId });
      const users = Array.isArray(result.users) ? result.users.filter((u): u is string => typeof u === 'string') : [];
      members = new Set(users);
      fetchedAt = now();
      opts.logger.info({ group: groupId, members: users.length }, 'slack agent group loaded');
      return true;
    } catch (error) {
      // Stale data is not trusted after a failed refresh: refuse until a lookup succeeds.
      members = undefined;
      const e = error as { data?: { error?: unknown } };
      const slackError = typeof e?.data?.error === 'string' ? e.data.error : undefined;
      opts.logger.error(
        { group: groupId, err: error instanceof Error ? error.name : 'unknown', ...(slackError ? { slackError } : {}) },
        'slack agent group lookup failed; refusing desk actions until it works (fail closed)',
      );
      return false;
    }
  }

  function refresh(groupId: string): Promise<boolean> {
    inFlight ??= fetchMembers(groupId).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  async function inGroup(groupId: string, userId: string): Promise<AgentVerdict> {
    if (inFlight) await inFlight;
    const t = now();
    const fresh = members !== undefined && t - fetchedAt < ttlMs;
    if (fresh && members?.has(userId)) return 'agent';
    const mayRefresh = lastAttemptAt === undefined || t - lastAttemptAt >= minRefreshMs;
    if (!mayRefresh) return fresh ? 'not_agent' : 'unknown';
    const ok = await refresh(groupId);
    if (!ok) return 'unknown';
    return members?.has(userId) ? 'agent' : 'not_agent';
  }

  return {
    open: listed.size === 0 && !group,
    async verdict(userId) {
      if (listed.size === 0 && !group) return 'agent';
      if (listed.has(userId)) return 'agent';
      if (!group) return 'not_agent';
      return inGroup(group, userId);
    },
  };
}
