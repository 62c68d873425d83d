/**
 * The answers every renderer is tested on. The first five are real knowledge answers as the engine
 * sends them ({{values}} filled with the sample values of knowledge/values.yaml), frozen here so a
 * wording change in knowledge/ does not move these tests; `live.test.ts` renders the live files.
 * The rest is input a renderer must survive: markup, script links, broken Markdown, Chinese
 * punctuation next to bold, masked numbers, a long answer.
 */
export const FIXTURES = {
  /** knowledge/zh-CN/contact_support.md: a list, values, an e-mail address. */
  contactZh:
    '可以通过以下方式联系 upay 客服：\n- 📞 客服热线：400-000-0000 (sample)，服务时间：每天 9:00–21:00（北京时间）\n- 💬 在线客服：在 upay app 内直接咨询\n- 📧 邮件：support@upay.example，一般 24 小时内回复\n- 🌐 社交媒体：官方微信公众号「upay 示例」和官方微博（示例）\n\n联系时请准备好注册手机号和交易详情，方便客服快速处理。',
  /** knowledge/en/fees.md: bold inside a sentence and leading list items, a value. */
  feesEn:
    "Fees depend on the service and amount, and the app always shows any fee **before** you confirm:\n\n- **Payments and transfers:** the fee (if any) appears on the confirmation screen.\n- **Top-ups and withdrawals:** check the amount shown before you confirm.\n- **Failed payments:** if a debit fails, you normally aren't charged a fee.\n\nFor the full fee list or a fee you don't understand, contact support (400-000-0000 (sample) or in-app chat).",
  /** knowledge/en/security.md: an ordered list, a bold sentence. */
  securityEn:
    "Keeping your money safe is our top priority. upay protects you with:\n\n1. **Encryption** — data is sent over SSL so it can't be intercepted.\n2. **Two-factor verification** — important actions (like large transfers) need an SMS or email code.\n3. **Regular security checks** — we test and update our systems and fix weaknesses quickly.\n4. **Risk monitoring** — AI and big-data analysis watch for unusual transactions in real time.\n\nRemember: **upay will never ask for your password or verification codes.** Never share them with anyone, even someone claiming to be from upay.",
  /** knowledge/zh-CN/close_account.md: Chinese bold with full-width colons, both list kinds, values. */
  closeAccountZh:
    '注销前请先完成这几件事：\n1. **余额清零**：把余额全部提现到银行卡或用完（多币种余额也要清零）；\n2. **没有进行中的交易**：处理中的转账、退款、争议都已结束；\n3. **账户状态正常**：被冻结或受限的账户需先解除限制。\n\n**注销步骤：** 打开 **我的 → 设置 → 账户与安全 → 注销账户**，阅读说明后点「申请注销」，输入支付密码和短信验证码确认。我们会在 7 个工作日（示例） 内处理完成，结果会短信通知你。\n\n**注销后：**\n- 账户无法恢复，绑定的银行卡自动解绑，未用完的优惠券和红包作废；\n- 交易记录按法律要求保存 5 年（示例），但你将无法再登录查看，需要的话请先导出账单；\n- 原手机号可以重新注册一个全新的账户。\n\n注销不了或是代家人办理，请联系客服热线 400-000-0000 (sample)。',
  /** knowledge/zh-CN/card_binding_failed.md: bold labels with "/" inside, values. */
  cardBindingZh:
    '绑卡失败，按提示对照处理：\n- **信息不符/姓名或身份证不一致**：只能使用本人名下、与实名认证信息一致的银行卡（示例规则）；核对卡号、姓名、身份证号与银行登记的一致\n- **预留手机号不一致/收不到验证码**：填写在银行预留的手机号；换过号码请先到银行更新\n- **不支持该银行或卡种**：目前支持的卡以「添加银行卡」页面列出的为准，可以换一张卡试试\n- **未开通网上支付/卡片状态异常/已过期**：请联系发卡银行开通或处理\n- **该卡已被其他账户绑定**：先在原账户解绑\n- **超过最大数量**：每个账户最多绑定 10 张卡（示例），先解绑不用的卡\n\n网络和 app 版本也可能有影响，更新到最新版后再试。仍然失败，请把提示原文（不要发卡号）告诉客服：app 内在线客服或热线 400-000-0000 (sample)。',

  script: '<script>alert("x")</script> 请勿点击 <img src=x onerror=alert(1)>',
  links:
    '[点我领奖](javascript:alert(1)) 和 [帮助中心](https://upay.example/help?a=1&b=2) [相对](/admin) [电话](tel:+864000000000)',
  unbalanced: '**注意 余额 & 手续费 < 1% > 0 _还有 *半个',
  cjkPunctuation: '**客服热线：**400-000-0000（示例）。点击**「两步验证」**开关；**注意！**别告诉任何人。',
  masks: '已向 138****1001 和 139****2002 发送验证码，卡 ****1234，邮箱 l***i@example.com。',
  long: longAnswer(),
} as const;

export type FixtureName = keyof typeof FIXTURES;

/** About 3,000 characters: an ordered list of steps with bold labels, between paragraphs. */
function longAnswer(): string {
  const steps = Array.from(
    { length: 60 },
    (_, i) => `${i + 1}. **第 ${i + 1} 步**：打开 **我的 → 设置**，核对信息后点「下一步」，等待确认短信。`,
  );
  const paragraph =
    '如果任何一步失败，请先检查网络并更新 app，然后从失败的那一步重新开始；不要重复提交，以免重复扣款。';
  return [
    `按下面的步骤处理：`,
    steps.join('\n'),
    paragraph,
    paragraph,
    `仍有问题请联系 support@upay.example 或 https://upay.example/help 。`,
  ].join('\n\n');
}

/** The real knowledge answers among the fixtures (the first five). */
export const KNOWLEDGE_ANSWERS = [
  FIXTURES.contactZh,
  FIXTURES.feesEn,
  FIXTURES.securityEn,
  FIXTURES.closeAccountZh,
  FIXTURES.cardBindingZh,
] as const;

/** `FIXTURES.feesEn` as a text renderer writes it, given how the format marks bold (`**…**`). */
export function feesEnRendered(bold: (text: string) => string): string {
  return (
    `Fees depend on the service and amount, and the app always shows any fee ${bold('before')} you confirm:\n\n` +
    `• ${bold('Payments and transfers:')} the fee (if any) appears on the confirmation screen.\n` +
    `• ${bold('Top-ups and withdrawals:')} check the amount shown before you confirm.\n` +
    `• ${bold('Failed payments:')} if a debit fails, you normally aren't charged a fee.\n\n` +
    "For the full fee list or a fee you don't understand, contact support (400-000-0000 (sample) or in-app chat)."
  );
}
