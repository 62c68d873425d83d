import { describe, expect, it } from 'vitest';
import { renderWithChoices, resolveChoice } from '../../adapters/wechat/choices.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';

const CONVERSATION = 'wechat:openid-1';
const REPLY = {
  text: 'Pick one',
  buttons: [
    { label: 'Yes', value: 'yes' },
    { label: 'No', value: 'no' },
    { label: 'Human', value: '/human' },
  ],
};

async function storeWithChoices(): Promise<ReturnType<typeof createMemoryStore>> {
  const store = createMemoryStore();
  await renderWithChoices(store, CONVERSATION, [REPLY]);
  return store;
}

describe('resolveChoice', () => {
  it.each([
    ['2', 'no'],
    [' 2 ', 'no'],
    ['2.', 'no'],
    ['2 。', 'no'],
    ['２', 'no'],
    ['3）', '/human'],
    ['\u3000 1 、\n', 'yes'],
  ])('%j → %j', async (text, value) => {
    const store = await storeWithChoices();
    expect(await resolveChoice(store, CONVERSATION, text)).toBe(value);
    // Consumed: the same answer again is no choice.
    expect(await resolveChoice(store, CONVERSATION, text)).toBeUndefined();
  });

  it.each(['4', '0', '2 2', '2..', '.2', 'x2', '2 x', '123', '', '   '])('%j is no choice', async (text) => {
    const store = await storeWithChoices();
    expect(await resolveChoice(store, CONVERSATION, text)).toBeUndefined();
  });

  it('is no choice without remembered buttons', async () => {
    expect(await resolveChoice(createMemoryStore(), CONVERSATION, '1')).toBeUndefined();
  });
});
