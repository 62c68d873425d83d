/**
 * The computations the console's routes run over turn events (bot/analytics/), as one object: the plugin passes
 * the real ones; API tests pass canned ones through ConsolePluginOptions (no module mocking, which a shared
 * module cache — `npm run test:unit` — would leak into other test files).
 */
import { openConversation, searchConversations } from '../analytics/conversations.ts';
import { computeIntentReport } from '../analytics/intent-report.ts';
import { computeStats, statsReadRange } from '../analytics/stats.ts';
import { findUnanswered } from '../analytics/unanswered.ts';

export interface ConsoleAnalytics {
  computeStats: typeof computeStats;
  statsReadRange: typeof statsReadRange;
  findUnanswered: typeof findUnanswered;
  searchConversations: typeof searchConversations;
  openConversation: typeof openConversation;
  computeIntentReport: typeof computeIntentReport;
}

export const CONSOLE_ANALYTICS: ConsoleAnalytics = {
  computeStats,
  statsReadRange,
  findUnanswered,
  searchConversations,
  openConversation,
  computeIntentReport,
};
