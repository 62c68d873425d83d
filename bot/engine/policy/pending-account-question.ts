import { flowForIntent } from '../routing.ts';
import { isSensitiveEntity } from '../transcript.ts';
import { reaskVerification } from '../verification.ts';
import type { PolicyLink, TextMessage } from './link.ts';
import { verifying } from './state.ts';

/**
 * While verifying, a clear question about another account flow: verify once, then handle the newest question
 * (it replaces the one waiting for the verification, without its sensitive entities).
 */
export const pendingAccountQuestion: PolicyLink<TextMessage> = {
  name: 'pending-account-question',
  async handle(turn, { nlu, storedText }) {
    const verification = turn.conv.verification;
    if (!verifying(turn) || !verification) return 'pass';
    const target =
      nlu.ambiguous || nlu.intent.confidence < turn.deps.options.switchConfidence
        ? undefined
        : flowForIntent(turn, nlu.intent.name);
    if (!target) return 'pass';
    verification.pending = {
      id: target,
      text: storedText,
      entities: nlu.entities.filter((e) => !isSensitiveEntity(e)),
    };
    reaskVerification(turn, false);
    return 'handled';
  },
};
