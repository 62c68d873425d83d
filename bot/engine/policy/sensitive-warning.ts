import { say } from '../context.ts';
import type { PolicyLink, TextMessage } from './link.ts';

/** A password, card or ID number typed: the customer is warned (it was already redacted), then the message goes on. */
export const sensitiveWarning: PolicyLink<TextMessage> = {
  name: 'sensitive-warning',
  async handle(turn, message) {
    if (message.sensitive) {
      turn.deps.logger.warn(
        { conversationId: turn.conv.conversationId },
        'sensitive data typed by the customer; redacted',
      );
      say(turn, 'sensitive_warning');
    }
    return 'pass';
  },
};
