/** en: the transaction flows and transaction words (see zh-CN/transactions.ts). */
import type { TRANSACTIONS as ZH } from '../zh-CN/transactions.ts';

export const TRANSACTIONS: Record<keyof typeof ZH, string> = {
  'payment_failed.failed_not_debited':
    "Your {verb} of {money} to {counterparty} ({when}) didn't go through. Good news: no money was taken, your balance is unchanged.",
  'payment_failed.reason': 'Reason: {reason}.',
  'payment_failed.advice.insufficient_balance':
    'Top up your balance or pick another card or payment method, then pay again.',
  'payment_failed.advice.network_error': 'Try again on a stable connection.',
  'payment_failed.advice.risk_declined':
    "That's to keep your account safe. If it really was you, tap “This isn't right” and a colleague will check it with you.",
  'payment_failed.advice.merchant_error': 'Please try again later, or check the order status with the merchant.',
  'payment_failed.advice.card_declined': 'Please check with your bank, or use another payment method.',
  'payment_failed.advice.limit_exceeded': 'You can split it into smaller payments, or check your limits in the app.',
  'payment_failed.advice.unknown': 'Please try again in a little while.',
  'payment_failed.refund_pending':
    "Your {verb} of {money} to {counterparty} ({when}) failed, but the money was taken. Don't worry — the refund is already on its way: {refund} back to your upay balance{by}{within}.",
  // Clauses of refund_pending: they start with their own comma or space.
  'payment_failed.refund_by': ', expected by {date}',
  'payment_failed.refund_within': ' (within {days, plural, one {# business day} other {# business days}})',
  'payment_failed.refunded':
    'Your {verb} of {money} to {counterparty} ({when}) failed and has been refunded: {refund} is back in your upay balance.',
  'payment_failed.no_refund':
    "Your {verb} of {money} to {counterparty} ({when}) failed but the money was taken, and no refund has started yet. I'm passing it to a colleague to get it refunded.",
  'payment_failed.pending':
    "Your {verb} of {money} to {counterparty} ({when}) is still pending. That means the money is reserved but not delivered yet — it usually completes within minutes to 2 hours, at most 1 business day. If it ends up failing, the money comes back to your balance automatically. Please don't pay again in the meantime.",
  'payment_failed.success':
    "Good news — this one actually went through: {money} to {counterparty} ({when}). If they say they didn't get it, share the transaction ID {transactionId} with them.",
  'payment_failed.reversed':
    'Your {verb} of {money} to {counterparty} ({when}) was reversed, and the money is back in your balance.',
  'payment_failed.checklist':
    "If paying again still doesn't work, try these:\n1. Check your network connection\n2. Check the payment details (card number, amount)\n3. If the system is busy, wait a moment and retry\n4. Check your transaction history to see if money was taken (failed payments are normally free)\n5. Still stuck? Contact support",
  'payment_failed.does_this_help': 'Does that help?',
  'payment_failed.button_helps': 'That helps',
  'payment_failed.button_disagree': "This isn't right",
  'payment_failed.glad': "Glad I could help! I'm here if you need anything else 😊",
  'payment_failed.to_human': "Understood — I'm passing this transaction to a colleague to check. Please hold on.",
  'payment_failed.no_transactions':
    "I can't see any recent transactions on your account. I'm connecting you with a colleague to look into it.",
  'payment_failed.gave_up':
    "Sorry, I still couldn't find that transaction. I'm connecting you with a colleague to look into it.",

  'unrecognized_transaction.found': 'I found this one: {line}',
  'unrecognized_transaction.not_debited': '(No money was actually taken for it.)',
  'unrecognized_transaction.offer_lock':
    "If it wasn't you, I can lock your account right now: card payments and transfers stop at once, so no more money can leave. Lock it now?",
  'unrecognized_transaction.button_lock': 'Lock my account now',
  'unrecognized_transaction.button_no_lock': "Don't lock",
  'unrecognized_transaction.locked':
    'Locked 🔒 No payments or transfers can leave your account until our security team has checked things with you.',
  'unrecognized_transaction.lock_failed':
    "I couldn't lock the account from here — our security team will do it straight away.",
  'unrecognized_transaction.dispute_opened':
    "I've opened a dispute for the {money} charge from {counterparty} — reference {disputeId}.",
  'unrecognized_transaction.dispute_failed':
    "I couldn't open the dispute automatically — our security team will do it for you.",
  'unrecognized_transaction.urgent':
    "I've passed this to our security team as urgent; a colleague will be with you shortly.",
  'unrecognized_transaction.safety':
    'Meanwhile, never share your password or verification codes with anyone — upay staff will never ask for them.',
  'unrecognized_transaction.offer_dispute':
    "OK, I won't lock it. Shall I open a dispute for this charge and get our security team on it urgently?",
  'unrecognized_transaction.button_dispute': 'Open a dispute',
  'unrecognized_transaction.button_human_only': 'Just talk to a person',
  'unrecognized_transaction.human_only':
    "OK — I've passed this to our security team as urgent; a colleague will be with you shortly.",
  'unrecognized_transaction.no_transactions':
    "I can't see any recent transactions on your account. To be safe, I'm passing this to our security team as urgent.",
  'unrecognized_transaction.gave_up':
    "Sorry, I couldn't find that transaction. To be safe, I'm passing this to our security team as urgent.",

  'pick_transaction.which_one.payment_problem': 'Which transaction is it?',
  'pick_transaction.which_one.unrecognized': "Which charge don't you recognise?",
  'pick_transaction.several_match': 'I found a few that could match. Which one is it?',
  'pick_transaction.no_exact_match': "I couldn't find an exact match. Is it one of these?",
  'pick_transaction.not_found': "I couldn't find transaction {transactionId} on your account. Is it one of these?",
  'pick_transaction.button_none': 'None of these',
  'pick_transaction.describe':
    'OK — tell me the amount, the merchant or person, the date, or the transaction ID (starts with T) and I will look again.',

  'transaction.verb.payment': 'payment',
  'transaction.verb.transfer': 'transfer',
  'transaction.status.success': 'successful',
  'transaction.status.failed': 'failed',
  'transaction.status.failed_debited': 'failed (debited)',
  'transaction.status.pending': 'pending',
  'transaction.status.reversed': 'reversed',
  'transaction.failure.insufficient_balance': 'insufficient balance',
  'transaction.failure.network_error': 'a network problem',
  'transaction.failure.risk_declined': 'our security checks declined it',
  'transaction.failure.merchant_error': "an error on the merchant's side",
  'transaction.failure.card_declined': 'your card was declined by the bank',
  'transaction.failure.limit_exceeded': 'it was over your payment limit',
  'date.today': 'today {time}',
  'date.yesterday': 'yesterday {time}',
};
