import type { Config } from '../../bot/config.ts';
import type { DeskOptions } from '../../bot/handoff/desk.ts';
import type { ChannelPlugin } from '../../bot/plugin/types.ts';
import { lazyModule } from '../shared/plugin-support.ts';
import type { SlackHandoff } from './index.ts';

export interface SlackChannelOptions {
  deskOptions?: Partial<DeskOptions>;
  /** Called with the built desk (tests, metrics). */
  onReady?: (handoff: SlackHandoff) => void;
}

const enabled = (config: Config): boolean => Boolean(config.SLACK_BOT_TOKEN);

/**
 * The Slack handoff desk as a channel, for the agents rather than the customers: on with
 * SLACK_BOT_TOKEN. Mounts POST /slack/events (before the body parser), attaches the desk to the engine
 * (which makes and answers email-ticket offers itself), delivers to customers on every channel through
 * the server's sink router, and runs the outbox retries and the timeout sweeper while the server runs.
 * Bolt is loaded only when the desk is on. It has no `send`: its people are agents, not customers.
 */
export function createSlackChannel(opts: SlackChannelOptions = {}): ChannelPlugin {
  const module = lazyModule('slack', () => import('./index.ts'));
  let handoff: SlackHandoff | undefined;
  return {
    name: 'slack',
    enabled,
    prepare: () => module.load(),
    mount(routes, ctx) {
      const { app } = ctx;
      handoff = module.get().createSlackHandoff({
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
      routes.webhooks.use(handoff.router());
      opts.onReady?.(handoff);
    },
    async start() {
      handoff?.start();
    },
    async stop() {
      await handoff?.stop();
    },
  };
}
