/** What the assistant missed, grouped by similar text, and an editor's answer to a group: assign or dismiss. */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { IntentSuggestion } from '../analytics/turn-event.ts';
import type { UnansweredGroup } from '../analytics/types.ts';
import { HttpError } from '../http/errors.ts';
import { localeOf } from '../i18n/messages.ts';
import { requireStaff, sessionOf, type ConsoleContext } from './auth.ts';
import { IntentParam, LanguageParam, LocaleParam, parseOr400, parseQuery, RangeQuery, rangeOf } from './query.ts';
import { teacherCall } from './teach-errors.ts';

const UnansweredQuery = RangeQuery.extend({ language: LanguageParam.optional() });
const GroupId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be a group id from the unanswered list');
const AssignBody = z.object({ intent: IntentParam, locale: LocaleParam }).strict();
const DismissBody = z.object({ locale: LocaleParam.optional() }).strict();

/** Groups listed at most; a group looked up for assign/dismiss is searched among more. */
const LIST_LIMIT = 200;
const LOOKUP_LIMIT = 5_000;
const DEFAULT_DAYS = 30;

export function createUnansweredRoutes(ctx: ConsoleContext): Router {
  const { deps } = ctx;
  const router = Router();
  const log = deps.logger;

  function suggest(text: string): IntentSuggestion[] {
    return deps
      .nlu()
      .parse(text)
      .intent_ranking.filter((score) => score.name !== 'out_of_scope')
      .slice(0, 3)
      .map((score) => ({ intent: score.name, confidence: score.confidence }));
  }

  /** The groups of the request's range (default: the last 30 days), newest first. */
  async function groupsFor(req: Request, limit: number): Promise<UnansweredGroup[]> {
    const query = parseQuery(UnansweredQuery, req);
    const { from, to } = rangeOf(query, deps.now(), DEFAULT_DAYS);
    const [events, handled] = await Promise.all([deps.events.read(from, to), deps.teacher.handledTexts()]);
    const groups = deps.analytics.findUnanswered(events, { suggest, handled, limit });
    return query.language ? groups.filter((group) => group.language === query.language) : groups;
  }

  async function groupOr404(req: Request): Promise<UnansweredGroup> {
    const id = parseOr400(GroupId, req.params.id);
    const group = (await groupsFor(req, LOOKUP_LIMIT)).find((g) => g.id === id);
    if (!group) throw new HttpError(404, 'not_found', 'no such group (already taught, or outside the date range)');
    return group;
  }

  /** Intents an assign may name: the live model's, the knowledge files', and new ones not yet trained. */
  async function knownIntent(intent: string): Promise<boolean> {
    if (intent === 'out_of_scope') return false;
    if (deps.nlu().intents.includes(intent) || deps.knowledge().intents.includes(intent)) return true;
    const changes = await deps.teacher.changes();
    return changes.some((c) => c.kind === 'new_intent' && !c.undone && c.intent === intent);
  }

  router.get('/unanswered', requireStaff(ctx, 'viewer'), async (req, res) => {
    const groups = await groupsFor(req, LIST_LIMIT);
    res.json({ items: groups.map(({ texts: _texts, ...shown }) => shown) });
  });

  router.post('/unanswered/:id/assign', requireStaff(ctx, 'editor'), async (req, res) => {
    const body = parseOr400(AssignBody, req.body);
    const group = await groupOr404(req);
    if (!(await knownIntent(body.intent)))
      throw new HttpError(
        400,
        'invalid_change',
        `intent: "${body.intent}" is not an intent (use dismiss for out of scope)`,
      );
    const by = sessionOf(res).name;
    const change = await teacherCall(() =>
      deps.teacher.assign({ by, intent: body.intent, locale: body.locale, groupId: group.id, texts: group.texts }),
    );
    log.info({ staff: by, kind: change.kind, change: change.id, intent: change.intent }, 'console teaching');
    res.status(201).json({ change });
  });

  router.post('/unanswered/:id/dismiss', requireStaff(ctx, 'editor'), async (req, res) => {
    const body = parseOr400(DismissBody, req.body);
    const group = await groupOr404(req);
    const by = sessionOf(res).name;
    const locale = body.locale ?? localeOf(group.language);
    const change = await teacherCall(() => deps.teacher.dismiss({ by, locale, groupId: group.id, texts: group.texts }));
    log.info({ staff: by, kind: change.kind, change: change.id }, 'console teaching');
    res.status(201).json({ change });
  });

  return router;
}
