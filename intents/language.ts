/**
 * Language detection for zh/en messages, including mixed ones ("upay密码忘了", "my upay 账户 is frozen").
 *
 * Score: every Han character counts 1 for Chinese; every Latin word counts 2 for English (an English word
 * carries about as much as two Chinese characters). The brand name "upay" is language-neutral and ignored.
 * Ties go to Chinese, because a tie only happens when Chinese grammar carries English nouns
 * ("我的account被freeze了"). Text with neither (empty, digits, emoji, other scripts) gets `fallback`,
 * which defaults to 'zh', the language of most upay customers; callers pass the conversation's language.
 */
import type { Language } from './types.ts';

const HAN = /\p{Script=Han}/gu;
const LATIN_WORD = /\p{Script=Latin}+/gu;
const NEUTRAL_WORDS = new Set(['upay']);
const LATIN_WORD_WEIGHT = 2;

export function detectLanguage(text: string, fallback: Language = 'zh'): Language {
  const hanCount = text.match(HAN)?.length ?? 0;
  let latinWords = 0;
  for (const word of text.match(LATIN_WORD) ?? []) {
    if (!NEUTRAL_WORDS.has(word.toLowerCase())) latinWords++;
  }
  const enScore = latinWords * LATIN_WORD_WEIGHT;
  if (hanCount === 0 && enScore === 0) return fallback;
  return enScore > hanCount ? 'en' : 'zh';
}
