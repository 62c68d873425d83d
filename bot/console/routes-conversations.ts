/** Conversation review: contacts matching a search, and one conversation's redacted transcript. */
import { Router } from 'express';
import { z } from 'zod';
import { HttpError } from '../http/errors.ts';
import { requireStaff, type ConsoleContext } from './auth.ts';
import {
  Channel,
  IntentParam,
  LanguageParam,
  OutcomeParam,
  parseOr400,
  parseQuery,
  RangeQuery,
  rangeOf,
} from './query.ts';

const SearchQuery = RangeQuery.extend({
  channel: Channel.optional(),
  language: LanguageParam.optional(),
  intent: IntentParam.optional(),
  outcome: OutcomeParam.optional(),
});
/** `<channel>:<id>`; printable ASCII without spaces or slashes (platform ids carry `|`, `@`, `=` …). */
const ConversationId = z.string().regex(/^[a-z]{1,32}:[!-.0-~]{1,200}$/, 'must be a conversation id');
const MAX_ITEMS = 200;
const SEARCH_DEFAULT_DAYS = 7;
/** Opening a conversation without a range looks this far back. */
const OPEN_DEFAULT_DAYS = 30;

export function createConversationRoutes(ctx: ConsoleContext): Router {
  const { deps } = ctx;
  const router = Router();
  const viewer = requireStaff(ctx, 'viewer');

  router.get('/conversations', viewer, async (req, res) => {
    const query = parseQuery(SearchQuery, req);
    const now = deps.now();
    const { from, to } = rangeOf(query, now, SEARCH_DEFAULT_DAYS);
    // Outcomes as in the stats: whole contacts, and the day after `to` for repeat contacts.
    const read = deps.analytics.statsReadRange({ from, to });
    const events = await deps.events.read(read.from, read.to);
    const { from: _f, to: _t, ...filters } = query;
    const items = deps.analytics.searchConversations(events, { from, to, ...filters }, now).slice(0, MAX_ITEMS);
    res.json({ items });
  });

  router.get('/conversations/:id', viewer, async (req, res) => {
    const id = parseOr400(ConversationId, req.params.id);
    const { from, to } = rangeOf(parseQuery(RangeQuery, req), deps.now(), OPEN_DEFAULT_DAYS);
    const detail = deps.analytics.openConversation(await deps.events.read(from, to), id);
    if (!detail) throw new HttpError(404, 'not_found', 'no such conversation in the date range');
    res.json(detail);
  });

  return router;
}
