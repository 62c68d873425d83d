import type { PluginContext, ServerPlugin } from '../../bot/start.ts';
import type { DeskOptions } from '../../bot/handoff/desk.ts';
import { createSlackHandoff, mountSlack, type SlackHandoff } from './index.ts';

export interface SlackPluginOptions {
  deskOptions?: Partial<DeskOptions>;
  /**
   * Route customers' answers to an email-ticket offer to the desk before the engine (the engine has
   * no hook for them yet). Default true; turn off once the engine handles ticket offers itself.
   */
  interceptTicketReplies?: boolean;
  /** Called with the built desk (tests, metrics). */
  onReady?: (handoff: SlackHandoff) => void;
}

/**
 * The Slack handoff desk as a server plugin: mounts POST /slack/events (before the JSON parser),
 * attaches the desk to the engine, delivers to customers through the server's sink router, and
 * runs the outbox retries and the timeout sweeper while the server runs. Does nothing when
 * SLACK_BOT_TOKEN is unset.
 */
export function createSlackPlugin(opts: SlackPluginOptions = {}): ServerPlugin {
  let handoff: SlackHandoff | undefined;
  return {
    name: 'slack-handoff',
    mount(express, ctx: PluginContext) {
      if (!ctx.config.SLACK_BOT_TOKEN) return;
      const { app } = ctx;
      handoff = createSlackHandoff({
        config: ctx.config,
        store: app.store,
        logger: app.logger,
        nlu: app.nlu,
        knowledge: app.knowledge,
        engine: app.engine,
        sink: ctx.sinks,
        ...(opts.deskOptions ? { deskOptions: opts.deskOptions } : {}),
      });
      if (opts.interceptTicketReplies !== false) {
        const engine = app.engine;
        const original = engine.handle.bind(engine);
        const wrapped = handoff.wrapEngine({ handle: original });
        engine.handle = (event) => wrapped.handle(event);
      }
      mountSlack(express, handoff);
      opts.onReady?.(handoff);
    },
    async start() {
      handoff?.start();
    },
    async close() {
      await handoff?.stop();
    },
  };
}
