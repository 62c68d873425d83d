import type { Language } from '../../intents/types.ts';

/** Facts some engine texts mention; filled from knowledge/values.yaml (contact group) and the handoff desk. */
export interface TextParams {
  hotline?: string;
  email?: string;
  hours?: string;
  social?: string;
  emailReplyHours?: number;
  sentTo?: string;
  attemptsLeft?: number;
  minutes?: number;
  agentName?: string;
  queuePosition?: number;
  expectedWaitMinutes?: number;
  topic?: string;
  flowName?: string;
  maxChars?: number;
}

type Text = (p: TextParams) => string;

/** Every reply text the engine itself writes. Flows keep their own texts. */
export interface EngineTexts {
  welcome: Text;
  welcomeBack: Text;
  help: Text;
  fallback: Text;
  clarify: Text;
  nothingToCancel: Text;
  cancelled: Text;
  langPinned: Text;
  langChoose: Text;
  langAuto: Text;
  unsupportedInput: Text;
  messageTooLong: Text;
  buttonLookIntoMyCase: Text;
  buttonSendResetLink: Text;
  clarifyNone: Text;
  clarifyNoneAnswer: Text;
  articleHelpful: Text;
  staleButton: Text;
  error: Text;
  busy: Text;
  flowStateDropped: Text;
  groupChat: Text;
  sensitiveWarning: Text;
  askIdentifier: Text;
  identifierInvalid: Text;
  codeSent: Text;
  askCode: Text;
  codeWrong: Text;
  codeExpired: Text;
  codeResent: Text;
  resendLimit: Text;
  contactUs: Text;
  tooManyAttempts: Text;
  verified: Text;
  verificationExpired: Text;
  handoffRequested: Text;
  handoffQueued: Text;
  handoffDeskDelayed: Text;
  handoffOutsideHours: Text;
  handoffAlreadyQueued: Text;
  handoffRepeatedMisunderstanding: Text;
  handoffUrgent: Text;
  walletOutage: Text;
  agentJoined: Text;
  agentLeftResolved: Text;
  agentReturned: Text;
  handoffExpired: Text;
  customerLeftQueue: Text;
  askRating: Text;
  ratingThanks: Text;
  resumeFlow: Text;
  flowSwitched: Text;
  buttonHuman: Text;
  buttonCancel: Text;
  buttonResend: Text;
  buttonOtherIdentifier: Text;
  topicForgotPassword: Text;
  topicAccountFrozen: Text;
  topicPaymentFailed: Text;
  topicUnrecognized: Text;
  topicBalance: Text;
  topicHistory: Text;
  topicHuman: Text;
}

const contactLine = {
  en: (p: TextParams) =>
    `You can also reach us by phone at ${p.hotline ?? ''} (${p.hours ?? ''}), by email at ${p.email ?? ''} (reply within ${p.emailReplyHours ?? 24} hours) or ${p.social ?? ''}.`,
  zh: (p: TextParams) =>
    `您也可以拨打客服热线 ${p.hotline ?? ''}（${p.hours ?? ''}），发邮件到 ${p.email ?? ''}（${p.emailReplyHours ?? 24} 小时内回复），或通过${p.social ?? ''}联系我们。`,
};

