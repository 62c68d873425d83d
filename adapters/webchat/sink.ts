import type { ReplySink, Reply } from '../../bot/core/messages.ts';
import type { Store } from '../../bot/store/types.ts';
import { entryOfReply, type ConversationLog } from './conversation-log.ts';

/**
 * Delivers messages that arrive after a request (agent replies, notices) to in-app customers:
 * appended to the conversation log, then announced on the store's pub/sub channel so the event
 * stream on whichever instance holds the customer's connection sends them.
 */
export function createWebchatSink(store: Store, log: ConversationLog): ReplySink {
  return {
    async send(conversationId: string, replies: Reply[]): Promise<void> {
      const added = await log.append(
        conversationId,
        replies.map((r) => entryOfReply(r, { pushed: true })),
      );
      const last = added.at(-1);
      if (last) await store.publish(log.channel(conversationId), { lastId: last.id });
    },
  };
}
