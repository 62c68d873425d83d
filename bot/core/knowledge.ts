/**
 * The knowledge base as the bot sees it: entries whose `flow` is one of the bot's flows. The loader in
 * intents/ knows nothing of the bot, so the bot loads through here, giving it FLOW_IDS; a file naming
 * another flow is refused with a KnowledgeError (`unknown flow "…"`).
 */
import {
  loadKnowledge as loadKnowledgeFiles,
  type LoadKnowledgeOptions as KnowledgeFileOptions,
} from '../../intents/knowledge.ts';
import type {
  KnowledgeBase as KnowledgeBaseOf,
  KnowledgeEntry as KnowledgeEntryOf,
} from '../../intents/knowledge-types.ts';
import { FLOW_IDS, type FlowId } from './domain-ids.ts';

export type { ContactInfo, HandoffPolicy } from '../../intents/knowledge-types.ts';
export type KnowledgeBase = KnowledgeBaseOf<FlowId>;
export type KnowledgeEntry = KnowledgeEntryOf<FlowId>;
/** The loader's minimums (tests use small ones); the flows are always the bot's. */
export type LoadKnowledgeOptions = Omit<KnowledgeFileOptions, 'flowIds'>;

/** Loads and validates `dir` (intents/knowledge.ts) with the bot's flows; throws KnowledgeError on the first problem. */
export function loadKnowledge(dir: string, options: LoadKnowledgeOptions = {}): Promise<KnowledgeBase> {
  return loadKnowledgeFiles(dir, { ...options, flowIds: FLOW_IDS });
}
