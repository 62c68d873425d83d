import { describe, expect, it } from 'vitest';
import { actOnIntent } from '../../../bot/engine/policy/act-on-intent.ts';
import type { IntentMessage, PolicyLink } from '../../../bot/engine/policy/link.ts';
import { makeTurn, reading, typed } from './fixture.ts';

describe('act-on-intent link', () => {
  it('hands the understood topic, the stored text and the entities to the intent chain, and handles the message', async () => {
    const seen: IntentMessage[] = [];
    const recorder: PolicyLink<IntentMessage> = {
      name: 'recorder',
      async handle(_turn, message) {
        seen.push(message);
        return 'pass';
      },
    };
    const message = typed('fees for 100 yuan', reading('fees', 0.9), { storedText: 'stored fees' });
    expect(await actOnIntent([recorder]).handle(makeTurn(), message)).toBe('handled');
    expect(seen).toEqual([{ intent: 'fees', text: 'stored fees', entities: message.nlu.entities }]);
  });
});
