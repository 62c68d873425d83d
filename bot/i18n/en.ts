/** Every reply text in English, keyed by message id: the same ids as zh-CN.ts (the type makes sure). */
import { DESK } from './en/desk.ts';
import { ENGINE } from './en/engine.ts';
import { FLOWS } from './en/flows.ts';
import { TRANSACTIONS } from './en/transactions.ts';
import type { MessageId } from './zh-CN.ts';

export const EN: Record<MessageId, string> = { ...ENGINE, ...FLOWS, ...TRANSACTIONS, ...DESK };
