/**
 * Email tickets keep the address the customer typed only as long as the ticket needs it: the
 * ticket record has the masked form, the address itself sits in its own record with a shorter TTL.
 */
import { describe, expect, it } from 'vitest';
import { createTicketService, ticketKeys } from '../../bot/handoff/tickets.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import type { Store } from '../../bot/store/types.ts';
import { customerText, expectAddressKeptApart } from './ticket-support.ts';

const DAY_MS = 24 * 3600_000;

function setup(opts: { contactTtlMs?: number } = {}) {
  const clock = { ms: Date.parse('2026-11-25T02:00:00Z') };
  const store = createMemoryStore({ now: () => clock.ms });
  const tickets = createTicketService({
    store,
    logger: silentLogger,
    now: () => new Date(clock.ms),
    sink: () => undefined,
    timeZone: 'Asia/Shanghai',
    hoursText: () => '9:00-21:00',
    replyHours: 24,
    ...(opts.contactTtlMs ? { contactTtlMs: opts.contactTtlMs } : {}),
  });
  return { clock, store, tickets };
}

async function dump(store: Store): Promise<string> {
  const out: string[] = [];
  for await (const key of store.keys('')) out.push(`${key} = ${JSON.stringify(await store.get(key))}`);
  return out.join('\n');
}

describe('email tickets: the typed address at rest', () => {
  it('the ticket record holds the masked address; the address itself is kept apart, for the contact TTL only', async () => {
    const { clock, store, tickets } = setup({ contactTtlMs: 7 * DAY_MS });
    await tickets.prepareOffer({
      caseId: 'K1',
      conversationId: 'telegram:1',
      language: 'en',
      reason: 'timeout',
      summary: 'call me on 13800001001',
      customerId: 'C1001',
    });
    const replies = await tickets.handleReply(customerText('telegram:1', 'please use li.wei@example.com'));
    expect(replies?.[0]?.text).toContain('l***i@example.com');
    expect(replies?.[0]?.id).toBe('desk.ticket_created');

    // The one place the address is: its contact record (found by forget/retention like the ticket).
    const ticket = await expectAddressKeptApart(store, tickets, 'UP-20261125-0001', 'li.wei@example.com', {
      maskedEmail: 'l***i@example.com',
      emailOnFile: false,
      caseId: 'K1',
      customerId: 'C1001',
    });
    expect(JSON.stringify(ticket)).not.toContain('13800001001');
    const stored = await dump(store);
    expect(stored.split('\n').filter((line) => line.includes('li.wei@example.com'))).toEqual([
      expect.stringMatching(
        /^ticket:UP-20261125-0001:contact = .*"conversationId":"telegram:1".*"customerId":"C1001"/u,
      ) as unknown,
    ]);

    clock.ms += 7 * DAY_MS + 1000;
    expect(await tickets.contactEmail('UP-20261125-0001')).toBeUndefined();
    expect(await dump(store)).not.toContain('li.wei@example.com');
    expect(await store.get(ticketKeys.ticket('UP-20261125-0001'))).toMatchObject({ maskedEmail: 'l***i@example.com' });
  });

  it('a ticket to the address on file stores no contact record', async () => {
    const { store, tickets } = setup();
    await tickets.prepareOffer({
      caseId: 'K2',
      conversationId: 'telegram:2',
      language: 'zh',
      reason: 'outside_hours',
      summary: 's',
      customerId: 'C1001',
      maskedEmail: 'l***i@example.com',
    });
    await tickets.handleReply(customerText('telegram:2', '好的'));
    expect(await tickets.contactEmail('UP-20261125-0001')).toBeUndefined();
    expect(await store.get(ticketKeys.ticket('UP-20261125-0001'))).toMatchObject({
      emailOnFile: true,
      maskedEmail: 'l***i@example.com',
    });
  });
});
