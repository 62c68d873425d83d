/** What the desk itself tells customers (the engine says the rest). */
export type DeskLanguage = 'zh' | 'en';

export interface DeskTextParams {
  hours?: string;
  maskedEmail?: string;
  reference?: string;
  replyHours?: number;
}

type Text = (p: DeskTextParams) => string;

const en = {
  deskDelayed: () =>
    'Our agents’ desk is not reachable right now. Your request is saved and will reach them as soon as it is back — you do not need to ask again.',
  offerOutsideHours: (p) => `Our agents work ${p.hours ?? ''}, so nobody can join right now.`,
  offerTimeout: () => 'I am sorry nobody could join in time.',
  offerKnownEmail: (p) =>
    `Instead of waiting, we can open an email ticket and reply to ${p.maskedEmail ?? ''} within ${p.replyHours ?? 24} hours. Shall I do that?`,
  offerAskEmail: (p) =>
    `Instead of waiting, we can open an email ticket and reply within ${p.replyHours ?? 24} hours. Please type the email address we should write to, or “no”.`,
  buttonUseEmail: (p) => `Yes, use ${p.maskedEmail ?? ''}`,
  buttonOtherEmail: () => 'Use another email',
  buttonNoTicket: () => 'No, thanks',
  askEmail: () => 'Please type the email address we should write to.',
  badEmail: () => 'That does not look like an email address. Please type it again, or “no”.',
  ticketCreated: (p) =>
    `Done: your case reference is ${p.reference ?? ''}. We will email ${p.maskedEmail ?? ''} within ${p.replyHours ?? 24} hours. Please quote the reference if you contact us again.`,
  ticketDeclined: () => 'All right, no ticket. I am still here if you need anything else.',
} satisfies Record<string, Text>;

export type DeskTextKey = keyof typeof en;

const zh: Record<DeskTextKey, Text> = {
  deskDelayed: () => '人工客服工作台暂时无法连接。您的请求已保存，恢复后会立即转给客服，无需重复提交。',
  offerOutsideHours: (p) => `人工客服的服务时间是 ${p.hours ?? ''}，现在暂时无法接入。`,
  offerTimeout: () => '抱歉，暂时没有客服能及时接入。',
  offerKnownEmail: (p) =>
    `您无需继续等待：我们可以为您创建邮件工单，并在 ${p.replyHours ?? 24} 小时内回复到 ${p.maskedEmail ?? ''}。需要为您创建吗？`,
  offerAskEmail: (p) =>
    `您无需继续等待：我们可以为您创建邮件工单，并在 ${p.replyHours ?? 24} 小时内回复。请输入接收回复的邮箱地址，或回复“不用”。`,
  buttonUseEmail: (p) => `好的，发到 ${p.maskedEmail ?? ''}`,
  buttonOtherEmail: () => '使用其他邮箱',
  buttonNoTicket: () => '不用了',
  askEmail: () => '请输入接收回复的邮箱地址。',
  badEmail: () => '这似乎不是有效的邮箱地址，请重新输入，或回复“不用”。',
  ticketCreated: (p) =>
    `已为您创建工单，编号 ${p.reference ?? ''}。我们会在 ${p.replyHours ?? 24} 小时内发邮件到 ${p.maskedEmail ?? ''}。再次联系我们时请提供该编号。`,
  ticketDeclined: () => '好的，不创建工单。如有其他问题，我随时为您服务。',
};

export function deskText(language: DeskLanguage, key: DeskTextKey, params: DeskTextParams = {}): string {
  return (language === 'zh' ? zh : en)[key](params);
}
