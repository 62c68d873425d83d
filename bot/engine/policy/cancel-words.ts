import { cancel, isCancelText } from '../commands.ts';
import type { PolicyLink, TextMessage } from './link.ts';

/** "取消", "算了", "cancel" typed on their own: like /cancel, whatever is under way (flow, verification, queue). */
export const cancelWords: PolicyLink<TextMessage> = {
  name: 'cancel-words',
  async handle(turn, message) {
    if (!isCancelText(message.raw)) return 'pass';
    await cancel(turn);
    return 'handled';
  },
};
