import type { Button } from '../core/messages.ts';
import type { Entity } from '../../intents/types.ts';
import type { FlowId } from '../core/domain-ids.ts';
import { WalletError, type OtpChallenge } from '../wallet/types.ts';
import { maskPendingFlow } from './contact-masking.ts';
import { say, text, type Turn } from './context.ts';
import type { PendingFlow, VerificationDialog } from './conversation.ts';
import { startFlow } from './flow-runner.ts';
import { requestHandoff } from './handoff.ts';
import { maskIdentifier, type Identifier } from './identifiers.ts';
import { clientHash, createOtpLimits, identifierHash, type OtpLimits } from './otp-limits.ts';
import { imitateOtpCall, timedOtpCall } from './otp-timing.ts';
import { ACTION } from './topics.ts';

/**
 * Sending, resending and checking one-time codes (the verification dialog is in verification.ts).
 * Expiry, attempts left and resends left are the engine's own counts for every phone/email, and
 * the wallet only sends codes and says whether one is right: a registered number gets exactly the
 * replies an unknown one gets, and about as slowly (otp-timing.ts).
 */
export const OTP_MINUTES = 5;
/** Wrong codes per code sent (a resend gives the new code as many); see also otpMaxAttemptsPerIdentifier. */
export const OTP_ATTEMPTS = 5;

export type AskCode = Extract<VerificationDialog, { step: 'ask_code' }>;

export function cancelButton(turn: Turn): Button {
  return { label: text(turn, 'button.cancel'), value: `${ACTION.cmd}cancel` };
}

export function codeButtons(turn: Turn, v: AskCode): Button[] {
  const buttons: Button[] = [];
  if (v.resendsLeft > 0) buttons.push({ label: text(turn, 'verify.button_resend'), value: `${ACTION.verify}resend` });
  buttons.push({ label: text(turn, 'verify.button_other_identifier'), value: `${ACTION.verify}other` });
  buttons.push(cancelButton(turn));
  return buttons;
}

function expiresAt(turn: Turn): string {
  return new Date(turn.at.getTime() + OTP_MINUTES * 60_000).toISOString();
}

function otpLimits(turn: Turn): OtpLimits {
  const o = turn.deps.options;
  return createOtpLimits(
    turn.deps.store,
    {
      windowMs: o.otpWindowMs,
      maxAttemptsPerIdentifier: o.otpMaxAttemptsPerIdentifier,
      maxChallengesPerIdentifier: o.otpMaxChallengesPerIdentifier,
      maxChallengesPerClient: o.otpMaxChallengesPerClient,
      hashKey: o.otpHashKey,
    },
    () => turn.at.getTime(),
  );
}

/**
 * Checks the limits before a code goes out (first send or resend): false when it must not, and
 * then the customer has been told. The same store work for every identifier, registered or not.
 */
async function mayChallenge(turn: Turn, idHash: string): Promise<boolean> {
  const limits = otpLimits(turn);
  if ((await limits.attemptsLeft(idHash)) <= 0) {
    // Too many wrong codes for this phone/email lately: no code until the window passes.
    turn.conv.verification = undefined;
    say(turn, 'verify.too_many_attempts');
    say(turn, 'contact_us');
    return false;
  }
  if (!(await limits.challenge(idHash, clientHash(turn.event, turn.deps.options.otpHashKey)))) {
    await resendExhausted(turn);
    return false;
  }
  return true;
}

/**
 * A send or resend the wallet refused (its own limits: resend_limit, rate_limited …) is answered
 * like a sent code: the replies may only depend on what the engine counts itself, or a registered
 * number would answer differently from an unknown one. Outages still throw.
 */
async function sendOrNothing(
  turn: Turn,
  call: 'sendOtp' | 'resendOtp',
  send: () => Promise<OtpChallenge>,
): Promise<OtpChallenge | undefined> {
  try {
    return await timedOtpCall(turn.deps.wallet, call, send);
  } catch (error) {
    if (!(error instanceof WalletError) || error.isOutage) throw error;
    turn.deps.metrics.walletError(error.code);
    turn.deps.logger.warn(
      { conversationId: turn.conv.conversationId, code: error.code, apiCode: error.apiCode },
      'wallet refused to send a code; answered as sent',
    );
    return undefined;
  }
}

