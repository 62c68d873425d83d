import type { EventInput } from '../../bot/core/messages.ts';
import type { WechatMessage } from './xml.ts';
import { WechatError } from './errors.ts';

export type ParsedWechatMessage =
  | {
      kind: 'turn';
      /** MsgId for messages; FromUserName + CreateTime for events (WeChat retries keep both). */
      eventId: string;
      openId: string;
      /** Our account's id (gh_…), the FromUserName of a passive reply. */
      accountId: string;
      input: EventInput;
    }
  | { kind: 'unsubscribe'; eventId: string; openId: string }
  /** A service event we do not answer (menu VIEW link, location report, template job done …). */
  | { kind: 'ignore'; eventId: string; openId: string };

const UNSUPPORTED = new Set([
  'image',
  'voice',
  'video',
  'shortvideo',
  'location',
  'link',
  'file',
  'music',
  'news',
  'miniprogrampage',
]);

/** Maps an official-account message or event to what the bot should do with it. */
export function parseWechatMessage(msg: WechatMessage): ParsedWechatMessage {
  const openId = msg.FromUserName;
  const accountId = msg.ToUserName;
  const type = msg.MsgType?.toLowerCase();
  if (!openId || !accountId || !type || !msg.CreateTime) {
    throw new WechatError('bad_message', 'message lacks FromUserName, ToUserName, MsgType or CreateTime');
  }
  const eventId = msg.MsgId ? msg.MsgId : `${openId}:${msg.CreateTime}`;

  if (type === 'event') {
    const event = msg.Event?.toLowerCase();
    if (event === 'subscribe') return { kind: 'turn', eventId, openId, accountId, input: { kind: 'start' } };
    if (event === 'unsubscribe') return { kind: 'unsubscribe', eventId, openId };
    if (event === 'click' && msg.EventKey)
      return { kind: 'turn', eventId, openId, accountId, input: { kind: 'action', value: msg.EventKey } };
    return { kind: 'ignore', eventId, openId };
  }
  if (type === 'text') {
    const text = (msg.Content ?? '').trim();
    if (!text) return { kind: 'ignore', eventId, openId };
    return { kind: 'turn', eventId, openId, accountId, input: { kind: 'text', text } };
  }
  if (type === 'voice' && msg.Recognition?.trim()) {
    // Speech recognition enabled on the account: WeChat already turned the voice note into text.
    return { kind: 'turn', eventId, openId, accountId, input: { kind: 'text', text: msg.Recognition.trim() } };
  }
  return {
    kind: 'turn',
    eventId,
    openId,
    accountId,
    input: { kind: 'unsupported', what: UNSUPPORTED.has(type) ? type : 'other' },
  };
}

export function textOnlyNotice(): string {
  return '抱歉，我目前只能看懂文字消息，请用文字描述您的问题。\nSorry, I can only read text messages. Please type your question.';
}
