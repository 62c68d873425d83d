/**
 * Small fakes for engine unit tests: a keyword NLU, an in-memory knowledge base, an in-memory
 * wallet with call counters and fault injection, a few tiny flows, a recording desk and sink, a
 * harness that runs the real engine over them, and an event builder. Each lives in fakes/; this file gathers them.
 */
export { createKeywordNlu } from './fakes/keyword-nlu.ts';
export { CONTACT, createFakeKnowledge } from './fakes/knowledge.ts';
export { createFakeWallet, type FakeWallet } from './fakes/wallet.ts';
export { fakeBalanceFlow, fakeFraudFlow, fakePaymentFlow, fakeUnfreezeFlow } from './fakes/flows.ts';
export * from './fakes/recorders.ts';
export { allText, createHarness, type Harness } from './fakes/harness.ts';
export { eventIn } from './fakes/events.ts';
