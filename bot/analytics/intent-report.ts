import type { Nlu } from '../../intents/types.ts';
import type { KnowledgeBase } from '../core/knowledge.ts';
import type { IntentReport } from './types.ts';

/** PLACEHOLDER (contract commit): per-intent precision/recall on the knowledge files' held-out tests. */
export function computeIntentReport(
  _nlu: Nlu,
  _knowledge: KnowledgeBase,
  _modelVersion: number,
  _now: Date,
): IntentReport {
  throw new Error('not implemented yet');
}
