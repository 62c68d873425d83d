import { reaskFlow } from '../flow-runner.ts';
import { isDigression } from '../routing.ts';
import { answerReply, entryFor } from '../topics.ts';
import { reaskVerification } from '../verification.ts';
import type { PolicyLink, TextMessage } from './link.ts';
import { inFlow, verifying } from './state.ts';

/**
 * Mid-way (verifying or in a flow), a clear FAQ question ("手续费多少") is answered, then the question the
 * customer was answering is asked again: the verification or the flow stays where it was.
 */
export const digression: PolicyLink<TextMessage> = {
  name: 'digression',
  async handle(turn, { nlu }) {
    const inVerification = verifying(turn);
    if (!inVerification && !inFlow(turn)) return 'pass';
    if (!isDigression(turn, nlu)) return 'pass';
    const entry = entryFor(turn, nlu.intent.name);
    if (entry) turn.replies.push(answerReply(entry));
    if (inVerification) reaskVerification(turn, false);
    else reaskFlow(turn);
    return 'handled';
  },
};
