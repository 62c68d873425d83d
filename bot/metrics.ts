import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of the service (`GET /metrics`). One registry per app, so tests stay isolated. */
export function createMetrics(opts: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  /** Every counter registers in this app's registry (never the global one). */
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] });

  const turns = counter('upay_turns_total', 'Turns handled, by channel and top intent', ['channel', 'intent']);
  const nluConfidence = new Histogram({
    name: 'upay_nlu_confidence',
    help: 'Confidence of the top intent',
    buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1],
    registers: [registry],
  });
  const flowOutcomes = counter('upay_flow_outcomes_total', 'Finished flows by outcome', ['flow', 'outcome']);
  const handoffs = counter('upay_handoffs_total', 'Handoffs to a human, by reason', ['reason']);
  const turnLatency = new Histogram({
    name: 'upay_turn_duration_seconds',
    help: 'Time to handle one turn',
    labelNames: ['channel'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const walletLatency = new Histogram({
    name: 'upay_wallet_call_duration_seconds',
    help: 'Wallet API call latency',
    labelNames: ['operation', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const walletErrors = counter('upay_wallet_errors_total', 'Wallet API errors by code', ['code']);

  return {
    registry,
    turn(channel: string, intent: string | null): void {
      turns.inc({ channel, intent: intent ?? 'none' });
    },
    nluConfidence(confidence: number): void {
      nluConfidence.observe(confidence);
    },
    flowOutcome(flow: string, outcome: string): void {
      flowOutcomes.inc({ flow, outcome });
    },
    handoff(reason: string): void {
      handoffs.inc({ reason });
    },
    turnLatency(ms: number, channel = 'unknown'): void {
      turnLatency.observe({ channel }, ms / 1000);
    },
    walletCall(operation: string, ms: number, outcome: string): void {
      walletLatency.observe({ operation, outcome }, ms / 1000);
    },
    walletError(code: string): void {
      walletErrors.inc({ code });
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
