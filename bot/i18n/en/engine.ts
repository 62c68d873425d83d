/** en: what the engine itself says. Same ids and placeholders as zh-CN/engine.ts (checked by the type and test/i18n). */
import type { ENGINE as ZH } from '../zh-CN/engine.ts';

export const ENGINE: Record<keyof typeof ZH, string> = {
  welcome:
    "Hi, I'm the upay support assistant. I can help with a forgotten password, a frozen account, a failed payment, a transaction you don't recognise, your balance and history, and questions about fees, payment methods and security. What can I do for you?",
  welcome_back: 'Welcome back! What can I help you with?',
  help: "I can help with: forgotten password, frozen account, failed payments, transactions you don't recognise, balance and history, fees, payment methods, registration and security. Type your question, or pick a topic. Commands: /cancel, /human, /lang zh|en.",
  fallback: "Sorry, I'm not sure I understood. Here is what I can help with:",
  clarify: 'Just to be sure — which of these did you mean?',
  'clarify.button_none': 'Neither',
  'clarify.none_answer': 'Sorry I did not get it. Could you say it in other words, or talk to a person?',
  'article.ask': 'Did this help?',
  'article.button_yes': 'Helpful',
  'article.button_no': 'Not helpful',
  'article.helpful': 'Glad it helped! Anything else I can do for you?',
  nothing_to_cancel: 'There is nothing to cancel. What can I help you with?',
  cancelled: 'OK, I have stopped that. Anything else I can help with?',
  'lang.pinned': 'OK, I will answer in English from now on.',
  'lang.choose': 'Which language would you like?',
  'lang.button_zh': '中文',
  'lang.button_en': 'English',
  'lang.auto': 'OK, I will answer in the language you write in.',
  unsupported_input: 'Sorry, I can only read text messages. Please type your question.',
  message_too_long:
    'Your message was long, so I read only its first {maxChars} characters. If something important came later, please send it in a shorter message.',
  stale_button: 'That button is no longer active. What can I help you with?',
  error: 'Sorry, something went wrong on my side. Please try again in a moment.',
  busy: 'I am still working on your previous message — please send this one again in a few seconds.',
  wallet_outage:
    'Sorry, our account system is not responding right now, so I could not finish this. Nothing was done twice — I have passed your case to our team.',
  'flow.state_dropped':
    'Sorry, our assistant was updated and I lost track of where we were. Could you tell me again what you need?',
  'flow.resume': 'Now, back to where we were:',
  'flow.switched': 'OK, let us look at that instead.',
  group_chat:
    'For your security I cannot look at account details in a group chat. Please message me in a private chat and I will help you there.',
  sensitive_warning:
    'Please never send your password, full card number or ID number in a chat — upay staff will never ask for them. I have removed it from our records. If you shared your password anywhere, please change it.',
  contact_us:
    'You can also reach us by phone at {hotline} ({hours}), by email at {email} (reply within {emailReplyHours} hours) or {social}.',

  'button.look_into_my_case': 'Look into my account',
  'button.send_reset_link': 'Send me a reset link',
  'button.human': 'Talk to a person',
  'button.cancel': 'Cancel',
  'topic.forgot_password': 'Forgot password',
  'topic.account_frozen': 'Account frozen',
  'topic.payment_failed': 'Payment failed',
  'topic.unrecognized_transaction': "A payment I don't recognise",
  'topic.check_balance': 'My balance',
  'topic.human': 'Talk to a person',

  'verify.ask_identifier':
    'First I need to confirm it is you. Please type the phone number or email address registered with your upay account.',
  'verify.identifier_invalid':
    'That does not look like a phone number or email address. Please type your registered phone number (e.g. 138 0000 1001) or email.',
  'verify.code_sent':
    'If {sentTo} is registered with upay, we have just sent a 6-digit verification code to it. Please type the code here (valid for {minutes} minutes). Never share this code with anyone else.',
  'verify.ask_code': 'Please type the 6-digit verification code we sent you.',
  'verify.code_wrong': 'That code is not correct. You have {attemptsLeft} attempt(s) left.',
  'verify.code_expired': 'That code has expired. Would you like a new one?',
  'verify.code_resent': 'If {sentTo} is registered with upay, a new code is on its way. Please type it here.',
  'verify.resend_limit': 'Sorry, I cannot send more codes right now.',
  'verify.too_many_attempts': 'Too many wrong codes, so I have stopped verification for your security.',
  'verify.verified': 'Thank you, you are verified.',
  'verify.expired': 'For your security, please confirm your identity again.',
  'verify.button_resend': 'Send a new code',
  'verify.button_other_identifier': 'Use another phone/email',

  'handoff.requested': 'I am passing your conversation to our support team. {contact}',
  'handoff.queued': 'I have asked a human agent to join this chat.',
  'handoff.queue_next': 'You are next in line.',
  'handoff.queue_ahead': 'There {ahead, plural, one {is # customer} other {are # customers}} ahead of you.',
  'handoff.queue_wait': 'Expected wait: about {minutes, plural, one {# minute} other {# minutes}}.',
  'handoff.keep_writing': 'You can keep writing here meanwhile.',
  'handoff.desk_delayed':
    'I have recorded your request for a human agent. Our agents’ desk is slow to respond right now, so it will reach an agent shortly — you do not need to ask again. You can keep writing here meanwhile.',
  'handoff.outside_hours': 'Sorry, no agent can join right now. {contact}',
  'handoff.already_queued': 'You are already waiting for a human agent; they will join this chat as soon as possible.',
  'handoff.repeated_misunderstanding': 'Sorry, I keep misunderstanding you. Let me get a person to help.',
  'handoff.urgent': 'This looks urgent, so I have marked it as a priority for our team.',
  'handoff.agent_joined': '{agentName} from upay support has joined the chat.',
  'handoff.agent_left_resolved': 'The agent has closed the chat — I am back if you need anything else.',
  'handoff.agent_returned': 'The agent has handed you back to me. Let us continue.',
  'handoff.expired':
    'Sorry, no agent could take your chat in time. Please email {email} and we will reply within {emailReplyHours} hours, or call {hotline} ({hours}).',
  'handoff.left_queue': 'OK, I have taken you out of the queue. I am here if you need me.',
  'rating.ask': 'How satisfied were you with the help you received? (1 = poor, 5 = excellent)',
  'rating.thanks': 'Thank you for your feedback!',
};
