import type { webApi } from '@slack/bolt';
import type { Logger } from '../../bot/logger.ts';
import type { AgentVerdict } from './agent-directory.ts';

/** What a desk user tried to do (the refusal names it). */
export type DeskAct = 'claim' | 'resolve' | 'return' | 'suggest' | 'reply';

const ACT_TEXT: Record<DeskAct, string> = {
  claim: 'claim cases',
  resolve: 'resolve cases',
  return: 'return cases to the bot',
  suggest: 'send answers to customers',
  reply: 'talk to customers; your message was not sent to the customer',
};

/** The ephemeral explanation for a refused user (the customer is told nothing). */
export function refusalText(act: DeskAct, verdict: Exclude<AgentVerdict, 'agent'>): string {
  if (verdict === 'unknown') {
    return `The desk could not check the agent list just now, so nothing was done (only support agents on the desk can ${ACT_TEXT[act]}). Please try again in a minute.`;
  }
  return `Only support agents on the desk can ${ACT_TEXT[act]}. Ask an admin to add you to SLACK_AGENTS or the agent group (SLACK_AGENT_GROUP).`;
}

/** Tells the refused user privately; a failure is logged, never retried (it is only a courtesy). */
export async function tellRefused(
  client: webApi.WebClient,
  logger: Logger,
  where: { channel: string; user: string; threadTs?: string },
  act: DeskAct,
  verdict: Exclude<AgentVerdict, 'agent'>,
): Promise<void> {
  logger.info({ agentId: where.user, act, verdict }, 'desk action refused: not a desk agent');
  try {
    await client.chat.postEphemeral({
      channel: where.channel,
      user: where.user,
      text: refusalText(act, verdict),
      ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
    });
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.name : 'unknown' }, 'ephemeral refusal not delivered');
  }
}
