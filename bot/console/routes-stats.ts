/** The figures: analytics over a date range, the intent report of the live model, and the training state. */
import { Router } from 'express';
import type { IntentReport } from '../analytics/types.ts';
import { requireStaff, type ConsoleContext } from './auth.ts';
import { Channel, LanguageParam, parseQuery, RangeQuery, rangeOf } from './query.ts';

const StatsQuery = RangeQuery.extend({ channel: Channel.optional(), language: LanguageParam.optional() });

export function createStatsRoutes(ctx: ConsoleContext): Router {
  const { deps } = ctx;
  const router = Router();
  const viewer = requireStaff(ctx, 'viewer');
  /** The report of one model version: recomputed only after a retrain. */
  let report: IntentReport | undefined;

  router.get('/stats', viewer, async (req, res) => {
    const query = parseQuery(StatsQuery, req);
    const now = deps.now();
    const { from, to } = rangeOf(query, now, 7);
    // A day either side: a contact running across `from` stays whole, and its repeat within 24 h decides its outcome.
    const read = deps.analytics.statsReadRange({ from, to });
    const events = await deps.events.read(read.from, read.to);
    const filter = {
      from,
      to,
      ...(query.channel ? { channel: query.channel } : {}),
      ...(query.language ? { language: query.language } : {}),
    };
    res.json(deps.analytics.computeStats(events, filter, now));
  });

  router.get('/intent-report', viewer, (_req, res) => {
    const live = deps.teacher.status().live;
    if (report?.modelVersion !== live)
      report = deps.analytics.computeIntentReport(deps.nlu(), deps.knowledge(), live, deps.now());
    res.json(report);
  });

  router.get('/training', viewer, (_req, res) => {
    res.json(deps.teacher.status());
  });

  return router;
}
