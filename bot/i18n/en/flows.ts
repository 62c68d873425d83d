/** en: what the guided flows say (see zh-CN/flows.ts). */
import type { FLOWS as ZH } from '../zh-CN/flows.ts';

export const FLOWS: Record<keyof typeof ZH, string> = {
  'common.outage':
    "Sorry, I can't reach the wallet system right now, so I can't check or change anything. I'm connecting you with a colleague — please hold on 🙏",
  'common.rejected': "Sorry, the system didn't accept that step. I'm connecting you with a colleague to finish it.",
  'common.not_found':
    "Sorry, I couldn't find those account details. I'm connecting you with a colleague to take a look.",
  'common.handoff_soon': "I'm connecting you with a colleague now — please hold on.",
  'common.reprompt': "Sorry, I didn't catch that. Please pick one of the options below:",
  'common.button_human': 'Talk to a person',

  'forgot_password.sent':
    "Done — I've sent a password reset link by {channel, select, sms {SMS} other {email}} to {sentTo} 📩",
  'forgot_password.resent':
    'Sent again by {channel, select, sms {SMS} other {email}} to {sentTo} — please have another look.',
  'forgot_password.steps':
    "Here's how to reset it:\n1. On the login screen, tap “Forgot password”\n2. Enter your registered phone number or email\n3. We send you a verification code\n4. Enter the code and reset your password\n5. Log in with the new password\nOnly type the code into the app — never share it with anyone, including support.",
  'forgot_password.ask_received': 'Did you get it?',
  'forgot_password.button_got_it': 'Got it',
  'forgot_password.button_not_received': "Didn't get it",
  'forgot_password.finished':
    "Great! Follow the steps above to set a new password and you're in. I'm here if you need anything else 😊",
  'forgot_password.tips_sms':
    "No worries, let's check:\n• Is {sentTo} still your number? (If not, choose “Talk to a person”.)\n• Look in your blocked or spam messages\n• With weak signal it can take a minute or two\nI can resend it {resendsLeft, plural, one {# more time} other {# more times}}.",
  'forgot_password.tips_email':
    "No worries, let's check:\n• Is {sentTo} still your email? (If not, choose “Talk to a person”.)\n• Look in your spam or promotions folder\n• It can take a few minutes\nI can resend it {resendsLeft, plural, one {# more time} other {# more times}}.",
  'forgot_password.button_resend': 'Resend',
  'forgot_password.giving_up':
    "Sorry it still hasn't arrived. I'm connecting you with a colleague who will verify you and help reset your password.",
  'forgot_password.to_human':
    "OK, I'm connecting you with a colleague who will verify you and help reset your password.",

  'account_frozen.frozen_for.too_many_password_attempts':
    'Your account was temporarily frozen after too many wrong password attempts — this protects your money.',
  'account_frozen.frozen_for.customer_requested': 'Your account was frozen at your own request.',
  'account_frozen.offer_unfreeze': "You're verified, so I can unfreeze it right now. Shall I?",
  'account_frozen.button_unfreeze': 'Unfreeze now',
  'account_frozen.button_keep': 'Not now',
  'account_frozen.unfrozen': 'Done ✅ Your account is unfrozen and working again.',
  'account_frozen.password_tip':
    "Tip: if you're not sure of your password, reset it instead of guessing — more wrong tries will freeze the account again. Want me to send a reset link now?",
  'account_frozen.refreeze_tip':
    'If you want to freeze it again later, go to Me → Account & security in the app, or just ask me.',
  'account_frozen.button_reset': 'Reset password',
  'account_frozen.button_remember': 'No, I remember it',
  'account_frozen.kept': "OK, your account stays frozen. Ask me whenever you're ready to unfreeze it.",
  'account_frozen.all_good': "Great! I'm here if you need anything else 😊",
  'account_frozen.kyc':
    "Your ID verification has expired, so the account is paused until you upload your ID again (I can't unfreeze it from here). In the app:\n1. Open upay and go to Me → Account & security → Identity verification\n2. Tap “Upload ID again”\n3. Take photos of the front and back of your ID\n4. Submit — the review usually takes up to 1 business day\nYour account unfreezes automatically once it's approved.",
  'account_frozen.review':
    "Your account is under a security review, which needs a specialist — I can't unfreeze it from here. I'm connecting you with a colleague now.",
  'account_frozen.needs_colleague':
    "Your account needs a colleague to look at it — I can't unfreeze it from here. I'm connecting you with a colleague now.",
  'account_frozen.locked':
    "Your account is under a protective lock; our security team needs to check a few things with you before unlocking it. I'm connecting you with a colleague now.",
  'account_frozen.closed':
    "This account has been closed, so I can't restore it from here. I'm connecting you with a colleague.",
  'account_frozen.not_frozen': "I checked: your account is active and not frozen 👍 What's going wrong?",
  'account_frozen.button_fine': "It's fine now",

  'check_balance.balance': 'Your upay balance is {money} (as of {asOf}).',

  'transaction_history.first': 'Your recent transactions:',
  'transaction_history.next': 'Earlier transactions:',
  'transaction_history.empty': 'There are no transactions on your account yet.',
  'transaction_history.end': "That's all of them.",
  'transaction_history.button_more': 'More',
  'transaction_history.anything_else': 'OK. Anything else I can help with?',
};
