import { z } from 'zod';
import type { FaultsInput } from './faults.ts';

/** What the sandbox "sent" (GET /sandbox/outbox). */
export const OutboxEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(['otp', 'password_reset_link']),
  customerId: z.string(),
  channel: z.enum(['sms', 'email']),
  to: z.string(),
  text: z.string(),
  code: z.string().optional(),
  link: z.string().optional(),
  at: z.string(),
});
export type OutboxEntryView = z.infer<typeof OutboxEntrySchema>;

const DisputeRecordSchema = z.object({
  disputeId: z.string(),
  transactionId: z.string(),
  customerId: z.string(),
  status: z.string(),
  reason: z.string(),
  openedAt: z.string(),
});

export interface SandboxControl {
  /** Messages sent, oldest first, optionally filtered. */
  outbox(filter?: {
    customerId?: string;
    to?: string;
    kind?: 'otp' | 'password_reset_link';
  }): Promise<OutboxEntryView[]>;
  /** The newest one-time code sent to a customer (throws when none). */
  lastOtp(customerId: string): Promise<string>;
  disputes(): Promise<z.infer<typeof DisputeRecordSchema>[]>;
  /** Replaces the fault settings (omitted fields go back to no fault). */
  setFaults(faults: FaultsInput): Promise<void>;
  /** Re-seeds the demo customers and clears codes, outbox, idempotency records and faults. */
  reset(): Promise<void>;
}

/** A tiny client for the sandbox-only endpoints, for tests and demos. */
export function createSandboxControl(baseUrl: string, opts: { apiKey?: string } = {}): SandboxControl {
  const base = baseUrl.replace(/\/$/, '');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;

  async function request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    const json: unknown = await res.json();
    if (!res.ok) throw new Error(`sandbox ${method} ${path} answered ${res.status}`);
    return json;
  }

  const control: SandboxControl = {
    async outbox(filter = {}) {
      const qs = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => e[1] !== undefined));
      const json = await request('GET', `/sandbox/outbox${qs.size ? `?${qs}` : ''}`);
      return z.object({ items: z.array(OutboxEntrySchema) }).parse(json).items;
    },
    async lastOtp(customerId) {
      const items = await control.outbox({ customerId, kind: 'otp' });
      const code = items.at(-1)?.code;
      if (!code) throw new Error(`no one-time code was sent to ${customerId}`);
      return code;
    },
    async disputes() {
      return z.object({ items: z.array(DisputeRecordSchema) }).parse(await request('GET', '/sandbox/disputes')).items;
    },
    async setFaults(faults) {
      await request('POST', '/sandbox/faults', faults);
    },
    async reset() {
      await request('POST', '/sandbox/reset', {});
    },
  };
  return control;
}
