/**
 * zh-CN: what the guided flows say — shared replies, forgot_password, account_frozen, check_balance and
 * transaction_history (the transaction flows are in transactions.ts). en/flows.ts carries the same ids.
 */
export const FLOWS = {
  'common.outage': '抱歉，钱包系统暂时连接不上，我现在没法帮你查询或操作。我已为你转接人工客服，请稍候 🙏',
  'common.rejected': '抱歉，这一步系统没有办成。我为你转接人工客服继续处理。',
  'common.not_found': '抱歉，我没有查到相关的账户信息。我为你转接人工客服帮你看看。',
  'common.handoff_soon': '我正在为你转接人工客服，请稍候。',
  'common.reprompt': '不好意思，我没看明白。请点下面的按钮选一个：',
  'common.button_human': '转人工',

  'forgot_password.sent':
    '好的，我已经把重置密码的链接通过{channel, select, sms {短信} other {邮件}}发到 {sentTo} 了 📩',
  'forgot_password.resent': '已重新通过{channel, select, sms {短信} other {邮件}}发送到 {sentTo}，请再看一下。',
  'forgot_password.steps':
    '按这几步就能重置：\n1. 在登录界面点击“忘记密码”\n2. 输入注册时的手机号或邮箱\n3. 系统会发送验证码\n4. 输入验证码后重置密码\n5. 用新密码登录\n验证码只在 app 里输入，不要告诉任何人（包括客服）。',
  'forgot_password.ask_received': '收到了吗？',
  'forgot_password.button_got_it': '收到了',
  'forgot_password.button_not_received': '没收到',
  'forgot_password.finished': '太好了！按上面的步骤设置新密码就可以登录了。还有问题随时找我 😊',
  'forgot_password.tips_sms':
    '别着急，可以先检查一下：\n• 号码 {sentTo} 是不是你现在在用的（不是的话请选“转人工”）\n• 短信有没有被拦截到垃圾短信里\n• 信号不好时可能晚一两分钟到\n还可以重新发送 {resendsLeft} 次。',
  'forgot_password.tips_email':
    '别着急，可以先检查一下：\n• 邮箱 {sentTo} 是不是你现在在用的（不是的话请选“转人工”）\n• 邮件有没有进垃圾邮件/广告邮件文件夹\n• 有时会晚几分钟到\n还可以重新发送 {resendsLeft} 次。',
  'forgot_password.button_resend': '重新发送',
  'forgot_password.giving_up': '抱歉，重发了几次还是没收到。我为你转接人工客服，他们会核实身份后帮你重置密码。',
  'forgot_password.to_human': '好的，我为你转接人工客服，他们会核实身份后帮你重置密码。',

  'account_frozen.frozen_for.too_many_password_attempts':
    '你的账户因为密码输错次数过多被临时冻结了，这是为了保护你的资金安全。',
  'account_frozen.frozen_for.customer_requested': '你的账户是按你之前的申请冻结的。',
  'account_frozen.offer_unfreeze': '你已经通过身份验证，现在就可以解冻。要解冻吗？',
  'account_frozen.button_unfreeze': '立即解冻',
  'account_frozen.button_keep': '暂不解冻',
  'account_frozen.unfrozen': '解冻成功 ✅ 你的账户已恢复正常，可以正常使用了。',
  'account_frozen.password_tip':
    '小提示：如果记不清密码，建议直接重置，不要反复尝试，再次输错多次账户会被重新冻结。需要我现在发重置链接吗？',
  'account_frozen.refreeze_tip': '以后如需再次冻结，可以在 app 的“我的 → 账户与安全”里操作，或随时找我。',
  'account_frozen.button_reset': '重置密码',
  'account_frozen.button_remember': '不用了，我记得',
  'account_frozen.kept': '好的，账户保持冻结。需要解冻时随时找我。',
  'account_frozen.all_good': '好的！还有问题随时找我 😊',
  'account_frozen.kyc':
    '你的实名认证已过期，需要重新上传证件，账户才能恢复使用（这一步我没法直接帮你解冻）。在 app 里这样操作：\n1. 打开 upay，进入“我的 → 账户与安全 → 实名认证”\n2. 点击“重新上传证件”\n3. 按提示拍摄身份证正反面\n4. 提交后等待审核，通常 1 个工作日内完成\n审核通过后账户会自动解冻。',
  'account_frozen.review': '你的账户正在进行安全审核，这一步需要专人处理，我没法直接解冻。我现在为你转接人工客服。',
  /** Legal hold and anything else we must not explain: no reason given. */
  'account_frozen.needs_colleague': '你的账户需要由专人为你处理，我没法在这里直接解冻。我现在为你转接人工客服。',
  'account_frozen.locked': '你的账户目前处于保护性锁定状态，需要安全团队和你核实后才能解锁。我现在为你转接人工客服。',
  'account_frozen.closed': '这个账户已经注销，我没法在这里恢复。我为你转接人工客服。',
  'account_frozen.not_frozen': '我查了一下，你的账户是正常状态，没有被冻结 👍 具体遇到了什么问题？',
  'account_frozen.button_fine': '没事了',

  'check_balance.balance': '你的 upay 余额是 {money}（截至{asOf}）。',

  'transaction_history.first': '最近的交易记录：',
  'transaction_history.next': '更早的交易记录：',
  'transaction_history.empty': '你的账户里还没有交易记录。',
  'transaction_history.end': '以上就是全部交易记录了。',
  'transaction_history.button_more': '更多',
  'transaction_history.anything_else': '好的。还有什么可以帮你？',
} as const;