const en: EngineTexts = {
  welcome: () =>
    "Hi, I'm the upay support assistant. I can help with a forgotten password, a frozen account, a failed payment, a transaction you don't recognise, your balance and history, and questions about fees, payment methods and security. What can I do for you?",
  welcomeBack: () => 'Welcome back! What can I help you with?',
  help: () =>
    'I can help with: forgotten password, frozen account, failed payments, transactions you don\'t recognise, balance and history, fees, payment methods, registration and security. Type your question, or pick a topic. Commands: /cancel, /human, /lang zh|en.',
  fallback: () => "Sorry, I'm not sure I understood. Here is what I can help with:",
  clarify: () => 'Just to be sure — which of these did you mean?',
  nothingToCancel: () => 'There is nothing to cancel. What can I help you with?',
  cancelled: () => 'OK, I have stopped that. Anything else I can help with?',
  langPinned: () => 'OK, I will answer in English from now on.',
  langChoose: () => 'Which language would you like?',
  langAuto: () => 'OK, I will answer in the language you write in.',
  unsupportedInput: () => 'Sorry, I can only read text messages. Please type your question.',
  buttonLookIntoMyCase: () => 'Look into my account',
  buttonSendResetLink: () => 'Send me a reset link',
  clarifyNone: () => 'Neither',
  clarifyNoneAnswer: () => 'Sorry I did not get it. Could you say it in other words, or talk to a person?',
  articleHelpful: () => 'Glad it helped! Anything else I can do for you?',
  messageTooLong: (p) => `Your message was long, so I read only its first ${p.maxChars ?? 0} characters. If something important came later, please send it in a shorter message.`,
  staleButton: () => 'That button is no longer active. What can I help you with?',
  error: () => 'Sorry, something went wrong on my side. Please try again in a moment.',
  busy: () => 'I am still working on your previous message — please send this one again in a few seconds.',
  flowStateDropped: () =>
    'Sorry, our assistant was updated and I lost track of where we were. Could you tell me again what you need?',
  groupChat: () =>
    'For your security I cannot look at account details in a group chat. Please message me in a private chat and I will help you there.',
  sensitiveWarning: () =>
    'Please never send your password, full card number or ID number in a chat — upay staff will never ask for them. I have removed it from our records. If you shared your password anywhere, please change it.',
  askIdentifier: () =>
    'First I need to confirm it is you. Please type the phone number or email address registered with your upay account.',
  identifierInvalid: () =>
    'That does not look like a phone number or email address. Please type your registered phone number (e.g. 138 0000 1001) or email.',
  codeSent: (p) =>
    `If ${p.sentTo ?? 'this'} is registered with upay, we have just sent a 6-digit verification code to it. Please type the code here (valid for ${p.minutes ?? 5} minutes). Never share this code with anyone else.`,
  askCode: () => 'Please type the 6-digit verification code we sent you.',
  codeWrong: (p) => `That code is not correct. You have ${p.attemptsLeft ?? 0} attempt(s) left.`,
  codeExpired: () => 'That code has expired. Would you like a new one?',
  codeResent: (p) => `If ${p.sentTo ?? 'this'} is registered with upay, a new code is on its way. Please type it here.`,
  resendLimit: () => 'Sorry, I cannot send more codes right now.',
  contactUs: (p) => contactLine.en(p),
  tooManyAttempts: () => 'Too many wrong codes, so I have stopped verification for your security.',
  verified: () => 'Thank you, you are verified.',
  verificationExpired: () => 'For your security, please confirm your identity again.',
  handoffRequested: (p) => `I am passing your conversation to our support team. ${contactLine.en(p)}`,
  handoffQueued: (p) => {
    const ahead = p.queuePosition;
    const where =
      ahead === undefined ? '' : ahead <= 0 ? ' You are next in line.' : ` There ${ahead === 1 ? 'is 1 customer' : `are ${ahead} customers`} ahead of you.`;
    const wait = p.expectedWaitMinutes !== undefined ? ` Expected wait: about ${p.expectedWaitMinutes} minute${p.expectedWaitMinutes === 1 ? '' : 's'}.` : '';
    return `I have asked a human agent to join this chat.${where}${wait} You can keep writing here meanwhile.`;
  },
  handoffDeskDelayed: () =>
    'I have recorded your request for a human agent. Our agents’ desk is slow to respond right now, so it will reach an agent shortly — you do not need to ask again. You can keep writing here meanwhile.',
  handoffOutsideHours: (p) => `Sorry, no agent can join right now. ${contactLine.en(p)}`,
  handoffAlreadyQueued: () => 'You are already waiting for a human agent; they will join this chat as soon as possible.',
  handoffRepeatedMisunderstanding: () => "Sorry, I keep misunderstanding you. Let me get a person to help.",
  handoffUrgent: () => 'This looks urgent, so I have marked it as a priority for our team.',
  walletOutage: () =>
    'Sorry, our account system is not responding right now, so I could not finish this. Nothing was done twice — I have passed your case to our team.',
  agentJoined: (p) => `${p.agentName ?? 'An agent'} from upay support has joined the chat.`,
  agentLeftResolved: () => 'The agent has closed the chat — I am back if you need anything else.',
  agentReturned: () => 'The agent has handed you back to me. Let us continue.',
  handoffExpired: (p) =>
    `Sorry, no agent could take your chat in time. Please email ${p.email ?? ''} and we will reply within ${p.emailReplyHours ?? 24} hours, or call ${p.hotline ?? ''} (${p.hours ?? ''}).`,
  customerLeftQueue: () => 'OK, I have taken you out of the queue. I am here if you need me.',
  askRating: () => 'How satisfied were you with the help you received? (1 = poor, 5 = excellent)',
  ratingThanks: () => 'Thank you for your feedback!',
  resumeFlow: () => 'Now, back to where we were:',
  flowSwitched: () => 'OK, let us look at that instead.',
  buttonHuman: () => 'Talk to a person',
  buttonCancel: () => 'Cancel',
  buttonResend: () => 'Send a new code',
  buttonOtherIdentifier: () => 'Use another phone/email',
  topicForgotPassword: () => 'Forgot password',
  topicAccountFrozen: () => 'Account frozen',
  topicPaymentFailed: () => 'Payment failed',
  topicUnrecognized: () => "A payment I don't recognise",
  topicBalance: () => 'My balance',
  topicHistory: () => 'Transaction history',
  topicHuman: () => 'Talk to a person',
};

