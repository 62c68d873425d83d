/**
 * The store-backed Teacher: console changes are validated against the files plus the changes before them,
 * saved under the store's `teach` lock (change-store.ts), announced on `teach:changed`, and every instance
 * retrains in the background (the caller's `train`: on a worker thread, DATA_DIR cache) and swaps the new
 * model and knowledge in (`apply`). Newest version wins: a change arriving while a retrain runs triggers one
 * more retrain after it. Pub/sub is at-most-once, so every instance also polls `teach:version`.
 */
import { errorClass } from '../errors.ts';
import { randomUUID } from 'node:crypto';
import type { KnowledgeBase } from '../core/knowledge.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/types.ts';
import { normalizeMissedText } from '../analytics/unanswered.ts';
import { createChangeStore, type ChangeSnapshot } from './change-store.ts';
import { TeachError } from './errors.ts';
import { checkEntries, checkLocale, checkName, cleanTexts, TEACH_LIMITS } from './input.ts';
import type { TrainedNlu } from './live-nlu.ts';
import { overlayKnowledge } from './overlay.ts';
import type { AssignChange, DismissChange, NewIntentChange, Teacher, TeachChange, TrainingStatus } from './types.ts';

export const TEACH_POLL_MS = 30_000;

export interface TeacherDeps {
  store: Store;
  logger: Logger;
  /** The knowledge files, without any change. */
  base: KnowledgeBase;
  /** The changes version the knowledge and model in use were built from (`loadTaughtKnowledge` at start-up). */
  liveVersion: number;
  /** Trains (or loads from the cache) the NLU of a knowledge base, off the event loop. */
  train(kb: KnowledgeBase): Promise<TrainedNlu>;
  /** Puts a knowledge base and its model live (the live NLU, the engine, `app.knowledge`). */
  apply(kb: KnowledgeBase, trained: TrainedNlu): Promise<void>;
  /** How often the version is polled besides pub/sub (default 30 s). */
  pollMs?: number;
  now?: () => Date;
  newId?: () => string;
  /** The key `handledTexts` holds per text; default the unanswered list's own (normalizeMissedText). */
  handledKey?: (text: string) => string;
}

/** The knowledge at start-up: the files with the stored changes laid over them, and the version they make up. */
export async function loadTaughtKnowledge(
  store: Store,
  base: KnowledgeBase,
  logger: Logger,
): Promise<{ version: number; knowledge: KnowledgeBase }> {
  const snapshot = await createChangeStore(store).read();
  const { knowledge, skipped } = overlayKnowledge(base, snapshot.changes);
  if (skipped.length > 0)
    logger.info({ version: snapshot.version, skipped: skipped.map((s) => s.id) }, 'console changes that add nothing');
  return { version: snapshot.version, knowledge };
}

