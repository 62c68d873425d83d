/** The intents an editor may teach to, a new intent with its answer, and the list of changes with undo. */
import { Router } from 'express';
import { z } from 'zod';
import type { Locale } from '../../intents/types.ts';
import { TEACH_LIMITS } from '../teach/input.ts';
import { requireStaff, sessionOf, type ConsoleContext } from './auth.ts';
import { IntentParam, LocaleParam, parseOr400 } from './query.ts';
import { teacherCall } from './teach-errors.ts';

const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

/** The teacher's caps (bot/teach/input.ts), checked here first: both locales stay well inside the 128 KiB body limit. */
const NewIntentEntry = z
  .object({
    locale: LocaleParam,
    title: z.string().trim().min(1).max(TEACH_LIMITS.titleChars),
    answer: z.string().trim().min(1).max(TEACH_LIMITS.answerChars),
    examples: z.array(z.string().trim().min(1).max(TEACH_LIMITS.textChars)).min(1).max(TEACH_LIMITS.examplesPerEntry),
  })
  .strict();
const NewIntentBody = z.object({ intent: IntentParam, entries: z.array(NewIntentEntry).min(1).max(2) }).strict();
const ChangeId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be a change id from the changes list');

type Titles = Partial<Record<Locale, string>>;

export function createTeachRoutes(ctx: ConsoleContext): Router {
  const { deps } = ctx;
  const router = Router();
  const editor = requireStaff(ctx, 'editor');
  const viewer = requireStaff(ctx, 'viewer');
  const log = deps.logger;

  router.get('/intents', viewer, async (_req, res) => {
    const knowledge = deps.knowledge();
    const titles = new Map<string, Titles>();
    for (const intent of knowledge.intents) {
      if (intent === 'out_of_scope') continue;
      const entryTitles: Titles = {};
      for (const locale of LOCALES) {
        const title = knowledge.get(intent, locale)?.title;
        if (title) entryTitles[locale] = title;
      }
      titles.set(intent, entryTitles);
    }
    // New intents staff created that the files do not hold yet (the teacher lays them over the files).
    for (const change of await deps.teacher.changes()) {
      if (change.kind !== 'new_intent' || change.undone || titles.has(change.intent)) continue;
      titles.set(change.intent, Object.fromEntries(change.entries.map((e) => [e.locale, e.title])));
    }
    const items = [...titles].sort(([a], [b]) => a.localeCompare(b)).map(([intent, t]) => ({ intent, titles: t }));
    res.json({ items });
  });

  router.post('/intents', editor, async (req, res) => {
    const body = parseOr400(NewIntentBody, req.body, 'invalid_change');
    const by = sessionOf(res).name;
    const change = await teacherCall(() =>
      deps.teacher.createIntent({ by, intent: body.intent, entries: body.entries }),
    );
    log.info({ staff: by, kind: change.kind, change: change.id, intent: change.intent }, 'console teaching');
    res.status(201).json({ change });
  });

  router.get('/changes', viewer, async (_req, res) => {
    res.json({ items: await deps.teacher.changes() });
  });

  router.post('/changes/:id/undo', editor, async (req, res) => {
    const id = parseOr400(ChangeId, req.params.id);
    const by = sessionOf(res).name;
    const change = await teacherCall(() => deps.teacher.undo(id, by));
    log.info({ staff: by, kind: 'undo', change: change.id, undone: change.kind }, 'console teaching');
    res.json({ change });
  });

  return router;
}
