/**
 * End to end outside business hours: the real engine on Telegram (fake Bot API) asks for a human
 * while no agent works; the engine itself offers an email ticket (one message, nothing contradicting
 * it later), the customer types an address and gets a case reference; the ticket is stored and
 * noted on the Slack case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../bot/engine/handoff.ts';
import { ticketKeys, type TicketRecord } from '../../bot/handoff/tickets.ts';
import { startTelegramSlackRig, type TelegramSlackRig } from './telegram-slack-rig.ts';

const CHAT = 515151;
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

let rig: TelegramSlackRig;

beforeAll(async () => {
  const notToday = DAYS[(new Date().getUTCDay() + 3) % 7];
  rig = await startTelegramSlackRig({
    tgToken: '123456:TEST-handoff-hours',
    chat: CHAT,
    env: { BUSINESS_HOURS: `${notToday} 00:00-24:00 UTC` },
  });
}, 60_000);

afterAll(async () => {
  await rig?.close();
});

async function customerSays(text: string): Promise<void> {
  await rig.customerSays(text);
  await rig.settle();
}

describe('outside business hours', () => {
  it('offers an email ticket instead of waiting and gives a case reference', async () => {
    await customerSays('I want to talk to a human agent');
    const caseId = (await rig.store.get<string>(`handoff:conv:telegram:${CHAT}`)) ?? '';
    expect(caseId).not.toBe('');
    // exactly one consistent message: the offer, no "you are number N", no later "sorry, expired"
    expect(rig.tg.sentTexts(CHAT)).toEqual([
      expect.stringMatching(
        /^Our agents work .+, so nobody can join right now\. Instead of waiting, we can open an email ticket .+Please type the email address we should write to, or “no”\.$/u,
      ),
    ]);
    expect(rig.tg.sentTexts(CHAT).join('\n')).not.toMatch(/asked a human agent|in the queue|no agent could take/);
    expect((await rig.store.get<CaseRecord>(`case:${caseId}`))?.state).toBe('expired');
    expect((await rig.store.get<{ handoff: { state: string } }>(`conv:telegram:${CHAT}`))?.handoff.state).toBe(
      'expired',
    );
    expect((await rig.handoff.desk.get(caseId))?.outsideHours).toBe(true);

    await customerSays('zhang.san@example.com');
    expect(rig.tg.sentTexts(CHAT)).toHaveLength(2);
    const reply = rig.tg.sentTexts(CHAT).at(-1) ?? '';
    expect(reply).toMatch(/^Done: your case reference is UP-\d{8}-\d{4}\./u);
    const reference = /UP-\d{8}-\d{4}/.exec(reply)?.[0];
    expect(reference).toBeDefined();
    expect(reply).toContain('z***n@example.com');
    const ticket = await rig.store.get<TicketRecord>(ticketKeys.ticket(reference!));
    expect(ticket).toMatchObject({
      caseId,
      maskedEmail: 'z***n@example.com',
      emailOnFile: false,
      reason: 'outside_hours',
    });
    // The typed address is kept apart from the ticket record (for as long as the ticket needs it).
    expect(await rig.store.get(ticketKeys.contact(reference!))).toMatchObject({
      caseId,
      email: 'zhang.san@example.com',
    });
    expect(rig.slack.messages.some((m) => m.text.includes(reference!))).toBe(true);

    // afterwards the bot answers normally again
    await customerSays('what are the fees?');
    expect(rig.tg.sentTexts(CHAT)).toHaveLength(3);
    expect(rig.tg.sentTexts(CHAT).at(-1)).not.toContain('UP-');
    expect(rig.tg.sentTexts(CHAT).at(-1)).toMatch(/fee/i);
    // nothing arrives later (the desk sends no notice of its own)
    await new Promise((resolve) => setTimeout(resolve, 400));
    await rig.handoff.idle();
    expect(rig.tg.sentTexts(CHAT)).toHaveLength(3);
  });
});
