import { describe, expect, it } from 'vitest';
import {
  conversationKey,
  loadConversation,
  loadTranscript,
  newConversation,
  parseConversation,
  saveConversation,
  type Conversation,
  type TranscriptLine,
} from '../../bot/engine/conversation.ts';
import { conversationOfTranscriptPage, transcriptPageKey } from '../../bot/engine/transcript-pages.ts';
import { silentLogger } from '../../bot/logger.ts';
import { forgetCustomer } from '../../bot/privacy/forget.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import type { Store } from '../../bot/store/types.ts';
import { recordingLogger } from '../support/logger.ts';
import { createHarness } from './fakes.ts';

const AT = new Date('2026-11-25T10:00:00Z');
const TTL_MS = 86_400_000;
const line = (i: number, from: TranscriptLine['from'] = 'customer'): TranscriptLine => ({
  from,
  text: `line ${i}`,
  at: new Date(AT.getTime() + i * 1000).toISOString(),
});

async function keys(store: Store, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const k of store.keys(prefix)) out.push(k);
  return out.sort();
}

describe('conversation transcript pages', () => {
  it('a save moves full pages of the oldest lines out of the record; the transcript reads back whole and in order', async () => {
    const store = createMemoryStore();
    const conv = newConversation('telegram:1', 'telegram', 'zh', AT);
    conv.transcript = Array.from({ length: 25 }, (_, i) => line(i));
    await saveConversation(store, conv, AT, TTL_MS, 50);
    const stored = await store.get<Conversation>(conversationKey('telegram:1'));
    expect(stored?.transcript.map((l) => l.text)).toEqual(['line 20', 'line 21', 'line 22', 'line 23', 'line 24']);
    expect(stored?.transcriptPages).toBe(2);
    expect(await keys(store, 'conv-transcript:')).toEqual([
      transcriptPageKey('telegram:1', 0),
      transcriptPageKey('telegram:1', 1),
    ]);
    const loaded = await loadConversation(store, 'telegram:1', silentLogger);
    expect(loaded && (await loadTranscript(store, loaded, 50, silentLogger)).map((l) => l.text)).toEqual(
      Array.from({ length: 25 }, (_, i) => `line ${i}`),
    );
  });

  it('a long conversation keeps only the pages its last transcriptLines lines need, and reads back those lines', async () => {
    const store = createMemoryStore();
    let conv = newConversation('telegram:2', 'telegram', 'zh', AT);
    for (let i = 0; i < 130; i++) {
      conv.transcript.push(line(i));
      await saveConversation(store, conv, AT, TTL_MS, 50);
      conv = (await loadConversation(store, 'telegram:2', silentLogger)) as Conversation;
      expect(conv.transcript.length).toBeLessThanOrEqual(10);
    }
    expect(conv.transcriptPages).toBe(12);
    // Pages 7–11 (50 lines) and the newest lines; older pages are deleted.
    expect(await keys(store, 'conv-transcript:')).toEqual(
      [7, 8, 9, 10, 11].map((n) => transcriptPageKey('telegram:2', n)).sort(),
    );
    const transcript = await loadTranscript(store, conv, 50, silentLogger);
    expect(transcript.map((l) => l.text)).toEqual(Array.from({ length: 50 }, (_, i) => `line ${80 + i}`));
  });

  it('a record of schema 1 (the whole transcript inline) is read as schema 2 and paged at its next save', async () => {
    const store = createMemoryStore();
    const v1 = {
      ...newConversation('telegram:3', 'telegram', 'zh', AT),
      schema: 1,
      transcript: Array.from({ length: 30 }, (_, i) => line(i)),
    } as Record<string, unknown>;
    delete v1.transcriptPages;
    const conv = parseConversation(v1, silentLogger, 'telegram:3');
    expect(conv).toMatchObject({ schema: 2, transcriptPages: 0 });
    expect(conv?.transcript).toHaveLength(30);
    if (!conv) return;
    await saveConversation(store, conv, AT, TTL_MS, 50);
    expect(conv.transcript).toHaveLength(10);
    expect((await loadTranscript(store, conv, 50, silentLogger)).map((l) => l.text)).toEqual(
      Array.from({ length: 30 }, (_, i) => `line ${i}`),
    );
  });

  it('a page that cannot be read is left out with a warning; an expired one silently; the newest lines are always there', async () => {
    const store = createMemoryStore();
    const conv = newConversation('telegram:4', 'telegram', 'zh', AT);
    conv.transcript = Array.from({ length: 25 }, (_, i) => line(i));
    await saveConversation(store, conv, AT, TTL_MS, 50);
    await store.set(transcriptPageKey('telegram:4', 0), { lines: 'not lines' });
    const log = recordingLogger('warn');
    const logger = log.logger;
    expect((await loadTranscript(store, conv, 50, logger)).map((l) => l.text)).toEqual(
      Array.from({ length: 15 }, (_, i) => `line ${10 + i}`),
    );
    expect(log.messages).toEqual(['transcript page unreadable; left out of the case']);
    await store.delete(transcriptPageKey('telegram:4', 1));
    expect((await loadTranscript(store, conv, 50, logger)).map((l) => l.text)).toEqual([
      'line 20',
      'line 21',
      'line 22',
      'line 23',
      'line 24',
    ]);
    // The bad page warned again; the missing one did not.
    expect(log.messages).toEqual([
      'transcript page unreadable; left out of the case',
      'transcript page unreadable; left out of the case',
    ]);
  });

  it('page keys name their conversation', () => {
    expect(conversationOfTranscriptPage(transcriptPageKey('webchat:ab:c', 7))).toBe('webchat:ab:c');
    expect(conversationOfTranscriptPage('conv:webchat:x')).toBeUndefined();
  });

  it('a case opened after a long chat carries the archived lines too', async () => {
    const h = createHarness({ withDesk: true });
    for (let i = 0; i < 8; i++) await h.say(`hello ${i}`);
    await h.say('human please');
    const opened = h.desk.opened.at(-1);
    const customerLines = opened?.transcript.filter((l) => l.from === 'customer').map((l) => l.text) ?? [];
    expect(customerLines.slice(0, 8)).toEqual(Array.from({ length: 8 }, (_, i) => `hello ${i}`));
    expect(opened?.transcript.length).toBeGreaterThan(10);
  });

  it('forget deletes the customer’s transcript pages, and nobody else’s', async () => {
    const store = createMemoryStore();
    for (const [id, customerId] of [
      ['telegram:5', 'C1001'],
      ['telegram:6', 'C1002'],
    ] as const) {
      const conv = newConversation(id, 'telegram', 'zh', AT);
      conv.identity = { verified: true, customerId, via: 'otp' };
      conv.transcript = Array.from({ length: 25 }, (_, i) => line(i));
      await saveConversation(store, conv, AT, TTL_MS, 50);
    }
    await forgetCustomer(store, 'C1001');
    expect(await keys(store, 'conv-transcript:')).toEqual([
      transcriptPageKey('telegram:6', 0),
      transcriptPageKey('telegram:6', 1),
    ]);
    expect(await store.get(conversationKey('telegram:5'))).toBeUndefined();
  });
});
