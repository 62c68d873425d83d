import type { PluginContext, ServerPlugin } from '../../bot/plugin/types.ts';
import type { DeskOptions } from '../../bot/handoff/desk.ts';
import { createSlackHandoff, mountSlack, type SlackHandoff } from './index.ts';

export interface SlackPluginOptions {
  deskOptions?: Partial<DeskOptions>;
  /** Called with the built desk (tests, metrics). */
  onReady?: (handoff: SlackHandoff) => void;
}

/**
 * The Slack handoff desk as a server plugin: mounts POST /slack/events (before the JSON parser),
 * attaches the desk to the engine (which makes and answers email-ticket offers itself), delivers
 * to customers through the server's sink router, and runs the outbox retries and the timeout
 * sweeper while the server runs. Does nothing when SLACK_BOT_TOKEN is unset.
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
        // The engine offers email tickets, answers them and tells the customer about a delayed desk.
        deskOptions: { engineOffersTickets: true, ...opts.deskOptions },
      });
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
