/**
 * The composition root: config → logger, store, knowledge, NLU, wallet, flows, desk, engine.
 * The server, the chat CLI and the conversation tests all build the assistant through here.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ReplySink } from './core/messages.ts';
import type { KnowledgeBase } from './core/knowledge.ts';
import { loadKnowledge } from './core/knowledge.ts';
import type { Nlu } from '../intents/types.ts';
import type { Config } from './config.ts';
import { createEngine, type EngineMetrics, type EngineOptions } from './engine.ts';
import { FLOWS } from './flows/index.ts';
import type { FlowId } from './core/domain-ids.ts';
import type { Flow } from './flows/types.ts';
import type { HandoffDesk } from './handoff/types.ts';
import type { App } from './plugin/types.ts';
import { createLogger, type Logger } from './logger.ts';
import { loadOrTrainNluModel, NLU_SEED_DIR, type NluCacheOptions } from './nlu-cache.ts';
import { createStore, storeOptionsOf } from './store/index.ts';
import type { Store } from './store/types.ts';
import { createWallet, type WalletCallOutcome, type WalletOp } from './wallet/index.ts';
import type { WalletApi } from './wallet/types.ts';
import { createTurnEventLog } from './analytics/event-log.ts';
import type { TurnEventLog } from './analytics/types.ts';
import { createTeacher, loadTaughtKnowledge } from './teach/teacher.ts';
import type { Teacher } from './teach/types.ts';
import { createLiveNlu, type LiveNlu } from './teach/live-nlu.ts';
import { createTrainThread } from './threads/train-thread.ts';
import { knowledgeExamples } from '../intents/nlu.ts';

/** Parts a caller may supply instead of the configured ones (tests, the chat CLI, the server). */
export interface AppOverrides {
  logger?: Logger;
  store?: Store;
  knowledge?: KnowledgeBase;
  nlu?: Nlu;
  /** A wallet client; when given, no sandbox is started and WALLET_API_URL is ignored. */
  wallet?: WalletApi;
  flows?: Partial<Record<FlowId, Flow>>;
  /** The handoff desk; may also be attached later with `engine.attachDesk`. */
  desk?: HandoffDesk;
  /** Proactive replies to customers; may also be attached later with `engine.attachSink`. */
  sink?: ReplySink;
  metrics?: EngineMetrics;
  /** Observes every wallet call (latency histogram). */
  onWalletCall?: (op: WalletOp, ms: number, outcome: WalletCallOutcome) => void;
  now?: () => Date;
  engineOptions?: Partial<EngineOptions>;
  /** Where turn events go; default: batches in the store (bot/analytics/event-log.ts). */
  events?: TurnEventLog;
  teacher?: Teacher;
}

/** What `createApp` returns; declared with the plugin seam, which hands it to every plugin. */
export type { App };

