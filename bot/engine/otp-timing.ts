/**
 * Equal timing for registered and unknown phone numbers/e-mails: for an unknown one there is no
 * code to send or check, so the engine waits about as long as the wallet call would have taken.
 * Each wallet client keeps its last few measured latencies per call; an imitation waits one of them
 * picked at random (so the spread matches too), or DEFAULT_MS before any was measured.
 */
export type TimedOtpCall = 'sendOtp' | 'resendOtp' | 'checkOtp';

const SAMPLES = 32;
const DEFAULT_MS = 100;
/** A slow or failing wallet must not make unknown numbers hang for long. */
const MAX_MS = 3000;

const byWallet = new WeakMap<object, Map<TimedOtpCall, number[]>>();

function samples(wallet: object, call: TimedOtpCall): number[] {
  let calls = byWallet.get(wallet);
  if (!calls) byWallet.set(wallet, (calls = new Map()));
  let list = calls.get(call);
  if (!list) calls.set(call, (list = []));
  return list;
}

/** Runs a wallet call and remembers how long it took (failures too: they take time as well). */
export async function timedOtpCall<T>(wallet: object, call: TimedOtpCall, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    const list = samples(wallet, call);
    list.push(Math.min(MAX_MS, performance.now() - started));
    if (list.length > SAMPLES) list.shift();
  }
}

/** Waits about as long as `call` takes on this wallet. */
export async function imitateOtpCall(
  wallet: object,
  call: TimedOtpCall,
  random: () => number = Math.random,
): Promise<void> {
  const list = samples(wallet, call);
  const ms = list.length ? (list[Math.floor(random() * list.length)] ?? DEFAULT_MS) : DEFAULT_MS;
  await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_MS, ms)));
}
