import type { Language } from '../../intents/types.ts';

/** Maps a platform locale (zh-CN, zh_TW, en-US, en) to a reply language; undefined for others. */
export function languageFromLocale(locale: string | undefined): Language | undefined {
  if (!locale) return undefined;
  const lower = locale.toLowerCase();
  if (lower.startsWith('zh')) return 'zh';
  if (lower.startsWith('en')) return 'en';
  return undefined;
}

/**
 * True when a message says something about its language: any CJK character, or a latin word.
 * Codes, phone numbers, amounts and emoji keep the previous language.
 */
export function carriesLanguage(text: string): boolean {
  if (/[\u3400-\u9fff\uf900-\ufaff]/u.test(text)) return true;
  const withoutEmails = text.replace(/\S+@\S+/gu, ' ');
  return /[A-Za-z\uff21-\uff3a\uff41-\uff5a]{2,}/u.test(withoutEmails);
}

/** `/lang zh`, `/lang en`, `/lang auto`, also 中文 / English / 英文. */
export function parseLanguageArg(arg: string | undefined): Language | 'auto' | undefined {
  const a = (arg ?? '').trim().toLowerCase();
  if (['zh', 'zh-cn', 'cn', 'chinese', '中文', '汉语', '简体中文'].includes(a)) return 'zh';
  if (['en', 'en-us', 'english', '英文', '英语'].includes(a)) return 'en';
  if (['auto', 'reset', '自动'].includes(a)) return 'auto';
  return undefined;
}

/** Chooses this turn's reply language: pinned wins; otherwise the message's language when it has one. */
export function replyLanguage(current: { language: Language; languagePinned: boolean }, detected: Language | undefined): Language {
  if (current.languagePinned || !detected) return current.language;
  return detected;
}
