import { requestHandoff } from '../handoff.ts';
import { answerReply, entryFor } from '../topics.ts';
import type { IntentMessage, PolicyLink } from './link.ts';

/**
 * A request for a person, or a topic whose knowledge entry hands off at once (`handoff: immediate`: a complaint,
 * an account take-over): the entry's answer, then the desk. Before any flow: these never wait for a flow.
 */
export const immediateHandoff: PolicyLink<IntentMessage> = {
  name: 'immediate-handoff',
  async handle(turn, { intent }) {
    const entry = entryFor(turn, intent);
    if (intent !== 'human_agent' && entry?.handoff?.mode !== 'immediate') return 'pass';
    if (entry && intent !== 'human_agent') turn.replies.push(answerReply(entry));
    // A take-over is fraud: an agent locks the account at once (the attacker may have changed the phone or e-mail
    // that verification would use); a complaint has its own queue reason.
    const reason = intent === 'complaint' ? 'complaint' : intent === 'account_takeover' ? 'fraud' : 'customer_request';
    await requestHandoff(turn, { reason, ...(entry?.handoff?.urgent ? { urgent: true } : {}) });
    return 'handled';
  },
};
