import type { PolicyLink, TextMessage } from './link.ts';

/**
 * Waiting in the desk's queue: the case gets every message (redacted) so the agent who claims it has read them;
 * the bot still answers what it can, so the message goes on.
 */
export const queuedRelay: PolicyLink<TextMessage> = {
  name: 'queued-relay',
  async handle(turn, message) {
    const { conv, deps } = turn;
    if (conv.handoff.state === 'queued' && deps.desk && conv.handoff.caseId) {
      await deps.desk.relayCustomerMessage(conv.handoff.caseId, message.storedText);
    }
    return 'pass';
  },
};
