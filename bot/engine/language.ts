import type { Language } from '../../intents/types.ts';

/** Maps a platform locale (zh-CN, zh_TW, en-US, en) to a reply language; undefined for others. */
export function languageFromLocale(locale: string | undefined): Language | undefined {
  if (!locale) return undefined;
  const lower = locale.toLowerCase();
  if (lower.startsWith('zh')) return 'zh';
  if (lower.startsWith('en')) return 'en';
  return undefined;
}

/** A whitespace-delimited token: nothing removed below spans whitespace, so each token is handled alone. */
const TOKEN = /\S+/gu;
const LINK_OR_ID = /https?:\/\/\S+|\b[A-Za-z]*\d[\w-]*\b/gu;

/**
 * What `\S+@\S+` matched, without its quadratic scan (every start ran to the end of the run): a token with
 * an '@' that has a character before and after it is an e-mail address, and goes whole.
 */
function isEmailLike(token: string): boolean {
  const at = token.indexOf('@', 1);
  return at > 0 && at < token.length - 1;
}

/**
 * The language a message is written in, or undefined when it says nothing about it. Emails, links
 * and ids (T1001B) do not count. Any Chinese character makes it Chinese ("app的password忘了"): a customer
 * who mixes in English words still reads Chinese best, unless they chose English: a platform locale `en`
 * (`chosen`) keeps mixed text ("my payment at 京东商城 failed") English; /lang wins over all of this anyway.
 */
export function messageLanguage(text: string, chosen?: Language): Language | undefined {
  const words = text.replace(TOKEN, (token) => (isEmailLike(token) ? ' ' : token.replace(LINK_OR_ID, ' ')));
  const han = /[\u3400-\u9fff\uf900-\ufaff]/u.test(words);
  const latin = /[A-Za-z\uff21-\uff3a\uff41-\uff5a]{2,}/u.test(words);
  if (han && latin && chosen === 'en') return 'en';
  if (han) return 'zh';
  if (latin) return 'en';
  return undefined;
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
export function replyLanguage(
  current: { language: Language; languagePinned: boolean },
  detected: Language | undefined,
): Language {
  if (current.languagePinned || !detected) return current.language;
  return detected;
}
