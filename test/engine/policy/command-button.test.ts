import { describe, expect, it } from 'vitest';
import { text } from '../../../bot/engine/context.ts';
import { commandButton, languageButton } from '../../../bot/engine/policy/command-button.ts';
import { button, makeTurn, texts } from './fixture.ts';

describe('command-button link', () => {
  it('runs cmd:<name> as the command', async () => {
    const turn = makeTurn();
    expect(await commandButton.handle(turn, button('cmd:help'))).toBe('handled');
    expect(texts(turn)).toEqual([text(turn, 'help')]);
  });

  it('passes on an unknown command name and other values', async () => {
    const turn = makeTurn();
    expect(await commandButton.handle(turn, button('cmd:drop'))).toBe('pass');
    expect(await commandButton.handle(turn, button('lang:en'))).toBe('pass');
    expect(turn.replies).toEqual([]);
  });
});

describe('language-button link', () => {
  it('pins the language chosen with lang:<choice>', async () => {
    const turn = makeTurn();
    expect(await languageButton.handle(turn, button('lang:zh'))).toBe('handled');
    expect(turn.conv).toMatchObject({ language: 'zh', languagePinned: true });
    expect(await languageButton.handle(makeTurn(), button('cmd:lang'))).toBe('pass');
  });
});
