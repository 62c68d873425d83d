import express, { type Request, type Response, type Router } from 'express';
import type { CloudAdapter, MessageFactory, TurnContext } from '@microsoft/agents-hosting';
import type { Activity, ConversationReference } from '@microsoft/agents-activity';
import type { Logger } from '../../bot/logger.ts';
import type { Store } from '../../bot/store/types.ts';
import type { Engine } from '../../bot/types.ts';
import type { Button, ChannelAdapter, Reply } from '../types.ts';
import { BotFrameworkError } from './errors.ts';
import { createBotFrameworkJwtVerifier, type BotFrameworkJwtOptions } from './jwt-auth.ts';
import { botFrameworkConversationId, parseActivity, type ActivityLike } from './parse-activity.ts';

export interface BotFrameworkAdapterOptions {
  /** MICROSOFT_APP_ID; absent = anonymous (local development only). */
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  /** Anonymous activities are refused unless this is true (never in production). */
  allowAnonymous: boolean;
  /** Route path; default /api/messages. */
  path?: string;
  engine: Engine;
  store: Store;
  logger: Logger;
  /** Test hook: local signing keys instead of the published ones. */
  keysFor?: BotFrameworkJwtOptions['keysFor'];
}

export interface BotFrameworkAdapter extends ChannelAdapter {
  readonly channel: 'botframework';
  router(): Router;
  /**
   * Loads the Bot Framework SDK (~0.7 s of module loading) ahead of the first activity. The SDK is
   * imported on first use, not at start-up, so the service is ready sooner; call this once it listens.
   */
  warmUp(): Promise<void>;
}

const REFERENCE_TTL_MS = 90 * 24 * 3600_000;
const BUTTONS_TTL_MS = 24 * 3600_000;
const refKey = (conversationId: string): string => `botframework:ref:${conversationId}`;
const buttonsKey = (conversationId: string): string => `botframework:buttons:${conversationId}`;
const welcomedKey = (conversationId: string): string => `botframework:welcomed:${conversationId}`;

interface Sdk {
  cloudAdapter: CloudAdapter;
  messages: typeof MessageFactory;
}

type SdkRequest = Parameters<CloudAdapter['process']>[0];
type SdkResponse = Parameters<CloudAdapter['process']>[1];

