/** The texts the sandbox wallet "sends" to customers (kept in its outbox). */

export function otpText(lang: 'zh' | 'en', code: string): string {
  return lang === 'zh'
    ? `【upay】您的验证码是 ${code}，5分钟内有效。请勿告诉任何人，upay 员工不会向您索要验证码。`
    : `upay: your verification code is ${code}. It expires in 5 minutes. Never share it — upay staff will never ask for it.`;
}

export function resetText(lang: 'zh' | 'en', link: string): string {
  return lang === 'zh'
    ? `【upay】请点击链接重置支付密码：${link}（30分钟内有效）。如非本人操作请忽略。`
    : `upay: reset your password here: ${link} (valid for 30 minutes). If this wasn't you, ignore this message.`;
}