/** Sends a fresh code to the registered `customerId` and keeps its challenge (none when the wallet refused). */
async function sendFreshCode(turn: Turn, v: AskCode, customerId: string): Promise<void> {
  const sent = await sendOrNothing(turn, 'sendOtp', () =>
    turn.deps.wallet.sendOtp(customerId, { channel: v.channel, idempotencyKey: turn.deps.newId() }),
  );
  if (sent) v.challengeId = sent.challengeId;
}

/** Looks the customer up and sends a code when registered; replies (and takes about as long) the same either way. */
export async function sendCode(turn: Turn, pending: PendingFlow | undefined, identifier: Identifier): Promise<void> {
  const { deps } = turn;
  const idHash = identifierHash(identifier, deps.options.otpHashKey);
  if (!(await mayChallenge(turn, idHash))) return;
  const sentTo = maskIdentifier(identifier);
  const channel = identifier.kind === 'phone' ? 'sms' : 'email';
  const next: AskCode = {
    step: 'ask_code',
    channel,
    sentTo,
    identifierHash: idHash,
    expiresAt: expiresAt(turn),
    attemptsLeft: OTP_ATTEMPTS,
    resendsLeft: deps.options.maxResends,
    ...(identifier.kind === 'phone' ? { maskedPhone: sentTo } : { maskedEmail: sentTo }),
  };
  try {
    const ref = await deps.wallet.findCustomer(
      identifier.kind === 'phone' ? { phone: identifier.value } : { email: identifier.value },
    );
    if (ref) {
      next.customerId = ref.customerId;
      await sendFreshCode(turn, next, ref.customerId);
    } else {
      await imitateOtpCall(deps.wallet, 'sendOtp');
    }
  } catch (error) {
    await walletFailure(turn, error);
    return;
  }
  // The phone/email itself is not kept: only its masked form and its counters' name.
  if (pending) next.pending = maskPendingFlow(pending);
  turn.conv.verification = next;
  say(turn, 'verify.code_sent', { sentTo, minutes: OTP_MINUTES }, codeButtons(turn, next));
}

export async function resendCode(turn: Turn, v: AskCode): Promise<void> {
  const { deps } = turn;
  if (v.resendsLeft <= 0) {
    await resendExhausted(turn);
    return;
  }
  if (v.identifierHash && !(await mayChallenge(turn, v.identifierHash))) return;
  try {
    const { challengeId, customerId } = v;
    if (challengeId) {
      // Refused (e.g. the wallet's own resend limit): the last code stays the one to type.
      await sendOrNothing(turn, 'resendOtp', () =>
        deps.wallet.resendOtp(challengeId, { idempotencyKey: deps.newId() }),
      );
    } else if (customerId) {
      // Registered, but the first send was refused: try a fresh challenge.
      await sendFreshCode(turn, v, customerId);
    } else {
      await imitateOtpCall(deps.wallet, 'resendOtp');
    }
  } catch (error) {
    await walletFailure(turn, error);
    return;
  }
  v.expiresAt = expiresAt(turn);
  v.resendsLeft -= 1;
  v.attemptsLeft = OTP_ATTEMPTS;
  say(turn, 'verify.code_resent', { sentTo: v.sentTo }, codeButtons(turn, v));
}

async function resendExhausted(turn: Turn): Promise<void> {
  turn.conv.verification = undefined;
  say(turn, 'verify.resend_limit');
  say(turn, 'contact_us');
}

/**
 * Checks a typed code. Expiry, attempts left and resends are the engine's own counts for every
 * phone/email; the wallet only says whether a code is right (anything else counts as wrong), so a
 * registered number never answers differently from an unknown one.
 */
