/**
 * The message catalogues: both locales carry the same ids (the type says so too; this also catches ids
 * shadowed across area files), every template parses, and a translation uses the same placeholders.
 */
import { describe, expect, it } from 'vitest';
import { ENGINE as EN_ENGINE } from '../../bot/i18n/en/engine.ts';
import { FLOWS as EN_FLOWS } from '../../bot/i18n/en/flows.ts';
import { TRANSACTIONS as EN_TRANSACTIONS } from '../../bot/i18n/en/transactions.ts';
import { placeholdersOf } from '../../bot/i18n/format-message.ts';
import { CATALOGS, isMessageId, sentences, text, type MessageId } from '../../bot/i18n/messages.ts';
import { ENGINE as ZH_ENGINE } from '../../bot/i18n/zh-CN/engine.ts';
import { FLOWS as ZH_FLOWS } from '../../bot/i18n/zh-CN/flows.ts';
import { TRANSACTIONS as ZH_TRANSACTIONS } from '../../bot/i18n/zh-CN/transactions.ts';

const ids = Object.keys(CATALOGS['zh-CN']) as MessageId[];

/** Placeholders one translation leaves out on purpose (the caller passes them for the other). */
const OMITTED: Partial<Record<MessageId, { locale: 'zh-CN' | 'en'; names: string[] }>> = {
  // "this one actually went through: ¥299.00 to 京东商城" needs no "payment"/"transfer".
  'payment_failed.success': { locale: 'en', names: ['verb'] },
};

describe('message catalogues', () => {
  it('zh-CN and en carry the same ids', () => {
    expect(Object.keys(CATALOGS.en).sort()).toEqual([...ids].sort());
    expect(ids.length).toBeGreaterThan(150);
  });

  it.each([
    ['zh-CN', [ZH_ENGINE, ZH_FLOWS, ZH_TRANSACTIONS]],
    ['en', [EN_ENGINE, EN_FLOWS, EN_TRANSACTIONS]],
  ] as const)('%s: no id is defined in two area files (a later one would silently win)', (_locale, areas) => {
    const all = areas.flatMap((area) => Object.keys(area));
    expect(all.length).toBe(new Set(all).size);
  });

  it('ids are lower-case words joined by dots', () => {
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z_]*(\.[a-z][a-z_]*)*$/);
  });

  it.each(ids)('%s: both translations parse, are not empty and use the same placeholders', (id) => {
    const zh = CATALOGS['zh-CN'][id];
    const en = CATALOGS.en[id];
    expect(zh.trim()).not.toBe('');
    expect(en.trim()).not.toBe('');
    const names = { 'zh-CN': [...placeholdersOf(zh)], en: [...placeholdersOf(en)] };
    const omitted = OMITTED[id];
    if (omitted) names[omitted.locale].push(...omitted.names);
    expect(names.en.sort(), `${id}\n  zh-CN: ${zh}\n  en: ${en}`).toEqual(names['zh-CN'].sort());
  });

  it('looks texts up by language and fills them', () => {
    expect(text('zh', 'verify.code_wrong', { attemptsLeft: 2 })).toBe('验证码不正确，您还可以再试 2 次。');
    expect(text('en', 'verify.code_wrong', { attemptsLeft: 2 })).toBe(
      'That code is not correct. You have 2 attempt(s) left.',
    );
    expect(isMessageId('fallback')).toBe(true);
    expect(isMessageId('toString')).toBe(false);
    expect(sentences('zh', ['一。', '二。'])).toBe('一。二。');
    expect(sentences('en', ['One.', 'Two.'])).toBe('One. Two.');
  });
});
