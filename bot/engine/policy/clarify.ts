import { say, text } from '../context.ts';
import { requestHandoff } from '../handoff.ts';
import { clarifyCandidates } from '../routing.ts';
import { ACTION, intentLabel } from '../topics.ts';
import type { PolicyLink, TextMessage } from './link.ts';

/**
 * The NLU could not choose between two or three topics (routing.ts, clarifyCandidates): buttons ask which was
 * meant, plus "neither" (clarify-none.ts). The message is kept so that the chosen topic answers it. An explicit
 * request for a person is never clarified away ("人工客服在吗？有急事" read half as a greeting).
 */
export const clarify: PolicyLink<TextMessage> = {
  name: 'clarify',
  async handle(turn, { nlu, storedText }) {
    const candidates = clarifyCandidates(nlu);
    if (!candidates) return 'pass';
    if (candidates.includes('human_agent')) {
      await requestHandoff(turn, { reason: 'customer_request' });
      return 'handled';
    }
    turn.conv.clarifying = storedText.slice(0, 2000);
    say(turn, 'clarify', {}, [
      ...candidates.map((c) => ({ label: intentLabel(turn, c), value: `${ACTION.intent}${c}` })),
      { label: text(turn, 'clarify.button_none'), value: ACTION.clarifyNone },
    ]);
    return 'handled';
  },
};
