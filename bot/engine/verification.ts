import type { Entity } from '../../intents/types.ts';
import { maskPendingFlow } from './contact-masking.ts';
import { say, type Turn } from './context.ts';
import type { PendingFlow } from './conversation.ts';
import { findCode, findIdentifier, type Identifier } from './identifiers.ts';
import { cancelButton, checkCode, codeButtons, resendCode, sendCode } from './otp-codes.ts';
import { ACTION } from './topics.ts';

/**
 * Phone/email + one-time code verification for anonymous channels, run by the engine before a flow
 * that needs a verified customer. The customer sees exactly the same replies whether or not the
 * phone/email is registered, and waits about as long: for an unknown one no code is sent (the send
 * is imitated, otp-timing.ts) and every code typed fails the same way. Attempts, expiry and resends
 * are the engine's own counts for both; wrong codes and codes sent are also limited per phone/email
 * and per client across conversations (otp-limits.ts).
 */
export { OTP_ATTEMPTS, OTP_MINUTES } from './otp-codes.ts';

/** Starts verification; uses a phone/email already in the triggering message or a shared contact. */
export async function beginVerification(
  turn: Turn,
  trigger: PendingFlow | undefined,
  known?: Identifier,
): Promise<void> {
  const identifier = known ?? findIdentifier(trigger?.text ?? '', (trigger?.entities ?? []) as Entity[]);
  // The trigger's phone/email is read once, here; the flow waiting for verification keeps it masked.
  const pending = trigger ? maskPendingFlow(trigger) : undefined;
  if (identifier) {
    await sendCode(turn, pending, identifier);
    return;
  }
  turn.conv.verification = pending
    ? { step: 'ask_identifier', pending, tries: 0 }
    : { step: 'ask_identifier', tries: 0 };
  askForIdentifier(turn, 'verify.ask_identifier');
}

export type VerificationInput =
  | { kind: 'text'; text: string; entities: readonly Entity[] }
  | { kind: 'action'; value: string }
  | { kind: 'contact'; phone: string };

/**
 * Handles the customer's answer while verification is under way. Returns false when the input is
 * not an answer (the caller may treat it as a digression and then call `reaskVerification`).
 */
export async function continueVerification(turn: Turn, input: VerificationInput): Promise<boolean> {
  const v = turn.conv.verification;
  if (!v) return false;
  if (input.kind === 'contact') {
    const identifier = findIdentifier(input.phone, []);
    if (!identifier) return false;
    await sendCode(turn, v.pending, identifier);
    return true;
  }
  if (input.kind === 'action') {
    if (input.value === `${ACTION.verify}resend` && v.step === 'ask_code') {
      await resendCode(turn, v);
      return true;
    }
    if (input.value === `${ACTION.verify}other`) {
      turn.conv.verification = v.pending
        ? { step: 'ask_identifier', pending: v.pending, tries: 0 }
        : { step: 'ask_identifier', tries: 0 };
      askForIdentifier(turn, 'verify.ask_identifier');
      return true;
    }
    return false;
  }

  if (v.step === 'ask_code') {
    const code = findCode(input.text);
    if (code) {
      await checkCode(turn, v, code);
      return true;
    }
  }
  const identifier = findIdentifier(input.text, input.entities);
  if (identifier) {
    await sendCode(turn, v.pending, identifier);
    return true;
  }
  return false;
}

/** Repeats the question verification is waiting for (after a digression or an unclear answer). */
export function reaskVerification(turn: Turn, afterUnclear: boolean): void {
  const v = turn.conv.verification;
  if (!v) return;
  if (v.step === 'ask_identifier') {
    if (afterUnclear) {
      v.tries += 1;
      if (v.tries >= turn.deps.options.maxIdentifierTries) {
        turn.conv.verification = undefined;
        say(turn, 'cancelled');
        say(turn, 'contact_us');
        return;
      }
      askForIdentifier(turn, 'verify.identifier_invalid');
      return;
    }
    askForIdentifier(turn, 'verify.ask_identifier');
    return;
  }
  say(turn, 'verify.ask_code', {}, codeButtons(turn, v));
}

/**
 * Asks for the registered phone/email. `requestContact` lets channels that can share a contact the
 * platform vouches for (Telegram) offer a "share my phone number" button as well.
 */
function askForIdentifier(turn: Turn, key: 'verify.ask_identifier' | 'verify.identifier_invalid'): void {
  say(turn, key, {}, [cancelButton(turn)]);
  const reply = turn.replies.at(-1);
  if (reply) reply.requestContact = true;
}
