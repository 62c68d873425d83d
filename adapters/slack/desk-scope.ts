import type { Logger } from '../../bot/logger.ts';
import type { SlackBotIdentity } from './identity.ts';

export interface DeskScopeOptions {
  /** SLACK_TEAM_ID (T… workspace or E… organisation); unset = the team of the bot token (auth.test). */
  teamId?: string;
  /** SLACK_HANDOFF_CHANNEL: a channel id (C…/G…) or a name (#support-handoff). */
  channel: string;
  identity: () => Promise<SlackBotIdentity>;
  logger: Logger;
}

export interface DeskScope {
  /** True when every team (or, for an E… desk, organisation) id the payload names is the desk's, and it names at least one. */
  teamAllowed(body: unknown): Promise<boolean>;
  /**
   * True when the interaction happened in the handoff channel and, for a case, in the channel its
   * message was posted to.
   */
  channelAllowed(channelId: string | undefined, caseChannel: string | undefined): boolean;
  /** The id Slack answered for a post to SLACK_HANDOFF_CHANNEL (needed when it is configured by name). */
  learnChannel(channelId: string): void;
}

const CHANNEL_ID = /^[CG][A-Z0-9]{2,30}$/;

function field(value: unknown, key: string): unknown {
  return value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * Every team id a payload carries: the envelope's (`team_id`, `team.id`), the acting user's
 * (`user.team_id`) and, for events, the author's (`event.team`, `event.user_team`; a user of
 * another organisation in a shared channel has their own).
 */
export function teamIdsOf(body: unknown): string[] {
  const event = field(body, 'event');
  const candidates = [
    field(body, 'team_id'),
    field(field(body, 'team'), 'id'),
    field(field(body, 'user'), 'team_id'),
    field(event, 'team'),
    field(event, 'user_team'),
    field(event, 'source_team'),
  ];
  return candidates.filter((t): t is string => typeof t === 'string' && t.length > 0);
}

/** The organisation ids a payload carries (`enterprise_id` on events, `enterprise.id` on interactions). */
export function enterpriseIdsOf(body: unknown): string[] {
  const candidates = [field(body, 'enterprise_id'), field(field(body, 'enterprise'), 'id')];
  return candidates.filter((t): t is string => typeof t === 'string' && t.length > 0);
}

/** The team and channel checks every desk interaction passes before anything else is looked at. */
export function createDeskScope(opts: DeskScopeOptions): DeskScope {
  const configuredChannelId = CHANNEL_ID.test(opts.channel) ? opts.channel : undefined;
  let learnedChannelId: string | undefined;

  return {
    async teamAllowed(body) {
      const expected = opts.teamId ?? (await opts.identity()).teamId;
      if (!expected) {
        opts.logger.warn({}, 'slack desk team unknown (no SLACK_TEAM_ID and auth.test failed); interaction refused');
        return false;
      }
      // An E… id (org-wide install) is matched against the payload's organisation instead.
      const ids = expected.startsWith('E') ? enterpriseIdsOf(body) : teamIdsOf(body);
      return ids.length > 0 && ids.every((t) => t === expected);
    },

    channelAllowed(channelId, caseChannel) {
      if (!channelId) return false;
      // By name, the id is what Slack answered when the desk posted there (this run or, for a case, when it was posted).
      const expected = configuredChannelId ?? learnedChannelId ?? caseChannel;
      if (!expected || channelId !== expected) return false;
      return caseChannel === undefined || caseChannel === channelId;
    },

    learnChannel(channelId) {
      if (!configuredChannelId && CHANNEL_ID.test(channelId)) learnedChannelId = channelId;
    },
  };
}
