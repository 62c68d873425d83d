/**
 * The engine's former camelCase text keys, each naming its message id now that the texts live in the
 * per-locale catalogues (zh-CN.ts, en.ts; looked up in messages.ts). Kept so that code written against the
 * old keys (bot/engine.ts, bot/engine/turn.ts, routing.ts, clarify-none.ts, the turn policy handlers,
 * bench/containment.bench.ts) compiles unchanged and its replies still get their ids. Replace a key by its
 * id where it is used; delete this file when no caller is left.
 */
import type { Language } from '../../intents/types.ts';
import { text, type MessageId, type MessageParams } from './messages.ts';

export const LEGACY_TEXT_KEYS = {
  welcome: 'welcome',
  welcomeBack: 'welcome_back',
  help: 'help',
  fallback: 'fallback',
  clarify: 'clarify',
  nothingToCancel: 'nothing_to_cancel',
  cancelled: 'cancelled',
  langPinned: 'lang.pinned',
  langChoose: 'lang.choose',
  langAuto: 'lang.auto',
  unsupportedInput: 'unsupported_input',
  messageTooLong: 'message_too_long',
  buttonLookIntoMyCase: 'button.look_into_my_case',
  buttonSendResetLink: 'button.send_reset_link',
  clarifyNone: 'clarify.button_none',
  clarifyNoneAnswer: 'clarify.none_answer',
  articleHelpful: 'article.helpful',
  staleButton: 'stale_button',
  error: 'error',
  busy: 'busy',
  flowStateDropped: 'flow.state_dropped',
  groupChat: 'group_chat',
  sensitiveWarning: 'sensitive_warning',
  askIdentifier: 'verify.ask_identifier',
  identifierInvalid: 'verify.identifier_invalid',
  codeSent: 'verify.code_sent',
  askCode: 'verify.ask_code',
  codeWrong: 'verify.code_wrong',
  codeExpired: 'verify.code_expired',
  codeResent: 'verify.code_resent',
  resendLimit: 'verify.resend_limit',
  contactUs: 'contact_us',
  tooManyAttempts: 'verify.too_many_attempts',
  verified: 'verify.verified',
  verificationExpired: 'verify.expired',
  handoffRequested: 'handoff.requested',
  // handoffQueued is gone: the queue message is put together from several (bot/engine/handoff.ts).
  handoffDeskDelayed: 'handoff.desk_delayed',
  handoffOutsideHours: 'handoff.outside_hours',
  handoffAlreadyQueued: 'handoff.already_queued',
  handoffRepeatedMisunderstanding: 'handoff.repeated_misunderstanding',
  handoffUrgent: 'handoff.urgent',
  walletOutage: 'wallet_outage',
  agentJoined: 'handoff.agent_joined',
  agentLeftResolved: 'handoff.agent_left_resolved',
  agentReturned: 'handoff.agent_returned',
  handoffExpired: 'handoff.expired',
  customerLeftQueue: 'handoff.left_queue',
  askRating: 'rating.ask',
  ratingThanks: 'rating.thanks',
  resumeFlow: 'flow.resume',
  flowSwitched: 'flow.switched',
  buttonHuman: 'button.human',
  buttonCancel: 'button.cancel',
  buttonResend: 'verify.button_resend',
  buttonOtherIdentifier: 'verify.button_other_identifier',
  topicForgotPassword: 'topic.forgot_password',
  topicAccountFrozen: 'topic.account_frozen',
  topicPaymentFailed: 'topic.payment_failed',
  topicUnrecognized: 'topic.unrecognized_transaction',
  topicBalance: 'topic.check_balance',
  topicHuman: 'topic.human',
} as const satisfies Record<string, MessageId>;

export type LegacyTextKey = keyof typeof LEGACY_TEXT_KEYS;

/** A message id, or a former key that names one. */
export type TextKey = MessageId | LegacyTextKey;

export type TextParams = MessageParams;

export function messageIdOf(key: TextKey): MessageId {
  return Object.hasOwn(LEGACY_TEXT_KEYS, key) ? LEGACY_TEXT_KEYS[key as LegacyTextKey] : (key as MessageId);
}

export function t(language: Language, key: TextKey, params: TextParams = {}): string {
  return text(language, messageIdOf(key), params);
}

type LegacyTexts = Record<LegacyTextKey, (params?: TextParams) => string>;

function legacyTexts(language: Language): LegacyTexts {
  const entries = Object.keys(LEGACY_TEXT_KEYS).map((key) => [key, (params: TextParams = {}) => t(language, key as LegacyTextKey, params)]);
  return Object.fromEntries(entries) as LegacyTexts;
}

/** The former per-language tables, as functions over the catalogues. */
export const ENGINE_TEXTS: Record<Language, LegacyTexts> = { en: legacyTexts('en'), zh: legacyTexts('zh') };
