/**
 * Every reply text in Simplified Chinese, keyed by message id (the id a reply carries in the turn result).
 * Split by area into zh-CN/*.ts; en.ts must carry the same ids (a missing or extra one does not compile).
 * Knowledge answers stay in knowledge/zh-CN/ and channel texts in adapters/.
 */
import { DESK } from './zh-CN/desk.ts';
import { ENGINE } from './zh-CN/engine.ts';
import { FLOWS } from './zh-CN/flows.ts';
import { TRANSACTIONS } from './zh-CN/transactions.ts';

export const ZH_CN = { ...ENGINE, ...FLOWS, ...TRANSACTIONS, ...DESK } as const;

/** A reply text's id: `fallback`, `verify.code_sent`, `forgot_password.sent` … */
export type MessageId = keyof typeof ZH_CN;
