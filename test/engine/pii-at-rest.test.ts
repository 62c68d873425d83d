/**
 * PII at rest: after turns that carry a phone number or an e-mail address, nothing the engine
 * stored (conversation, verification state, flow state, counters) holds them unmasked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flow, FlowStateBase } from '../../bot/flows/types.ts';
import type { Store } from '../../bot/store/types.ts';
import { createInProcessWallet, type InProcessWallet } from '../../bot/wallet/index.ts';
import type { Entity } from '../../intents/types.ts';
import { allText, createHarness, fakeBalanceFlow } from './fakes.ts';

const RAW = ['13800001001', '138 0000 1001', 'li.wei@example.com'];

let wallet: InProcessWallet;
beforeAll(async () => {
  wallet = await createInProcessWallet({
    fixedOtp: '123456',
    now: () => new Date('2026-11-25T10:00:00Z'),
    client: { retries: 0 },
  });
});
afterAll(async () => {
  await wallet.close();
});

/** Everything in the store, as JSON text, key by key. */
async function dump(store: Store): Promise<string> {
  const out: string[] = [];
  for await (const key of store.keys('')) out.push(`${key} = ${JSON.stringify(await store.get(key))}`);
  return out.join('\n');
}

function expectNoRawIdentifier(text: string): void {
  for (const raw of RAW) expect(text, `"${raw}" stored unmasked`).not.toContain(raw);
}

interface EchoState extends FlowStateBase {
  v: 1;
  step: 'ask';
  trigger: { text?: string; entities: Entity[] };
}

/** A flow that keeps its trigger in its state (as a flow may). */
const keepsTrigger: Flow<EchoState> = {
  id: 'payment_failed',
  version: 1,
  requiresVerification: false,
  async start(_ctx, trigger) {
    return { state: { v: 1, step: 'ask', trigger }, replies: [{ text: 'Which transaction?' }] };
  },
  async step(state) {
    return { state, replies: [], done: true };
  },
};

function harness() {
  return createHarness({
    overrides: { wallet: wallet.api },
    flows: { check_balance: fakeBalanceFlow, payment_failed: keepsTrigger as unknown as Flow },
  });
}

describe('PII at rest', () => {
  it('a phone number in the message that asks for verification: the pending flow keeps it masked once the code is sent', async () => {
    const h = harness();
    const sent = await h.say('check my balance, my phone is 138 0000 1001');
    expect(allText(sent)).toContain('138****1001');
    expectNoRawIdentifier(await dump(h.store));
    const ok = await h.say('123456');
    expect(allText(ok)).toContain('Balance');
    expectNoRawIdentifier(await dump(h.store));
  });

  it('an e-mail address in the message that asks for verification', async () => {
    const h = harness();
    const sent = await h.say('check my balance li.wei@example.com');
    expect(allText(sent)).toContain('l***i@example.com');
    expectNoRawIdentifier(await dump(h.store));
  });

  it('the identifier typed as the answer, then a wrong code and a resend', async () => {
    const h = harness();
    await h.say('check my balance');
    await h.say('13800001001');
    await h.say('111111');
    await h.press('verify:resend');
    expectNoRawIdentifier(await dump(h.store));
  });

  it('flow trigger entities reach the flow (and its stored state) masked', async () => {
    const h = harness();
    const r = await h.say('payment failed, call me at 13800001001 or li.wei@example.com');
    expect(allText(r)).toContain('Which transaction?');
    const stored = await dump(h.store);
    expect(stored).toContain('"entity":"phone"');
    expectNoRawIdentifier(stored);
  });
});
