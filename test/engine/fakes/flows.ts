import type { Flow, FlowStateBase } from '../../../bot/flows/types.ts';

interface UnfreezeState extends FlowStateBase {
  v: 1;
  step: 'confirm' | 'unfreezing';
  key?: string;
}

/** account_frozen: asks to confirm, then unfreezes once (idempotency key checkpointed first). */
export const fakeUnfreezeFlow: Flow<UnfreezeState> = {
  id: 'account_frozen',
  version: 1,
  requiresVerification: true,
  async start(ctx) {
    return {
      state: { v: 1, step: 'confirm' },
      replies: [
        {
          text: ctx.language === 'en' ? 'Unfreeze now?' : '现在解冻吗？',
          buttons: [
            { label: 'Yes', value: 'yes' },
            { label: 'No', value: 'no' },
          ],
        },
      ],
    };
  },
  async step(state, input, ctx) {
    const yes = input.kind === 'action' ? input.value === 'yes' : /yes|是|好/iu.test(input.text);
    if (!yes) return { state, replies: [{ text: 'OK, not unfrozen.' }], done: true, outcome: 'declined' };
    const key = state.key ?? ctx.newIdempotencyKey();
    const next: UnfreezeState = { v: 1, step: 'unfreezing', key };
    await ctx.checkpoint(next);
    await ctx.wallet.unfreeze(ctx.customerId, { idempotencyKey: key });
    return {
      state: next,
      replies: [{ text: ctx.language === 'en' ? 'Your account is active again.' : '账户已解冻。' }],
      done: true,
      outcome: 'unfrozen',
    };
  },
};

interface AskState extends FlowStateBase {
  v: 2;
  step: 'ask';
}

/** payment_failed: asks which transaction, then answers; `slowMs` makes a step slow (lock tests). */
export function fakePaymentFlow(opts: { slowMs?: number; log?: string[] } = {}): Flow<AskState> {
  return {
    id: 'payment_failed',
    version: 2,
    requiresVerification: false,
    async start(ctx) {
      return {
        state: { v: 2, step: 'ask' },
        replies: [{ text: ctx.language === 'en' ? 'Which transaction?' : '是哪一笔交易？' }],
      };
    },
    async step(state, input) {
      opts.log?.push(`begin:${input.kind === 'text' ? input.text : input.value}`);
      if (opts.slowMs) await new Promise((r) => setTimeout(r, opts.slowMs));
      opts.log?.push(`end:${input.kind === 'text' ? input.text : input.value}`);
      if (input.kind === 'text' && input.text === 'boom') throw new Error('flow exploded with secret text');
      return {
        state,
        replies: [{ text: `Looked at ${input.kind === 'text' ? input.text : input.value}` }],
        done: true,
        outcome: 'explained',
      };
    },
  };
}

/** unrecognized_transaction: hands off as fraud right away. */
export const fakeFraudFlow: Flow = {
  id: 'unrecognized_transaction',
  version: 1,
  requiresVerification: false,
  async start() {
    return {
      state: { v: 1, step: 'done' },
      replies: [{ text: 'We locked your account.' }],
      done: true,
      outcome: 'locked',
      handoff: {
        reason: 'fraud',
        urgent: true,
        linkedTransactions: ['T1'],
        riskFlags: ['fraud_suspected'],
        note: 'locked',
      },
    };
  },
  async step(state) {
    return { state, replies: [] };
  },
};

/** check_balance: needs verification, shows the balance. */
export const fakeBalanceFlow: Flow = {
  id: 'check_balance',
  version: 1,
  requiresVerification: true,
  async start(ctx) {
    const b = await ctx.wallet.getBalance(ctx.customerId);
    return { state: { v: 1, step: 'done' }, replies: [{ text: `Balance ${b.amount}` }], done: true, outcome: 'shown' };
  },
  async step(state) {
    return { state, replies: [] };
  },
};
