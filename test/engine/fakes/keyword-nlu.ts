import { extractEntities } from '../../../intents/entities.ts';
import { CORE_INTENT_IDS, type IntentId, type Nlu, type NluResult } from '../../../intents/types.ts';

const KEYWORDS: [IntentId, RegExp][] = [
  ['human_agent', /human|agent|人工|真人/iu],
  ['account_frozen', /frozen|freeze|冻结/iu],
  ['payment_failed', /payment failed|付款失败|支付失败/iu],
  ['unrecognized_transaction', /don't recognise|not me|不是我/iu],
  ['forgot_password', /forgot.*password|忘记密码/iu],
  ['check_balance', /balance|余额/iu],
  ['fees', /fee|手续费/iu],
  ['security', /safe|secure|安全/iu],
  ['greeting', /^(hi|hello|你好)/iu],
  ['thanks', /thank|谢谢/iu],
  ['goodbye', /bye|再见/iu],
];

/** Keyword NLU: "both A and B" style messages containing "fee" and "balance" are ambiguous. */
export function createKeywordNlu(): Nlu {
  return {
    intents: CORE_INTENT_IDS,
    parse(text: string, opts?: { now?: Date }): NluResult {
      const language = /[\u3400-\u9fff]/u.test(text) ? 'zh' : 'en';
      const hits = KEYWORDS.filter(([, re]) => re.test(text)).map(([id]) => id);
      const entities = extractEntities(text, opts?.now ? { now: opts.now } : {});
      if (hits.length === 0) {
        return {
          text,
          language,
          intent: { name: 'out_of_scope', confidence: 0.9 },
          intent_ranking: [{ name: 'out_of_scope', confidence: 0.9 }],
          entities,
          ambiguous: false,
        };
      }
      const ambiguous = hits.length >= 2 && !hits.includes('human_agent');
      const ranking = hits.map((name, i) => ({
        name,
        confidence: ambiguous ? 0.45 - i * 0.01 : i === 0 ? 0.95 : 0.03,
      }));
      return { text, language, intent: ranking[0]!, intent_ranking: ranking, entities, ambiguous };
    },
  };
}