export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const logger = overrides.logger ?? createLogger({ level: config.LOG_LEVEL });
  const closers: (() => Promise<void>)[] = [];
  try {
    const files = overrides.knowledge ?? (await loadKnowledge(config.KNOWLEDGE_DIR));

    const store = overrides.store ?? (await createStore(storeOptionsOf(config, logger)));
    if (!overrides.store) closers.push(() => store.close());
    // What staff taught in the console (bot/teach/), laid over the files before the NLU trains or loads.
    const taught = await loadTaughtKnowledge(store, files, logger.child({ component: 'teach' }));
    let knowledge = taught.knowledge;

    let wallet: WalletApi;
    let sandboxInUse = false;
    if (overrides.wallet) {
      wallet = overrides.wallet;
    } else {
      const created = await createWallet(
        config,
        logger,
        overrides.onWalletCall ? { onCall: overrides.onWalletCall } : {},
      );
      closers.push(() => created.close());
      wallet = created.api;
      sandboxInUse = created.sandbox?.inProcess === true;
    }

    const liveNlu = overrides.nlu ? undefined : await loadNlu(config, knowledge, logger, closers);
    const nlu = overrides.nlu ?? (liveNlu as LiveNlu);

    // Before the engine, which records into it; closed after the engine's callers (closers run in reverse).
    const events =
      overrides.events ??
      createTurnEventLog({
        store,
        logger: logger.child({ component: 'turn-events' }),
        retentionDays: config.RETENTION_DAYS,
      });
    if (!overrides.events) closers.push(() => events.close());

    const engine = createEngine({
      store,
      nlu,
      knowledge,
      wallet,
      flows: overrides.flows ?? FLOWS,
      logger: logger.child({ component: 'engine' }),
      ...(overrides.desk ? { desk: overrides.desk } : {}),
      ...(overrides.sink ? { sink: overrides.sink } : {}),
      ...(overrides.metrics ? { metrics: overrides.metrics } : {}),
      ...(overrides.now ? { now: overrides.now } : {}),
      onTurnEvent: (event) => events.record(event),
      options: {
        maxMessageChars: config.MAX_MESSAGE_CHARS,
        otpWindowMs: config.OTP_WINDOW_MINUTES * 60_000,
        otpMaxAttemptsPerIdentifier: config.OTP_MAX_ATTEMPTS_PER_IDENTIFIER,
        otpMaxChallengesPerIdentifier: config.OTP_MAX_CHALLENGES_PER_IDENTIFIER,
        otpMaxChallengesPerClient: config.OTP_MAX_CHALLENGES_PER_CLIENT,
        // The counters' names are an HMAC of the phone/e-mail: keyed by a secret, a store reader cannot test guesses.
        ...(config.INAPP_TOKEN_SECRET
          ? {
              otpHashKey: createHash('sha256').update(`otp-counters\0${config.INAPP_TOKEN_SECRET}`).digest('base64url'),
            }
          : {}),
        ...overrides.engineOptions,
      },
    });

    const teacher =
      overrides.teacher ??
      (await createTeacher({
        store,
        logger: logger.child({ component: 'teach' }),
        base: files,
        liveVersion: taught.version,
        train: trainerOf(config, logger, closers),
        async apply(kb, trained) {
          await liveNlu?.swap(trained);
          engine.useKnowledge(kb);
          knowledge = kb;
        },
      }));
    if (!overrides.teacher) closers.push(() => teacher.close());

    let closed = false;
    const app: App = {
      events,
      teacher,
      config,
      logger,
      engine,
      store,
      wallet,
      nlu,
      get knowledge() {
        return knowledge;
      },
      sandboxInUse,
      async close() {
        if (closed) return;
        closed = true;
        await closeAll(closers);
      },
    };
    return app;
  } catch (error) {
    await closeAll(closers);
    throw error;
  }
}

/** Where trained models are cached: DATA_DIR, then the one trained at install time. */
function nluCacheOf(config: Config, logger: Logger): NluCacheOptions {
  return { dir: join(config.DATA_DIR, 'nlu-cache'), seedDir: NLU_SEED_DIR, logger };
}

/**
 * Trained on the knowledge base, or loaded when trained before (DATA_DIR, or at install time) on the
 * same examples and code; with NLU_THREAD, turns parse on a worker thread holding the same model. Live:
 * a console change swaps a retrained model in (bot/teach/live-nlu.ts).
 */
async function loadNlu(
  config: Config,
  knowledge: KnowledgeBase,
  logger: Logger,
  closers: (() => Promise<void>)[],
): Promise<LiveNlu> {
  const trained = await loadOrTrainNluModel(knowledge, nluCacheOf(config, logger));
  const live = createLiveNlu(trained, { threaded: config.NLU_THREAD, logger: logger.child({ component: 'nlu' }) });
  closers.push(() => live.close());
  return live;
}

/** Retrains after a console change on a worker thread (the event loop keeps answering), cached like start-up's. */
function trainerOf(
  config: Config,
  logger: Logger,
  closers: (() => Promise<void>)[],
): (kb: KnowledgeBase) => ReturnType<typeof loadOrTrainNluModel> {
  const thread = createTrainThread();
  closers.push(() => thread.close());
  return (kb) =>
    loadOrTrainNluModel(kb, {
      ...nluCacheOf(config, logger),
      trainModel: (base, domainWords) =>
        thread.train(
          base.locales.flatMap((locale) => knowledgeExamples(base, 'examples', locale)),
          domainWords,
        ),
    });
}

async function closeAll(closers: (() => Promise<void>)[]): Promise<void> {
  for (const close of closers.reverse()) {
    try {
      await close();
    } catch {
      // closing is best effort; the first error already surfaced
    }
  }
}
