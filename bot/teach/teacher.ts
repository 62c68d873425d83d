import type { Store } from '../store/types.ts';
import type { Logger } from '../logger.ts';
import type { Teacher } from './types.ts';

/** PLACEHOLDER (contract commit): replaced by the store-backed teacher with background retrain and swap. */
export function createPlaceholderTeacher(_store: Store, _logger: Logger): Teacher {
  const notYet = async (): Promise<never> => {
    throw new Error('teaching is not available yet');
  };
  return {
    async changes() {
      return [];
    },
    assign: notYet,
    dismiss: notYet,
    createIntent: notYet,
    undo: notYet,
    async handledTexts() {
      return new Set<string>();
    },
    status: () => ({ live: 0, wanted: 0, training: false }),
    async settled() {},
    async close() {},
  };
}