export function createBotFrameworkAdapter(opts: BotFrameworkAdapterOptions): BotFrameworkAdapter {
  const { engine, store } = opts;
  const logger = opts.logger.child({ channel: 'botframework' });
  if (!opts.appId && !opts.allowAnonymous) {
    throw new BotFrameworkError('bad_config', 'MICROSOFT_APP_ID is required (anonymous Bot Framework traffic is for local development only)');
  }
  if (!opts.appId) logger.warn('Bot Framework channel runs WITHOUT authentication (no MICROSOFT_APP_ID): local development only');
  if (opts.appId && !opts.appPassword) logger.warn('MICROSOFT_APP_PASSWORD is not set: replies to Azure Bot Service will fail to get a token');

  let sdk: Promise<Sdk> | undefined;
  /** The SDK's cloud adapter and message factory, imported once on first use (a failed import is retried). */
  function loadSdk(): Promise<Sdk> {
    sdk ??= import('@microsoft/agents-hosting').then(
      (m) => {
        const cloudAdapter = new m.CloudAdapter(
          opts.appId
            ? { clientId: opts.appId, ...(opts.appPassword ? { clientSecret: opts.appPassword } : {}), ...(opts.tenantId ? { tenantId: opts.tenantId } : {}) }
            : { clientId: '' },
        );
        cloudAdapter.onTurnError = async (_context, error) => {
          // Only name and message: SDK errors may carry the outgoing activity (message text) in their details.
          const err = error instanceof Error ? { name: error.name, message: error.message } : { message: String(error) };
          logger.error({ err }, 'bot framework turn failed');
        };
        return { cloudAdapter, messages: m.MessageFactory };
      },
      (err: unknown) => {
        sdk = undefined;
        throw err;
      },
    );
    return sdk;
  }
  const verify = opts.appId
    ? createBotFrameworkJwtVerifier({ appId: opts.appId, ...(opts.tenantId ? { tenantId: opts.tenantId } : {}), ...(opts.keysFor ? { keysFor: opts.keysFor } : {}) })
    : undefined;
  /** Identity for proactive sends: the app id (tokens from Entra), or anonymous (no aud). */
  const proactiveIdentity = opts.appId ? opts.appId : { name: 'anonymous' };

  function toActivity(messages: typeof MessageFactory, reply: Reply): Partial<Activity> {
    const text = reply.from === 'agent' && reply.agentName ? `${reply.agentName}: ${reply.text}` : reply.text;
    if (!reply.buttons?.length) return messages.text(text);
    return messages.suggestedActions(
      reply.buttons.map((b) => ({ type: 'postBack', title: b.label, value: b.value, text: b.value })),
      text,
    );
  }

  async function sendReplies(context: TurnContext, conversationId: string, replies: Reply[]): Promise<void> {
    const withButtons = replies.findLast((r) => Boolean(r.buttons?.length));
    if (withButtons?.buttons) await store.set(buttonsKey(conversationId), withButtons.buttons, { ttlMs: BUTTONS_TTL_MS });
    const { messages } = await loadSdk();
    for (const reply of replies) await context.sendActivity(toActivity(messages, reply) as Activity);
  }

  async function onTurn(context: TurnContext): Promise<void> {
    const activity = context.activity as unknown as ActivityLike;
    const conversationId = botFrameworkConversationId(activity);
    if (!conversationId) return;
    if (activity.type === 'message' || activity.type === 'conversationUpdate') {
      const reference = context.activity.getConversationReference();
      await store.set(refKey(conversationId), reference, { ttlMs: REFERENCE_TTL_MS });
    }
    const lastButtons = (await store.get<Button[]>(buttonsKey(conversationId))) ?? [];
    const event = parseActivity(activity, lastButtons);
    if (!event) return;
    if (event.input.kind === 'start' && !(await store.setIfAbsent(welcomedKey(conversationId), 1, { ttlMs: REFERENCE_TTL_MS }))) return;
    if (event.input.kind === 'action') await store.delete(buttonsKey(conversationId));
    const result = await engine.handle(event);
    if (result.duplicate) return;
    await sendReplies(context, conversationId, result.replies);
  }

  async function authorize(req: Request, res: Response, next: () => void): Promise<void> {
    if (!verify) {
      (req as unknown as SdkRequest).user = { name: 'anonymous' };
      next();
      return;
    }
    try {
      (req as unknown as SdkRequest).user = await verify(req.get('authorization'));
      next();
    } catch (err) {
      logger.warn({ ip: req.ip, reason: (err as Error).message }, 'bot framework activity rejected');
      res.status(401).json({ error: { code: 'unauthorized', message: 'invalid or missing bearer token' } });
    }
  }

  return {
    channel: 'botframework',

    async warmUp(): Promise<void> {
      await loadSdk();
    },

    async send(conversationId: string, replies: Reply[]): Promise<void> {
      if (!conversationId.startsWith('botframework:')) {
        throw new BotFrameworkError('bad_conversation', `not a Bot Framework conversation id: ${conversationId}`);
      }
      const reference = await store.get<ConversationReference>(refKey(conversationId));
      if (!reference) throw new BotFrameworkError('no_reference', 'no stored conversation reference: the customer has not written yet');
      const { cloudAdapter } = await loadSdk();
      await cloudAdapter.continueConversation(proactiveIdentity, reference, async (context) => {
        await sendReplies(context, conversationId, replies);
      });
    },

    router(): Router {
      const router = express.Router();
      router.post(
        opts.path ?? '/api/messages',
        (req, res, next) => {
          void authorize(req, res, next);
        },
        express.json({ limit: '256kb' }),
        (req, res, next) => {
          if (typeof req.body !== 'object' || req.body === null || typeof (req.body as { type?: unknown }).type !== 'string') {
            res.status(400).json({ error: { code: 'invalid_request', message: 'not a Bot Framework activity' } });
            return;
          }
          loadSdk()
            .then(({ cloudAdapter }) => cloudAdapter.process(req as unknown as SdkRequest, res as unknown as SdkResponse, onTurn))
            .catch(next);
        },
      );
      return router;
    },
  };
}
