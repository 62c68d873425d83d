import type { Reply } from '../../bot/core/messages.ts';

/** Renders buttons as numbered text for channels without buttons (WeChat, SMS-like surfaces). */
export function renderNumberedChoices(reply: Reply): string {
  if (!reply.buttons?.length) return reply.text;
  const lines = reply.buttons.map((b, i) => `${i + 1}. ${b.label}`);
  return `${reply.text}\n\n${lines.join('\n')}`;
}
