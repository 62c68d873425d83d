/** The records the store benchmark writes: an engine-shaped conversation state (~4 KB), an in-app session, chat-log entries. */

/** A ~4 KB conversation state shaped like the engine's (history of turns, flow state, entities). */
export const STATE_TEMPLATE = {
  version: 1,
  conversationId: 'telegram:0',
  lang: 'zh-CN',
  turn: 0,
  flow: {
    id: 'reset_password',
    step: 'verify_identity',
    attempts: 1,
    data: { phoneLast4: '1234', startedAt: 1_700_000_000_000 },
  },
  entities: { amount: '200.00', currency: 'CNY', merchant: 'Coffee Corner', orderId: 'ORD0000000000' },
  history: Array.from({ length: 24 }, (_, t) => ({
    role: t % 2 === 0 ? 'user' : 'bot',
    intent: 'payment_failed',
    at: 1_700_000_000_000 + t * 1000,
    summary: `turn ${t}: customer asked about a failed payment and the bot answered with the next step`,
  })),
};
export const STATE_BYTES = JSON.stringify(STATE_TEMPLATE).length;

export function conversationState(i: number): Record<string, unknown> {
  return { ...STATE_TEMPLATE, conversationId: `telegram:${i}` };
}

export const SESSION = {
  customerId: 'C1001',
  channel: 'webchat',
  createdAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2026-01-02T00:00:00.000Z',
};

export const logEntry = (i: number): Record<string, unknown> => ({
  at: 1_700_000_000_000 + i,
  from: i % 2 ? 'bot' : 'customer',
  text: `message ${i}: 我的付款失败了, what next?`,
  intent: 'payment_failed',
});

export const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
