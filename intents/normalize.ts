/**
 * Text normalisation applied to every message before classification (never before entity extraction,
 * which needs the original offsets): NFKC + full-width → half-width, Traditional → Simplified Chinese
 * (mainland forms), lower-case, emoji and most symbols removed, whitespace collapsed and trimmed.
 */
import * as OpenCC from 'opencc-js';

/** Full-width ASCII (U+FF01–U+FF5E) → ASCII, ideographic space (U+3000) → space. Other characters untouched. */
export function toHalfWidth(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else out += text[i];
  }
  return out;
}

/**
 * OpenCC 'tw' → 'cn' converts characters only. The 'twp' preset also rewrites phrases but over-converts
 * (查詢 → 查找), and every preset keeps 帳 as 帐 (帳戶 → 帐户). So: characters with 'tw' (which gives 着,
 * not 著 like 'hk'), then a small fix-up map for account/support vocabulary that differs in Taiwan/Hong Kong.
 * 帐 becomes 账 (mainland standard for accounts and bills) except where 帐 means a curtain or tent; this
 * also folds the common simplified typo 帐户 into 账户.
 */
const FIX_UPS: Record<string, string> = {
  帐: '账',
  登入: '登录',
  网路: '网络',
  资讯: '信息',
  软体: '软件',
  简讯: '短信',
  讯息: '信息',
  帐篷: '帐篷',
  蚊帐: '蚊帐',
  营帐: '营帐',
  帐幕: '帐幕',
  帐子: '帐子',
};
const FIX_UP_PATTERN = new RegExp(
  Object.keys(FIX_UPS)
    .sort((a, b) => b.length - a.length)
    .join('|'),
  'g',
);

type ConvertText = (text: string) => string;
/** opencc-js's own typings do not resolve under NodeNext (extensionless re-exports), so type the one call we use. */
const buildConverter: (options: { from: string; to: string }) => ConvertText = OpenCC.Converter;

let converter: ConvertText | undefined;
function getConverter(): ConvertText {
  const existing = converter ?? buildConverter({ from: 'tw', to: 'cn' });
  converter = existing;
  return existing;
}

function toSimplified(text: string): string {
  return getConverter()(text).replace(FIX_UP_PATTERN, (word) => FIX_UPS[word] ?? word);
}

/** Any Han character (CJK unified ideographs and extensions, compatibility ideographs). */
const HAN = /\p{Script=Han}/u;
/** Apostrophes inside words are dropped (don't → dont, i’m → im). */
const APOSTROPHE_IN_WORD = /(?<=\p{L})['’`](?=\p{L})/gu;
/** Keep letters, combining marks, digits, whitespace, and `.`/`,` between digits (299.00, 2,000). */
const SYMBOLS = /(?<=\d)([.,])(?=\d)|[^\p{L}\p{M}\p{N}\s]/gu;
const SPACES = /\s+/g;

/** Normalise one message for the classifier. Cheap: one shared OpenCC converter, skipped for non-Han text. */
export function normalize(text: string): string {
  let out = text.normalize('NFKC');
  out = toHalfWidth(out);
  if (HAN.test(out)) out = toSimplified(out);
  out = out.toLowerCase();
  out = out.replace(APOSTROPHE_IN_WORD, '');
  out = out.replace(SYMBOLS, (_match, digitSeparator: string | undefined) => digitSeparator ?? ' ');
  return out.replace(SPACES, ' ').trim();
}
