/** en: what the agents' desk itself tells customers; the same ids and placeholders as zh-CN/desk.ts. */
import type { DESK as ZH } from '../zh-CN/desk.ts';

export const DESK: Record<keyof typeof ZH, string> = {
  'desk.delayed':
    'Our agents’ desk is not reachable right now. Your request is saved and will reach them as soon as it is back — you do not need to ask again.',
  'desk.offer_outside_hours': 'Our agents work {hours}, so nobody can join right now.',
  'desk.offer_timeout': 'I am sorry nobody could join in time.',
  'desk.offer_known_email':
    'Instead of waiting, we can open an email ticket and reply to {maskedEmail} within {replyHours} hours. Shall I do that?',
  'desk.offer_ask_email':
    'Instead of waiting, we can open an email ticket and reply within {replyHours} hours. Please type the email address we should write to, or “no”.',
  'desk.button_use_email': 'Yes, use {maskedEmail}',
  'desk.button_other_email': 'Use another email',
  'desk.button_no_ticket': 'No, thanks',
  'desk.ask_email': 'Please type the email address we should write to.',
  'desk.bad_email': 'That does not look like an email address. Please type it again, or “no”.',
  'desk.ticket_created':
    'Done: your case reference is {reference}. We will email {maskedEmail} within {replyHours} hours. Please quote the reference if you contact us again.',
  'desk.ticket_declined': 'All right, no ticket. I am still here if you need anything else.',
};
