/**
 * zh-CN: what the agents' desk itself tells customers (outage notice, email-ticket offer and its answers).
 * en/desk.ts must carry the same ids and placeholders.
 */
export const DESK = {
  'desk.delayed': '人工客服工作台暂时无法连接。您的请求已保存，恢复后会立即转给客服，无需重复提交。',
  'desk.offer_outside_hours': '人工客服的服务时间是 {hours}，现在暂时无法接入。',
  'desk.offer_timeout': '抱歉，暂时没有客服能及时接入。',
  'desk.offer_known_email':
    '您无需继续等待：我们可以为您创建邮件工单，并在 {replyHours} 小时内回复到 {maskedEmail}。需要为您创建吗？',
  'desk.offer_ask_email':
    '您无需继续等待：我们可以为您创建邮件工单，并在 {replyHours} 小时内回复。请输入接收回复的邮箱地址，或回复“不用”。',
  'desk.button_use_email': '好的，发到 {maskedEmail}',
  'desk.button_other_email': '使用其他邮箱',
  'desk.button_no_ticket': '不用了',
  'desk.ask_email': '请输入接收回复的邮箱地址。',
  'desk.bad_email': '这似乎不是有效的邮箱地址，请重新输入，或回复“不用”。',
  'desk.ticket_created':
    '已为您创建工单，编号 {reference}。我们会在 {replyHours} 小时内发邮件到 {maskedEmail}。再次联系我们时请提供该编号。',
  'desk.ticket_declined': '好的，不创建工单。如有其他问题，我随时为您服务。',
} as const;
