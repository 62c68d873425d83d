import { say } from '../context.ts';
import { reaskFlow } from '../flow-runner.ts';
import { flowForIntent, startFlowGuarded } from '../routing.ts';
import { ACTION, answerReply, entryFor, isKnownIntent, topicButtons } from '../topics.ts';
import { addIntent } from '../transcript.ts';
import { runChain, type ButtonMessage, type IntentMessage, type PolicyLink } from './link.ts';

/**
 * `intent:<id>`, a topic or clarification button: like a confident message with that topic. It ends any
 * verification; in a flow it re-asks (same flow), switches (another flow) or answers and re-asks (a FAQ topic).
 * Otherwise the intent chain acts on it; a clarification button answers the message it was about (so a general
 * question gets its answer first). The intent chain is given by chain.ts.
 */
export function intentButton(intentChain: readonly PolicyLink<IntentMessage>[]): PolicyLink<ButtonMessage> {
  return {
    name: 'intent-button',
    async handle(turn, { value }) {
      if (!value.startsWith(ACTION.intent)) return 'pass';
      const intent = value.slice(ACTION.intent.length);
      if (!isKnownIntent(turn, intent)) {
        say(turn, 'stale_button', {}, topicButtons(turn));
        return 'handled';
      }
      const { conv, deps } = turn;
      conv.misunderstandings = 0;
      addIntent(conv, intent, 1, turn.at, deps.options.intentTrail);
      conv.verification = undefined;
      if (conv.flow) {
        const target = flowForIntent(turn, intent);
        if (target === conv.flow.id) {
          reaskFlow(turn);
          return 'handled';
        }
        if (target) {
          conv.flow = undefined;
          say(turn, 'flow.switched');
          await startFlowGuarded(turn, target, { entities: [] });
          return 'handled';
        }
        if (intent !== 'human_agent') {
          const entry = entryFor(turn, intent);
          if (entry) turn.replies.push(answerReply(entry));
          reaskFlow(turn);
          return 'handled';
        }
      }
      const clarifying = conv.clarifying;
      conv.clarifying = undefined;
      await runChain(intentChain, turn, {
        intent,
        ...(clarifying !== undefined ? { text: clarifying } : {}),
        entities: [],
      });
      return 'handled';
    },
  };
}
