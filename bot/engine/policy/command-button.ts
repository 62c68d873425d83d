import { runCommand, type CommandName } from '../commands.ts';
import { ACTION } from '../topics.ts';
import type { ButtonMessage, PolicyLink } from './link.ts';

const BUTTON_COMMANDS: readonly string[] = ['start', 'help', 'cancel', 'human', 'lang'] satisfies CommandName[];

/** `cmd:<name>`: the same as typing /<name>. An unknown name passes on (a flow may own such a value). */
export const commandButton: PolicyLink<ButtonMessage> = {
  name: 'command-button',
  async handle(turn, { value }) {
    if (!value.startsWith(ACTION.cmd)) return 'pass';
    const name = value.slice(ACTION.cmd.length);
    if (!BUTTON_COMMANDS.includes(name)) return 'pass';
    await runCommand(turn, name as CommandName);
    return 'handled';
  },
};

/** `lang:zh|en|auto` (the /lang choices): the same as typing /lang <choice>. */
export const languageButton: PolicyLink<ButtonMessage> = {
  name: 'language-button',
  async handle(turn, { value }) {
    if (!value.startsWith(ACTION.lang)) return 'pass';
    await runCommand(turn, 'lang', value.slice(ACTION.lang.length));
    return 'handled';
  },
};
