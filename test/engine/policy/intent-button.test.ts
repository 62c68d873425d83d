import { describe, expect, it } from 'vitest';
import { text } from '../../../bot/engine/context.ts';
import { intentButton } from '../../../bot/engine/policy/intent-button.ts';
import type { IntentMessage, PolicyLink } from '../../../bot/engine/policy/link.ts';
import { button, ids, makeTurn, slot, texts } from './fixture.ts';

function recorder(): PolicyLink<IntentMessage> & { seen: IntentMessage[] } {
  const seen: IntentMessage[] = [];
  return {
    name: 'recorder',
    seen,
    async handle(_turn, message) {
      seen.push(message);
      return 'handled';
    },
  };
}

describe('intent-button link', () => {
  it('acts on the topic like a confident message, answering the clarified message', async () => {
    const chain = recorder();
    const turn = makeTurn({
      conv: { clarifying: 'fees or safety?', misunderstandings: 1, verification: { step: 'ask_identifier', tries: 0 } },
    });
    expect(await intentButton([chain]).handle(turn, button('intent:fees'))).toBe('handled');
    expect(chain.seen).toEqual([{ intent: 'fees', text: 'fees or safety?', entities: [] }]);
    expect(turn.conv).toMatchObject({ misunderstandings: 0, clarifying: undefined, verification: undefined });
    expect(turn.conv.intentTrail.at(-1)).toMatchObject({ intent: 'fees', confidence: 1 });
  });

  it('in a flow: re-asks for the same flow, switches to another, answers a FAQ topic and re-asks', async () => {
    const chain = recorder();
    const same = makeTurn({ conv: { flow: slot('payment_failed') } });
    await intentButton([chain]).handle(same, button('intent:payment_failed'));
    expect(texts(same)).toEqual([text(same, 'flow.resume'), 'Which transaction?']);
    const other = makeTurn({ conv: { flow: slot('payment_failed') } });
    await intentButton([chain]).handle(other, button('intent:account_frozen'));
    expect(texts(other)[0]).toBe(text(other, 'flow.switched'));
    expect(other.conv.verification?.pending?.id).toBe('account_frozen');
    const faq = makeTurn({ conv: { flow: slot('payment_failed') } });
    await intentButton([chain]).handle(faq, button('intent:fees'));
    expect(texts(faq)).toEqual(['EN answer fees', text(faq, 'flow.resume'), 'Which transaction?']);
    expect(ids(faq)[0]).toBe('answer:fees');
    expect(chain.seen).toEqual([]);
  });

  it('in a flow, a person is asked for through the intent chain', async () => {
    const chain = recorder();
    await intentButton([chain]).handle(
      makeTurn({ conv: { flow: slot('payment_failed') } }),
      button('intent:human_agent'),
    );
    expect(chain.seen.map((m) => m.intent)).toEqual(['human_agent']);
  });

  it('calls an unknown topic stale; other values pass on', async () => {
    const turn = makeTurn();
    expect(await intentButton([]).handle(turn, button('intent:drop_tables'))).toBe('handled');
    expect(texts(turn)).toEqual([text(turn, 'stale_button')]);
    expect(await intentButton([]).handle(makeTurn(), button('cmd:help'))).toBe('pass');
  });
});
