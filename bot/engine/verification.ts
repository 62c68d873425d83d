import type { Button } from '../../adapters/types.ts';
import type { Entity } from '../../intents/types.ts';
import type { FlowId } from '../flows/ids.ts';
import { WalletError } from '../wallet/types.ts';
import { say, text, type Turn } from './context.ts';
import type { PendingFlow, VerificationDialog } from './conversation.ts';
import { startFlow } from './flow-runner.ts';
import { requestHandoff } from './handoff.ts';
import { findCode, findIdentifier, maskIdentifier, type Identifier } from './identifiers.ts';
import { ACTION } from './topics.ts';

/**
 * Phone/email + one-time code verification for anonymous channels, run by the engine before a flow
 * that needs a verified customer. The customer sees exactly the same replies whether or not the
 * phone/email is registered: for an unknown one no code is sent and every code typed fails the same
 * way (attempts, expiry and resends are counted locally with the wallet's limits).
 */
export const OTP_MINUTES = 5;
export const OTP_ATTEMPTS = 5;

type AskCode = Extract<VerificationDialog, { step: 'ask_code' }>;

/** Starts verification; uses a phone/email already in the triggering message or a shared contact. */
export async function beginVerification(turn: Turn, pending: PendingFlow | undefined, known?: Identifier): Promise<void> {
  const identifier = known ?? findIdentifier(pending?.text ?? '', (pending?.entities ?? []) as Entity[]);
  if (identifier) {
    await sendCode(turn, pending, identifier);
    return;
  }
  turn.conv.verification = pending ? { step: 'ask_identifier', pending, tries: 0 } : { step: 'ask_identifier', tries: 0 };
  askForIdentifier(turn, 'askIdentifier');
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
      turn.conv.verification = v.pending ? { step: 'ask_identifier', pending: v.pending, tries: 0 } : { step: 'ask_identifier', tries: 0 };
      askForIdentifier(turn, 'askIdentifier');
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
        say(turn, 'contactUs');
        return;
      }
      askForIdentifier(turn, 'identifierInvalid');
      return;
    }
    askForIdentifier(turn, 'askIdentifier');
    return;
  }
  say(turn, 'askCode', {}, codeButtons(turn, v));
}

/**
 * Asks for the registered phone/email. `requestContact` lets channels that can share a contact the
 * platform vouches for (Telegram) offer a "share my phone number" button as well.
 */
function askForIdentifier(turn: Turn, key: 'askIdentifier' | 'identifierInvalid'): void {
  say(turn, key, {}, [cancelButton(turn)]);
  const reply = turn.replies.at(-1);
  if (reply) reply.requestContact = true;
}

function cancelButton(turn: Turn): Button {
  return { label: text(turn, 'buttonCancel'), value: `${ACTION.cmd}cancel` };
}

function codeButtons(turn: Turn, v: AskCode): Button[] {
  const buttons: Button[] = [];
  if (v.resendsLeft > 0) buttons.push({ label: text(turn, 'buttonResend'), value: `${ACTION.verify}resend` });
  buttons.push({ label: text(turn, 'buttonOtherIdentifier'), value: `${ACTION.verify}other` });
  buttons.push(cancelButton(turn));
  return buttons;
}

function expiresAt(turn: Turn): string {
  return new Date(turn.at.getTime() + OTP_MINUTES * 60_000).toISOString();
}

/** Looks the customer up and sends a code when registered; replies the same either way. */
async function sendCode(turn: Turn, pending: PendingFlow | undefined, identifier: Identifier): Promise<void> {
  const { deps } = turn;
  const sentTo = maskIdentifier(identifier);
  const channel = identifier.kind === 'phone' ? 'sms' : 'email';
  const masked = identifier.kind === 'phone' ? { maskedPhone: sentTo } : { maskedEmail: sentTo };
  let next: AskCode;
  try {
    const ref = await deps.wallet.findCustomer(identifier.kind === 'phone' ? { phone: identifier.value } : { email: identifier.value });
    if (ref) {
      const challenge = await deps.wallet.sendOtp(ref.customerId, { channel, idempotencyKey: deps.newId() });
      next = {
        step: 'ask_code',
        challengeId: challenge.challengeId,
        customerId: ref.customerId,
        channel,
        sentTo,
        expiresAt: challenge.expiresAt,
        attemptsLeft: OTP_ATTEMPTS,
        resendsLeft: Math.min(challenge.resendsLeft, deps.options.maxResends),
        ...masked,
      };
    } else {
      next = { step: 'ask_code', channel, sentTo, expiresAt: expiresAt(turn), attemptsLeft: OTP_ATTEMPTS, resendsLeft: deps.options.maxResends, ...masked };
    }
  } catch (error) {
    await walletFailure(turn, error);
    return;
  }
  if (pending) next.pending = pending;
  turn.conv.verification = next;
  say(turn, 'codeSent', { sentTo, minutes: OTP_MINUTES }, codeButtons(turn, next));
}

