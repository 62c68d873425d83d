/**
 * The neutral messages between the channels and the bot. Channel adapters (adapters/) verify and parse
 * platform requests into these events, and render and send these replies; they never decide what to
 * say. The engine, the flows and the desk speak only these shapes, so nothing in bot/ imports a channel.
 */

/** A button in a neutral reply. `value` comes back as an `action` input when pressed. */
export interface Button {
  label: string;
  value: string;
}

/** A neutral reply. Channels without buttons render them as numbered choices (adapters/shared/numbered-choices.ts). */
export interface Reply {
  text: string;
  buttons?: Button[];
  /** Who speaks: the bot (default) or a human agent relayed from the desk. */
  from?: 'bot' | 'agent';
  /** The agent's display name, when `from` is 'agent'. */
  agentName?: string;
  /**
   * The bot is asking for the customer's phone number: channels that can share a contact the
   * platform vouches for (Telegram) also offer a "share my phone number" button.
   */
  requestContact?: boolean;
  /** Which message this is (`fallback`, `verify.code_sent`, `answer:<intent>`; bot/i18n/messages.ts), for tests and scripts; channels ignore it. */
  id?: string;
}

/**
 * A channel's name: the `name` of its plugin in adapters/registry.ts (`webchat`, `telegram`, …), or
 * `console` for the chat CLI. It is also the prefix of the channel's conversation ids. A plain string
 * so that a new channel is a folder and a line in the registry, not an edit here.
 */
export type ChannelName = string;

/** What the customer did, independent of the platform. */
export type EventInput =
  | { kind: 'text'; text: string }
  | { kind: 'action'; value: string }
  /** First contact: Telegram /start, WeChat subscribe, Bot Framework conversationUpdate, a new in-app session. */
  | { kind: 'start' }
  /** A platform command: /help, /cancel, /human, /lang zh. `name` is lower-case without the slash. */
  | { kind: 'command'; name: 'help' | 'cancel' | 'human' | 'lang' | 'start'; args?: string }
  /** A phone number the platform vouches for (Telegram shared contact of the sender themself). */
  | { kind: 'contact'; phone: string }
  /** Something we cannot read: sticker, photo, voice, file, location. */
  | { kind: 'unsupported'; what: string };

export interface IncomingEvent {
  /** The platform's own event id (update_id, MsgId, activity id, clientMessageId), unique per channel. */
  eventId: string;
  channel: ChannelName;
  /** `${channel}:${chat}[:${thread}]`, e.g. `telegram:12345`, `botframework:msteams:19:abc`. */
  conversationId: string;
  user: { id: string; name?: string; locale?: string };
  input: EventInput;
  /** Set only when the channel itself has proven the customer's identity (signed in-app token). */
  verifiedCustomerId?: string;
  /** Group chats must never show account data. */
  isGroup?: boolean;
  receivedAt?: string;
  /** The caller's network address where the channel sees the customer's own connection (in-app chat: req.ip). */
  clientIp?: string;
}

/** Sends replies that are not the direct answer to a request: agent messages, notices, late replies. */
export interface ReplySink {
  send(conversationId: string, replies: Reply[]): Promise<void>;
}

export interface ChannelAdapter extends ReplySink {
  readonly channel: ChannelName;
}
