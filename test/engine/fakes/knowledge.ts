import type { FlowId } from '../../../bot/core/domain-ids.ts';
import type { ContactInfo, KnowledgeBase, KnowledgeEntry } from '../../../bot/core/knowledge.ts';
import { CORE_INTENT_IDS, type IntentId, type Locale } from '../../../intents/types.ts';

export const CONTACT: ContactInfo = {
  sample: true,
  hotline: '400-000-0000',
  email: 'help@upay.example',
  hours: { 'zh-CN': '每天 9:00-21:00', en: 'daily 9:00-21:00' },
  social: { 'zh-CN': '微信公众号 upay', en: 'WeChat upay' },
  emailReplyHours: 24,
};

const FLOW_OF: Partial<Record<IntentId, FlowId>> = {
  forgot_password: 'forgot_password',
  account_frozen: 'account_frozen',
  payment_failed: 'payment_failed',
  unrecognized_transaction: 'unrecognized_transaction',
  check_balance: 'check_balance',
};

/** An in-memory knowledge base: one entry per core intent and locale, with placeholder titles and answers. */
export function createFakeKnowledge(): KnowledgeBase {
  const entries: KnowledgeEntry[] = [];
  for (const locale of ['zh-CN', 'en'] as Locale[]) {
    for (const id of CORE_INTENT_IDS) {
      const entry: KnowledgeEntry = {
        id,
        locale,
        title: `${locale === 'en' ? 'EN' : 'ZH'} title ${id}`,
        examples: [],
        tests: [],
        answer: `${locale === 'en' ? 'EN' : 'ZH'} answer ${id}`,
        file: `${locale}/${id}.md`,
      };
      const flow = FLOW_OF[id];
      if (flow) entry.flow = flow;
      if (id === 'human_agent') entry.handoff = { mode: 'immediate' };
      if (id === 'security') entry.handoff = { mode: 'offer' };
      entries.push(entry);
    }
  }
  return {
    dir: '/fake',
    locales: ['zh-CN', 'en'],
    contact: CONTACT,
    values: { 'zh-CN': new Map(), en: new Map() },
    intents: CORE_INTENT_IDS,
    entries: (locale) => entries.filter((e) => !locale || e.locale === locale),
    get: (intent, locale) => entries.find((e) => e.id === intent && e.locale === locale),
  };
}
