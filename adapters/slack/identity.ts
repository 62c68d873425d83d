import type { webApi } from '@slack/bolt';
import type { Logger } from '../../bot/logger.ts';

export interface SlackBotIdentity {
  botUserId?: string;
  botId?: string;
  /** The workspace the bot token belongs to (the desk's team unless SLACK_TEAM_ID says otherwise). */
  teamId?: string;
}

/** auth.test once (cached on success, retried on the next call after a failure) to know the bot's own ids. */
export function createIdentityResolver(client: webApi.WebClient, logger: Logger): () => Promise<SlackBotIdentity> {
  let known: SlackBotIdentity | undefined;
  let pending: Promise<SlackBotIdentity> | undefined;
  async function lookup(): Promise<SlackBotIdentity> {
    try {
      const r = await client.auth.test();
      known = {
        ...(r.user_id ? { botUserId: r.user_id } : {}),
        ...(r.bot_id ? { botId: r.bot_id } : {}),
        ...(r.team_id ? { teamId: r.team_id } : {}),
      };
      return known;
    } catch (error) {
      logger.warn(
        { err: error instanceof Error ? error.name : 'unknown' },
        'slack auth.test failed; bot identity unknown for now',
      );
      return {};
    }
  }
  return async () => {
    if (known) return known;
    // One auth.test at a time: a burst of events shares it.
    pending ??= lookup().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}