export async function checkCode(turn: Turn, v: AskCode, code: string): Promise<void> {
  const { deps, conv } = turn;
  if (Date.parse(v.expiresAt) <= turn.at.getTime()) {
    say(turn, 'verify.code_expired', {}, codeButtons(turn, v));
    return;
  }
  const limits = otpLimits(turn);
  let identifierLeft = Number.POSITIVE_INFINITY;
  if (v.identifierHash) {
    // Taken before the check, so guesses in parallel conversations cannot overrun the limit.
    const taken = await limits.attempt(v.identifierHash);
    if (!taken.allowed) {
      await tooManyAttempts(turn);
      return;
    }
    identifierLeft = taken.remaining;
  }
  let customerId: string | undefined;
  try {
    customerId = v.challengeId ? await walletCheck(turn, v.challengeId, code) : undefined;
    if (!v.challengeId) await imitateOtpCall(deps.wallet, 'checkOtp');
  } catch (error) {
    if (v.identifierHash) await limits.refund(v.identifierHash); // nothing was checked
    await walletFailure(turn, error);
    return;
  }

  if (customerId) {
    if (v.identifierHash) await limits.refund(v.identifierHash);
    conv.verification = undefined;
    conv.identity = {
      verified: true,
      customerId,
      via: 'otp',
      expiresAt: new Date(turn.at.getTime() + deps.options.verificationTtlMs).toISOString(),
      ...(v.maskedPhone ? { maskedPhone: v.maskedPhone } : {}),
      ...(v.maskedEmail ? { maskedEmail: v.maskedEmail } : {}),
    };
    deps.logger.info({ conversationId: conv.conversationId, via: 'otp' }, 'customer verified');
    say(turn, 'verify.verified');
    await startPending(turn, v.pending);
    return;
  }
  v.attemptsLeft -= 1;
  const attemptsLeft = Math.min(v.attemptsLeft, identifierLeft);
  if (attemptsLeft <= 0) {
    await tooManyAttempts(turn);
    return;
  }
  say(turn, 'verify.code_wrong', { attemptsLeft }, codeButtons(turn, v));
}

/** The customer id when the wallet says the code is right; undefined for any other answer. */
async function walletCheck(turn: Turn, challengeId: string, code: string): Promise<string | undefined> {
  try {
    const outcome = await timedOtpCall(turn.deps.wallet, 'checkOtp', () =>
      turn.deps.wallet.checkOtp(challengeId, code),
    );
    return outcome.ok ? outcome.customerId : undefined;
  } catch (error) {
    if (!(error instanceof WalletError) || error.isOutage) throw error;
    // e.g. the wallet forgot the challenge: a code that cannot be checked is not right.
    turn.deps.metrics.walletError(error.code);
    return undefined;
  }
}

async function tooManyAttempts(turn: Turn): Promise<void> {
  const { conv, deps } = turn;
  conv.verification = undefined;
  deps.logger.warn({ conversationId: conv.conversationId }, 'verification failed: too many wrong codes');
  say(turn, 'verify.too_many_attempts');
  await requestHandoff(turn, { reason: 'flow_failed', riskFlags: ['otp_too_many_attempts'] });
}

async function startPending(turn: Turn, pending: PendingFlow | undefined): Promise<void> {
  if (!pending) return;
  const flow = turn.deps.flows[pending.id as FlowId];
  if (!flow) return;
  await startFlow(turn, flow, {
    ...(pending.text !== undefined ? { text: pending.text } : {}),
    entities: pending.entities as Entity[],
  });
}

async function walletFailure(turn: Turn, error: unknown): Promise<void> {
  if (!(error instanceof WalletError)) throw error;
  const { deps, conv } = turn;
  deps.metrics.walletError(error.code);
  deps.logger.warn(
    { conversationId: conv.conversationId, code: error.code, status: error.status },
    'wallet error during verification',
  );
  if (error.isOutage) {
    say(turn, 'wallet_outage');
    await requestHandoff(turn, { reason: 'wallet_outage' });
    return;
  }
  say(turn, 'error');
  say(turn, 'contact_us');
}