export async function createTeacher(deps: TeacherDeps): Promise<Teacher> {
  const { base, logger } = deps;
  const changes = createChangeStore(deps.store);
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? randomUUID;
  const handledKey = deps.handledKey ?? normalizeMissedText;
  let live = deps.liveVersion;
  let wanted = deps.liveVersion;
  let training = false;
  let rerun = false;
  let closed = false;
  let lastTrainedAt: string | undefined;
  let lastError: string | undefined;
  let failedVersion: number | undefined;
  const idleWaiters = new Set<() => void>();
  let handled: { version: number; texts: ReadonlySet<string> } | undefined;

  const notice = (version: number) => {
    wanted = version;
    if (wanted !== live) kick();
  };

  const kick = () => {
    if (closed) return;
    if (training) rerun = true;
    else void retrain();
  };

  /** One retrain to the store's newest version; a change noticed meanwhile runs one more after it. */
  async function retrain(): Promise<void> {
    training = true;
    rerun = false;
    try {
      const snapshot = await changes.read();
      wanted = snapshot.version;
      if (snapshot.version === live) return;
      const startedMs = performance.now();
      const { knowledge, skipped } = overlayKnowledge(base, snapshot.changes);
      const trained = await deps.train(knowledge);
      if (closed) return;
      await deps.apply(knowledge, trained);
      live = snapshot.version;
      lastTrainedAt = now().toISOString();
      lastError = undefined;
      failedVersion = undefined;
      logger.info(
        {
          version: live,
          trainMs: Math.round(performance.now() - startedMs),
          ...(skipped.length > 0 ? { skipped: skipped.map((s) => s.id) } : {}),
        },
        'retrained with the console changes',
      );
    } catch (error) {
      if (closed) return; // the store or the training thread closed under it: shutting down
      failedVersion = wanted;
      lastError = errorClass(error);
      // Class and code only: a message could quote taught texts.
      logger.error({ version: wanted, err: lastError }, 'retrain failed; the old model keeps answering');
    } finally {
      training = false;
      if (rerun) kick();
      for (const wake of idleWaiters) wake();
      idleWaiters.clear();
    }
  }

  const validate = (current: ChangeSnapshot, change: TeachChange) => {
    overlayKnowledge(base, [...current.changes, change], { strictId: change.id });
  };

  const saved = async <C extends TeachChange>(work: Promise<{ change: C; version: number }>): Promise<C> => {
    const { change, version } = await work;
    await changes
      .publish(version)
      .catch((error: unknown) =>
        logger.warn({ err: errorClass(error) }, 'could not announce a console change; other instances poll for it'),
      );
    notice(version);
    return change;
  };

  const readSnapshot = async (): Promise<ChangeSnapshot> => changes.read();

  const poll = setInterval(() => {
    changes
      .version()
      .then(notice, (error: unknown) =>
        logger.warn({ err: errorClass(error) }, 'could not poll the console changes version'),
      );
  }, deps.pollMs ?? TEACH_POLL_MS);
  poll.unref();
  const unsubscribe = await changes.subscribe(notice).catch((error: unknown) => {
    clearInterval(poll);
    throw error;
  });
  // A change saved between the start-up read and the subscription is seen now, not at the first poll.
  notice(await changes.version());

  return {
    async changes() {
      return (await readSnapshot()).changes.reverse();
    },

    async assign(input) {
      const fields = {
        by: checkName(input.by, 'by', TEACH_LIMITS.nameChars),
        intent: checkName(input.intent, 'intent', TEACH_LIMITS.nameChars),
        locale: checkLocale(input.locale, base.locales),
        groupId: checkName(input.groupId, 'groupId', TEACH_LIMITS.groupIdChars),
        texts: cleanTexts(input.texts),
      };
      return saved(
        changes.add((current) => {
          const change: AssignChange = { id: newId(), kind: 'assign', ...fields, at: now().toISOString() };
          validate(current, change);
          return change;
        }),
      );
    },

    async dismiss(input) {
      const fields = {
        by: checkName(input.by, 'by', TEACH_LIMITS.nameChars),
        locale: checkLocale(input.locale, base.locales),
        groupId: checkName(input.groupId, 'groupId', TEACH_LIMITS.groupIdChars),
        texts: cleanTexts(input.texts),
      };
      return saved(
        changes.add((current) => {
          const change: DismissChange = { id: newId(), kind: 'dismiss', ...fields, at: now().toISOString() };
          validate(current, change);
          return change;
        }),
      );
    },

    async createIntent(input) {
      const fields = {
        by: checkName(input.by, 'by', TEACH_LIMITS.nameChars),
        intent: checkName(input.intent, 'intent', TEACH_LIMITS.nameChars),
        entries: checkEntries(input.entries, base.locales),
      };
      return saved(
        changes.add((current) => {
          const change: NewIntentChange = { id: newId(), kind: 'new_intent', ...fields, at: now().toISOString() };
          validate(current, change);
          return change;
        }),
      );
    },

    async undo(id, by) {
      const who = checkName(by, 'by', TEACH_LIMITS.nameChars);
      if (typeof id !== 'string' || id.length === 0 || id.length > 100)
        throw new TeachError('not_found', 'no such change');
      const result = await changes.update(id, (change) =>
        change.undone ? undefined : { ...change, undone: { by: who, at: now().toISOString() } },
      );
      // Undoing an undone change changes nothing: no version bump, no retrain.
      return result.changed ? saved(Promise.resolve(result)) : result.change;
    },

    async handledTexts() {
      const snapshot = await readSnapshot();
      if (handled?.version === snapshot.version) return handled.texts;
      const texts = new Set<string>();
      for (const change of snapshot.changes) {
        if (change.undone || change.kind === 'new_intent') continue;
        for (const text of change.texts) texts.add(handledKey(text));
      }
      handled = { version: snapshot.version, texts };
      return texts;
    },

    status(): TrainingStatus {
      return {
        live,
        wanted,
        training,
        ...(lastTrainedAt ? { lastTrainedAt } : {}),
        ...(lastError ? { lastError } : {}),
      };
    },

    async settled() {
      notice(await changes.version());
      for (;;) {
        if (closed) return;
        if (!training) {
          if (live === wanted) return;
          if (failedVersion === wanted) throw new TeachError('training_failed', `retrain failed: ${lastError}`);
          kick();
        }
        await new Promise<void>((resolve) => idleWaiters.add(resolve));
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      clearInterval(poll);
      for (const wake of idleWaiters) wake();
      idleWaiters.clear();
      await unsubscribe().catch(() => undefined);
    },
  };
}

/** Error class and code only (messages can quote texts). */