async function resendCode(turn: Turn, v: AskCode): Promise<void> {
  const { deps } = turn;
  if (v.resendsLeft <= 0) {
    await resendExhausted(turn);
    return;
  }
  try {
    if (v.challengeId) {
      const challenge = await deps.wallet.resendOtp(v.challengeId, { idempotencyKey: deps.newId() });
      v.challengeId = challenge.challengeId;
      v.expiresAt = challenge.expiresAt;
      v.resendsLeft = Math.min(challenge.resendsLeft, v.resendsLeft - 1);
    } else {
      v.expiresAt = expiresAt(turn);
      v.resendsLeft -= 1;
    }
  } catch (error) {
    if (error instanceof WalletError && error.code === 'resend_limit') {
      await resendExhausted(turn);
      return;
    }
    await walletFailure(turn, error);
    return;
  }
  v.attemptsLeft = OTP_ATTEMPTS;
  say(turn, 'codeResent', { sentTo: v.sentTo }, codeButtons(turn, v));
}

async function resendExhausted(turn: Turn): Promise<void> {
  turn.conv.verification = undefined;
  say(turn, 'resendLimit');
  say(turn, 'contactUs');
}

async function checkCode(turn: Turn, v: AskCode, code: string): Promise<void> {
  const { deps, conv } = turn;
  if (Date.parse(v.expiresAt) <= turn.at.getTime()) {
    say(turn, 'codeExpired', {}, codeButtons(turn, v));
    return;
  }
  let outcome: { ok: true; customerId: string } | { ok: false; reason: 'wrong_code' | 'expired' | 'too_many_attempts'; attemptsLeft: number };
  if (v.challengeId) {
    try {
      outcome = await deps.wallet.checkOtp(v.challengeId, code);
    } catch (error) {
      await walletFailure(turn, error);
      return;
    }
  } else {
    const attemptsLeft = v.attemptsLeft - 1;
    outcome = { ok: false, reason: attemptsLeft > 0 ? 'wrong_code' : 'too_many_attempts', attemptsLeft };
  }

  if (outcome.ok) {
    conv.verification = undefined;
    conv.identity = {
      verified: true,
      customerId: outcome.customerId,
      via: 'otp',
      expiresAt: new Date(turn.at.getTime() + deps.options.verificationTtlMs).toISOString(),
      ...(v.maskedPhone ? { maskedPhone: v.maskedPhone } : {}),
      ...(v.maskedEmail ? { maskedEmail: v.maskedEmail } : {}),
    };
    deps.logger.info({ conversationId: conv.conversationId, via: 'otp' }, 'customer verified');
    say(turn, 'verified');
    await startPending(turn, v.pending);
    return;
  }
  if (outcome.reason === 'expired') {
    v.expiresAt = turn.at.toISOString();
    say(turn, 'codeExpired', {}, codeButtons(turn, v));
    return;
  }
  if (outcome.reason === 'too_many_attempts' || outcome.attemptsLeft <= 0) {
    conv.verification = undefined;
    deps.logger.warn({ conversationId: conv.conversationId }, 'verification failed: too many wrong codes');
    say(turn, 'tooManyAttempts');
    await requestHandoff(turn, { reason: 'flow_failed', riskFlags: ['otp_too_many_attempts'] });
    return;
  }
  v.attemptsLeft = outcome.attemptsLeft;
  say(turn, 'codeWrong', { attemptsLeft: outcome.attemptsLeft }, codeButtons(turn, v));
}

async function startPending(turn: Turn, pending: PendingFlow | undefined): Promise<void> {
  if (!pending) return;
  const flow = turn.deps.flows[pending.id as FlowId];
  if (!flow) return;
  await startFlow(turn, flow, { ...(pending.text !== undefined ? { text: pending.text } : {}), entities: pending.entities as Entity[] });
}

async function walletFailure(turn: Turn, error: unknown): Promise<void> {
  if (!(error instanceof WalletError)) throw error;
  const { deps, conv } = turn;
  deps.metrics.walletError(error.code);
  deps.logger.warn({ conversationId: conv.conversationId, code: error.code, status: error.status }, 'wallet error during verification');
  if (error.isOutage) {
    say(turn, 'walletOutage');
    await requestHandoff(turn, { reason: 'wallet_outage' });
    return;
  }
  say(turn, 'error');
  say(turn, 'contactUs');
}
