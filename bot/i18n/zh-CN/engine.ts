/**
 * zh-CN: what the engine itself says (greeting, help, clarification, commands, verification, handoff).
 * Templates: bot/i18n/format-message.ts. en/engine.ts must carry the same ids and placeholders.
 */
export const ENGINE = {
  welcome:
    '您好，我是 upay 智能客服。我可以帮您处理：忘记密码、账户冻结、付款失败、不认识的交易、查询余额和交易记录，也可以解答手续费、支付方式和账户安全等问题。请问有什么可以帮您？',
  welcome_back: '欢迎回来！请问有什么可以帮您？',
  help: '我可以帮您：忘记密码、账户冻结、付款失败、不认识的交易、余额和交易记录、手续费、支付方式、注册和账户安全。直接输入问题，或选择下面的主题。命令：/cancel 取消，/human 转人工，/lang zh|en 切换语言。',
  fallback: '抱歉，我没太明白您的意思。我可以帮您处理这些问题：',
  clarify: '想确认一下，您指的是哪一个？',
  'clarify.button_none': '都不是',
  'clarify.none_answer': '抱歉没能理解您的问题。可以换个说法再说一次，或者转人工客服。',
  // After a help-article passage (its reply's id is article:<articleId>): the question and its two buttons.
  'article.ask': '这有帮助吗？',
  'article.button_yes': '有帮助',
  'article.button_no': '没帮助',
  'article.helpful': '很高兴能帮到您！还有什么可以帮您的吗？',
  nothing_to_cancel: '当前没有需要取消的操作。请问还有什么可以帮您？',
  cancelled: '好的，已取消。还有什么可以帮您？',
  'lang.pinned': '好的，之后我会用中文回复您。',
  'lang.choose': '请选择语言：',
  // Each language named in itself, in both locales: whoever cannot read the current one still finds theirs.
  'lang.button_zh': '中文',
  'lang.button_en': 'English',
  'lang.auto': '好的，我会用您输入的语言回复。',
  unsupported_input: '抱歉，我目前只能看懂文字消息，请用文字描述您的问题。',
  message_too_long: '您的消息较长，我只读取了前 {maxChars} 个字。如果后面还有重要内容，请分成较短的消息再发给我。',
  stale_button: '这个按钮已经失效了。请问有什么可以帮您？',
  error: '抱歉，系统开了个小差，请稍后再试。',
  busy: '我还在处理您上一条消息，请几秒后再发一次。',
  wallet_outage: '抱歉，账户系统暂时没有响应，这次操作没能完成，也不会被重复执行。我已把您的问题转给客服团队。',
  'flow.state_dropped': '抱歉，客服系统刚刚升级，我没能接上之前的进度。麻烦您再告诉我一次需要办理什么？',
  'flow.resume': '我们继续刚才的步骤：',
  'flow.switched': '好的，我们先处理这个问题。',
  group_chat: '为了您的账户安全，我不能在群聊中查看账户信息。请私聊我，我会在私聊中继续为您处理。',
  sensitive_warning:
    '请不要在聊天中发送密码、完整银行卡号或身份证号——upay 工作人员绝不会向您索要这些信息。我已从记录中删除了这部分内容。如果您在别处泄露过密码，请尽快修改。',
  contact_us:
    '您也可以拨打客服热线 {hotline}（{hours}），发邮件到 {email}（{emailReplyHours} 小时内回复），或通过{social}联系我们。',

  'button.look_into_my_case': '帮我查我的账户',
  'button.send_reset_link': '给我发重置链接',
  'button.human': '转人工客服',
  'button.cancel': '取消',
  'topic.forgot_password': '忘记密码',
  'topic.account_frozen': '账户被冻结',
  'topic.payment_failed': '付款失败',
  'topic.unrecognized_transaction': '不认识的交易',
  'topic.check_balance': '查询余额',
  'topic.human': '人工客服',

  'verify.ask_identifier': '为了确认是您本人，请输入您 upay 账户绑定的手机号或邮箱。',
  'verify.identifier_invalid': '这看起来不像手机号或邮箱地址。请输入您绑定的手机号（例如 138 0000 1001）或邮箱。',
  'verify.code_sent':
    '如果 {sentTo} 已注册 upay，我们刚刚向它发送了 6 位验证码，请在这里输入（{minutes} 分钟内有效）。请勿把验证码告诉任何人。',
  'verify.ask_code': '请输入我们发送给您的 6 位验证码。',
  'verify.code_wrong': '验证码不正确，您还可以再试 {attemptsLeft} 次。',
  'verify.code_expired': '验证码已过期，需要重新发送吗？',
  'verify.code_resent': '如果 {sentTo} 已注册 upay，新的验证码已发出，请在这里输入。',
  'verify.resend_limit': '抱歉，目前无法再发送验证码。',
  'verify.too_many_attempts': '验证码错误次数过多，为了您的账户安全，本次验证已停止。',
  'verify.verified': '谢谢，身份验证成功。',
  'verify.expired': '为了您的账户安全，请重新验证身份。',
  'verify.button_resend': '重新发送验证码',
  'verify.button_other_identifier': '换一个手机号/邮箱',

  /** {contact} is contact_us, filled in by the engine. */
  'handoff.requested': '我会把您的问题转给人工客服团队。{contact}',
  // handoff.queued, then queue_next or queue_ahead, queue_wait and keep_writing when known, as sentences.
  'handoff.queued': '已为您转接人工客服。',
  'handoff.queue_next': '下一位就是您。',
  'handoff.queue_ahead': '您前面还有 {ahead} 位客户。',
  'handoff.queue_wait': '预计等待约 {minutes} 分钟。',
  'handoff.keep_writing': '等待期间您可以继续在这里留言。',
  'handoff.desk_delayed':
    '已记录您的转人工请求。客服工作台暂时响应较慢，请求稍后会送达客服，无需重复提交。等待期间您可以继续在这里留言。',
  'handoff.outside_hours': '抱歉，现在暂时没有客服可以接入。{contact}',
  'handoff.already_queued': '您已在等待人工客服，客服会尽快加入对话。',
  'handoff.repeated_misunderstanding': '抱歉，我一直没能理解您的问题，我请人工客服来帮您。',
  'handoff.urgent': '这个问题比较紧急，我已为您标记为优先处理。',
  'handoff.agent_joined': 'upay 客服 {agentName} 已加入对话。',
  'handoff.agent_left_resolved': '客服已结束对话。如还有其他问题，我随时为您服务。',
  'handoff.agent_returned': '客服已把对话交还给我，我们继续。',
  'handoff.expired':
    '抱歉，暂时没有客服能及时接入。请发邮件到 {email}，我们会在 {emailReplyHours} 小时内回复；或拨打 {hotline}（{hours}）。',
  'handoff.left_queue': '好的，已为您取消人工排队。有需要随时找我。',
  'rating.ask': '请为本次服务打分（1 = 很不满意，5 = 非常满意）：',
  'rating.thanks': '感谢您的评价！',
} as const;
