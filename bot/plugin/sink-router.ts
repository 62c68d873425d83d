import type { ChannelName, Reply, ReplySink } from '../core/messages.ts';
import type { Logger } from '../logger.ts';

/**
 * Routes proactive replies (agent messages, notices) to the adapter of the customer's own channel,
 * chosen by the conversation id's prefix (`telegram:42` → the Telegram adapter).
 */
export function createSinkRouter(logger: Logger) {
  const sinks = new Map<string, ReplySink>();
  return {
    register(channel: ChannelName, sink: ReplySink): void {
      sinks.set(channel, sink);
    },
    has(channel: string): boolean {
      return sinks.has(channel);
    },
    async send(conversationId: string, replies: Reply[]): Promise<void> {
      const channel = conversationId.slice(0, conversationId.indexOf(':'));
      const sink = sinks.get(channel);
      if (!sink) {
        logger.warn({ conversationId, channel }, 'no channel adapter to deliver to');
        throw new Error(`no channel adapter registered for "${channel}"`);
      }
      await sink.send(conversationId, replies);
    },
  };
}

export type SinkRouter = ReturnType<typeof createSinkRouter>;
