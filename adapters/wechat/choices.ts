import type { Store } from '../../bot/store/types.ts';
import type { Reply } from '../../bot/core/messages.ts';
import { renderNumberedChoices } from '../shared/numbered-choices.ts';
import { renderPlainText } from '../shared/render/plain-text.ts';

const CHOICES_TTL_MS = 24 * 3600_000;
const choicesKey = (conversationId: string): string => `wechat:choices:${conversationId}`;

/**
 * WeChat has no buttons: the last reply with buttons is shown as numbered choices and its values
 * remembered, so that a bare "2" from the customer becomes the second button's action.
 * Earlier replies' buttons in the same answer are listed without numbers.
 */
export async function renderWithChoices(store: Store, conversationId: string, replies: Reply[]): Promise<string[]> {
  const lastWithButtons = replies.findLastIndex((r) => Boolean(r.buttons?.length));
  const texts = replies.map((r, i) => {
    // WeChat shows no formatting: Markdown answers as clean text (lists kept, emphasis dropped).
    const text = renderPlainText(r);
    if (!r.buttons?.length) return text;
    if (i === lastWithButtons) return renderNumberedChoices({ ...r, text });
    return `${text}\n\n${r.buttons.map((b) => `• ${b.label}`).join('\n')}`;
  });
  if (lastWithButtons >= 0) {
    const values = (replies[lastWithButtons]?.buttons ?? []).map((b) => b.value);
    await store.set(choicesKey(conversationId), values, { ttlMs: CHOICES_TTL_MS });
  }
  return texts;
}

/** The button value for a bare number answer ("2", "２", "2."), consuming the remembered choices. */
export async function resolveChoice(store: Store, conversationId: string, text: string): Promise<string | undefined> {
  // Trimmed first: "\s*[.。、)）]?\s*$" split a run of trailing spaces every way (quadratic on "2" + spaces + "x").
  const m = /^(\d{1,2})\s*[.。、)）]?$/u.exec(text.normalize('NFKC').trim());
  if (!m) return undefined;
  const values = await store.get<unknown>(choicesKey(conversationId));
  if (!Array.isArray(values)) return undefined;
  const value: unknown = values[Number(m[1]) - 1];
  if (typeof value !== 'string') return undefined;
  await store.delete(choicesKey(conversationId));
  return value;
}
