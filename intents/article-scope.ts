/**
 * Questions about another company's product ("how do I turn off Instagram notifications", 微信怎么改语言) share
 * their words with upay's articles but are not about upay: a passage would answer the wrong product. A message
 * naming another app, bank, card network or device maker, and not upay itself, is not answered from articles
 * (it still reaches the intents and the fallback). The lists are general knowledge, not tuned per question.
 */

const OTHER_PROVIDERS_ZH = [
  // apps and platforms
  '微信', '支付宝', '淘宝', '天猫', '京东', '美团', '饿了么', '抖音', '快手', '拼多多', '小红书', '微博', 'qq', '百度',
  '滴滴', '携程', '闲鱼', '云闪付', '银联', '花呗', '借呗', '白条', '财付通', '网易', '腾讯', '阿里',
  // banks (full and short names)
  '招商银行', '工商银行', '建设银行', '农业银行', '中国银行', '交通银行', '邮储银行', '邮政储蓄', '浦发银行', '民生银行',
  '兴业银行', '光大银行', '中信银行', '平安银行', '华夏银行', '广发银行', '招行', '工行', '建行', '农行', '中行', '交行',
  // devices and operating systems
  '苹果手机', '苹果', '华为', '小米', 'oppo', 'vivo', '荣耀', '三星', 'iphone', 'ipad', 'windows',
];
const OTHER_PROVIDERS_EN = [
  'wechat', 'alipay', 'taobao', 'paypal', 'venmo', 'cash app', 'cashapp', 'zelle', 'revolut', 'monzo',
  'google pay', 'apple pay', 'samsung pay', 'netflix', 'spotify', 'instagram', 'facebook', 'whatsapp',
  'tiktok', 'snapchat', 'reddit', 'twitter', 'youtube', 'gmail', 'hotmail', 'amazon', 'ebay', 'uber', 'lyft',
  'airbnb', 'booking.com', 'kindle', 'windows', 'macbook', 'iphone', 'ipad', 'android phone', 'chase', 'barclays',
  'hsbc', 'lloyds', 'natwest', 'santander', 'citibank', 'wells fargo', 'bank of america', 'capital one',
  'mastercard', 'amex', 'american express',
];

/** Words that put the question back on upay even when another provider is named (top up from Alipay…). */
const OUR_NAMES = /upay|优付|u\s?pay/i;

const LATIN = new RegExp(`(?<![a-z])(?:${OTHER_PROVIDERS_EN.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![a-z])`, 'i');

/** True when the (normalised) question names another provider and not upay. */
export function namesOtherProvider(normalizedText: string): boolean {
  if (OUR_NAMES.test(normalizedText)) return false;
  return OTHER_PROVIDERS_ZH.some((w) => normalizedText.includes(w)) || LATIN.test(normalizedText);
}
