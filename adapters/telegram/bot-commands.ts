import type { BotCommand } from 'telegraf/types';

/** Each command once, with its menu description in both languages. */
const COMMANDS: readonly { command: string; en: string; zh: string }[] = [
  { command: 'start', en: 'Start: what I can help with', zh: '开始：我能帮您做什么' },
  { command: 'help', en: 'What I can do', zh: '查看帮助' },
  { command: 'cancel', en: 'Stop the current request', zh: '取消当前操作' },
  { command: 'human', en: 'Talk to a human agent', zh: '转人工客服' },
  { command: 'lang', en: 'Language: /lang zh or /lang en', zh: '切换语言：/lang zh 或 /lang en' },
];

/** The command menu, registered with setMyCommands for Chinese users and as the English default. */
export const BOT_COMMANDS: Record<'en' | 'zh', BotCommand[]> = {
  en: COMMANDS.map(({ command, en }) => ({ command, description: en })),
  zh: COMMANDS.map(({ command, zh }) => ({ command, description: zh })),
};

/** Our own polite answer to a sticker, photo or voice note, used only if the engine gives none. */
export function textOnlyNotice(locale: string | undefined): string {
  return locale?.toLowerCase().startsWith('zh')
    ? '抱歉，我目前只能看懂文字消息，请用文字描述您的问题。'
    : 'Sorry, I can only read text messages. Please type your question.';
}

/** Label of the reply-keyboard button that shares the customer's own phone number. */
export function shareContactLabels(locale: string | undefined): { prompt: string; button: string } {
  return locale?.toLowerCase().startsWith('zh')
    ? { prompt: '也可以点击下方按钮，直接分享您的 Telegram 手机号。', button: '📱 分享我的手机号' }
    : { prompt: 'Or tap the button below to share your Telegram phone number.', button: '📱 Share my phone number' };
}