const zh: EngineTexts = {
  welcome: () =>
    '您好，我是 upay 智能客服。我可以帮您处理：忘记密码、账户冻结、付款失败、不认识的交易、查询余额和交易记录，也可以解答手续费、支付方式和账户安全等问题。请问有什么可以帮您？',
  welcomeBack: () => '欢迎回来！请问有什么可以帮您？',
  help: () =>
    '我可以帮您：忘记密码、账户冻结、付款失败、不认识的交易、余额和交易记录、手续费、支付方式、注册和账户安全。直接输入问题，或选择下面的主题。命令：/cancel 取消，/human 转人工，/lang zh|en 切换语言。',
  fallback: () => '抱歉，我没太明白您的意思。我可以帮您处理这些问题：',
  clarify: () => '想确认一下，您指的是哪一个？',
  nothingToCancel: () => '当前没有需要取消的操作。请问还有什么可以帮您？',
  cancelled: () => '好的，已取消。还有什么可以帮您？',
  langPinned: () => '好的，之后我会用中文回复您。',
  langChoose: () => '请选择语言：',
  langAuto: () => '好的，我会用您输入的语言回复。',
  unsupportedInput: () => '抱歉，我目前只能看懂文字消息，请用文字描述您的问题。',
  buttonLookIntoMyCase: () => '帮我查我的账户',
  buttonSendResetLink: () => '给我发重置链接',
  clarifyNone: () => '都不是',
  clarifyNoneAnswer: () => '抱歉没能理解您的问题。可以换个说法再说一次，或者转人工客服。',
  articleHelpful: () => '很高兴能帮到您！还有什么可以帮您的吗？',
  messageTooLong: (p) => `您的消息较长，我只读取了前 ${p.maxChars ?? 0} 个字。如果后面还有重要内容，请分成较短的消息再发给我。`,
  staleButton: () => '这个按钮已经失效了。请问有什么可以帮您？',
  error: () => '抱歉，系统开了个小差，请稍后再试。',
  busy: () => '我还在处理您上一条消息，请几秒后再发一次。',
  flowStateDropped: () => '抱歉，客服系统刚刚升级，我没能接上之前的进度。麻烦您再告诉我一次需要办理什么？',
  groupChat: () => '为了您的账户安全，我不能在群聊中查看账户信息。请私聊我，我会在私聊中继续为您处理。',
  sensitiveWarning: () =>
    '请不要在聊天中发送密码、完整银行卡号或身份证号——upay 工作人员绝不会向您索要这些信息。我已从记录中删除了这部分内容。如果您在别处泄露过密码，请尽快修改。',
  askIdentifier: () => '为了确认是您本人，请输入您 upay 账户绑定的手机号或邮箱。',
  identifierInvalid: () => '这看起来不像手机号或邮箱地址。请输入您绑定的手机号（例如 138 0000 1001）或邮箱。',
  codeSent: (p) =>
    `如果 ${p.sentTo ?? '该号码'} 已注册 upay，我们刚刚向它发送了 6 位验证码，请在这里输入（${p.minutes ?? 5} 分钟内有效）。请勿把验证码告诉任何人。`,
  askCode: () => '请输入我们发送给您的 6 位验证码。',
  codeWrong: (p) => `验证码不正确，您还可以再试 ${p.attemptsLeft ?? 0} 次。`,
  codeExpired: () => '验证码已过期，需要重新发送吗？',
  codeResent: (p) => `如果 ${p.sentTo ?? '该号码'} 已注册 upay，新的验证码已发出，请在这里输入。`,
  resendLimit: () => '抱歉，目前无法再发送验证码。',
  contactUs: (p) => contactLine.zh(p),
  tooManyAttempts: () => '验证码错误次数过多，为了您的账户安全，本次验证已停止。',
  verified: () => '谢谢，身份验证成功。',
  verificationExpired: () => '为了您的账户安全，请重新验证身份。',
  handoffRequested: (p) => `我会把您的问题转给人工客服团队。${contactLine.zh(p)}`,
  handoffQueued: (p) => {
    const ahead = p.queuePosition;
    const where = ahead === undefined ? '' : ahead <= 0 ? '下一位就是您。' : `您前面还有 ${ahead} 位客户。`;
    const wait = p.expectedWaitMinutes !== undefined ? `预计等待约 ${p.expectedWaitMinutes} 分钟。` : '';
    return `已为您转接人工客服。${where}${wait}等待期间您可以继续在这里留言。`;
  },
  handoffDeskDelayed: () => '已记录您的转人工请求。客服工作台暂时响应较慢，请求稍后会送达客服，无需重复提交。等待期间您可以继续在这里留言。',
  handoffOutsideHours: (p) => `抱歉，现在暂时没有客服可以接入。${contactLine.zh(p)}`,
  handoffAlreadyQueued: () => '您已在等待人工客服，客服会尽快加入对话。',
  handoffRepeatedMisunderstanding: () => '抱歉，我一直没能理解您的问题，我请人工客服来帮您。',
  handoffUrgent: () => '这个问题比较紧急，我已为您标记为优先处理。',
  walletOutage: () => '抱歉，账户系统暂时没有响应，这次操作没能完成，也不会被重复执行。我已把您的问题转给客服团队。',
  agentJoined: (p) => `upay 客服 ${p.agentName ?? ''} 已加入对话。`,
  agentLeftResolved: () => '客服已结束对话。如还有其他问题，我随时为您服务。',
  agentReturned: () => '客服已把对话交还给我，我们继续。',
  handoffExpired: (p) =>
    `抱歉，暂时没有客服能及时接入。请发邮件到 ${p.email ?? ''}，我们会在 ${p.emailReplyHours ?? 24} 小时内回复；或拨打 ${p.hotline ?? ''}（${p.hours ?? ''}）。`,
  customerLeftQueue: () => '好的，已为您取消人工排队。有需要随时找我。',
  askRating: () => '请为本次服务打分（1 = 很不满意，5 = 非常满意）：',
  ratingThanks: () => '感谢您的评价！',
  resumeFlow: () => '我们继续刚才的步骤：',
  flowSwitched: () => '好的，我们先处理这个问题。',
  buttonHuman: () => '转人工客服',
  buttonCancel: () => '取消',
  buttonResend: () => '重新发送验证码',
  buttonOtherIdentifier: () => '换一个手机号/邮箱',
  topicForgotPassword: () => '忘记密码',
  topicAccountFrozen: () => '账户被冻结',
  topicPaymentFailed: () => '付款失败',
  topicUnrecognized: () => '不认识的交易',
  topicBalance: () => '查询余额',
  topicHistory: () => '交易记录',
  topicHuman: () => '人工客服',
};

export const ENGINE_TEXTS: Record<Language, EngineTexts> = { en, zh };

export type TextKey = keyof EngineTexts;

export function t(language: Language, key: TextKey, params: TextParams = {}): string {
  return ENGINE_TEXTS[language][key](params);
}
