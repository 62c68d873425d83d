import express, { type Request, type Response, type Router } from 'express';
import type { CloudAdapter, MessageFactory, TurnContext } from '@microsoft/agents-hosting';
import type { Activity, ConversationReference } from '@microsoft/agents-activity';
import type { Logger } from '../../bot/logger.ts';
import type { Store } from '../../bot/store/types.ts';
import type { Engine } from '../../bot/core/turn.ts';
import type { Button, ChannelAdapter, Reply } from '../../bot/core/messages.ts';
import { renderMarkdown } from '../shared/render/markdown.ts';
import { BotFrameworkError } from './errors.ts';
import { createBotFrameworkJwtVerifier, type BotFrameworkJwtOptions } from './jwt-auth.ts';
import { botFrameworkConversationId, parseActivity, type ActivityLike } from './parse-activity.ts';
import {
  fixedTokenConnections,
  hasReplyCredentials,
  sdkAuthConfiguration,
  type BotFrameworkCredentials,
} from './sdk-auth.ts';
import { isLoopbackServiceUrl, outboundServiceUrlPolicy, serviceUrlMatchesClaim } from './service-url.ts';

export interface BotFrameworkAdapterOptions extends BotFrameworkCredentials {
  /** MICROSOFT_ALLOWED_CALLERS: app ids whose Entra tokens are accepted when a tenant is configured; default [appId]. */
  allowedCallers?: readonly string[];
  /**
   * Without appId, accept unauthenticated activities whose serviceUrl is loopback (BOTFRAMEWORK_ANONYMOUS,
   * local emulator work; never in production). Without appId and without this, the adapter refuses to start.
   */
  allowAnonymous: boolean;
  /** Route path; default /api/messages. */
  path?: string;
  engine: Engine;
  store: Store;
  logger: Logger;
  /** Test hook: local signing keys instead of the published ones. */
  keysFor?: BotFrameworkJwtOptions['keysFor'];
  /** Test hook: JWKS URLs on loopback instead of Microsoft's. */
  keySetUrls?: BotFrameworkJwtOptions['keySetUrls'];
  /** Test hook: the bot's access token for its replies, instead of one from Entra. */
  replyToken?: (scope: string) => Promise<string>;
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
    throw new BotFrameworkError(
      'bad_config',
      'MICROSOFT_APP_ID is required (or BOTFRAMEWORK_ANONYMOUS=true for local emulator work)',
    );
  }
  if (!opts.appId) {
    logger.warn(
      'Bot Framework channel runs WITHOUT authentication (BOTFRAMEWORK_ANONYMOUS): only loopback serviceUrls are answered; local emulator work only',
    );
  }
  if (opts.appId && !hasReplyCredentials(opts)) {
    logger.warn(
      'neither MICROSOFT_APP_PASSWORD nor MICROSOFT_APP_CERT_PEM_FILE/KEY_FILE is set: replies to Azure Bot Service will fail to get a token',
    );
  }

  const outboundPolicy = outboundServiceUrlPolicy(!opts.appId);
  let sdk: Promise<Sdk> | undefined;
  /** The SDK's cloud adapter and message factory, imported once on first use (a failed import is retried). */
  function loadSdk(): Promise<Sdk> {
    sdk ??= import('@microsoft/agents-hosting').then(
      (m) => {
        const auth = sdkAuthConfiguration(opts);
        // The SDK's serviceUrl checks on top of ours (service-url.ts): claim host check and outbound URL policy.
        const cloudAdapter = new m.CloudAdapter(
          auth,
          undefined,
          undefined,
          { validateServiceUrl: true },
          outboundPolicy,
        );
        if (opts.replyToken) cloudAdapter.connectionManager = fixedTokenConnections(opts.replyToken, auth);
        cloudAdapter.onTurnError = async (_context, error) => {
          // Only name and message: SDK errors may carry the outgoing activity (message text) in their details.
          const err =
            error instanceof Error ? { name: error.name, message: error.message } : { message: String(error) };
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
    ? createBotFrameworkJwtVerifier({
        appId: opts.appId,
        ...(opts.tenantId ? { tenantId: opts.tenantId } : {}),
        ...(opts.allowedCallers ? { allowedCallers: opts.allowedCallers } : {}),
        ...(opts.keysFor ? { keysFor: opts.keysFor } : {}),
        ...(opts.keySetUrls ? { keySetUrls: opts.keySetUrls } : {}),
      })
    : undefined;
  /** Identity for proactive sends: the app id (tokens from Entra), or anonymous (no aud). */
  const proactiveIdentity = opts.appId ? opts.appId : { name: 'anonymous' };

  /** Replies are Markdown: sent normalised (literal characters escaped) and marked as such for the client. */
  function toActivity(messages: typeof MessageFactory, reply: Reply): Partial<Activity> {
    const text = renderMarkdown(reply);
    const activity = reply.buttons?.length
      ? messages.suggestedActions(
          reply.buttons.map((b) => ({ type: 'postBack', title: b.label, value: b.value, text: b.value })),
          text,
        )
      : messages.text(text);
    return { ...activity, textFormat: 'markdown' };
  }

  async function sendReplies(context: TurnContext, conversationId: string, replies: Reply[]): Promise<void> {
    const withButtons = replies.findLast((r) => Boolean(r.buttons?.length));
    if (withButtons?.buttons)
      await store.set(buttonsKey(conversationId), withButtons.buttons, { ttlMs: BUTTONS_TTL_MS });
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
    if (
      event.input.kind === 'start' &&
      !(await store.setIfAbsent(welcomedKey(conversationId), 1, { ttlMs: REFERENCE_TTL_MS }))
    )
      return;
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
      if (err instanceof BotFrameworkError && err.code === 'forbidden') {
        res
          .status(403)
          .json({ error: { code: 'forbidden', message: 'this caller may not send activities to this bot' } });
        return;
      }
      res.status(401).json({ error: { code: 'unauthorized', message: 'invalid or missing bearer token' } });
    }
  }

  /**
   * Why the activity's serviceUrl may not be answered, or undefined. Checked before the SDK sees the
   * activity, so a refused one causes no outbound request at all.
   */
  function serviceUrlRefusal(req: Request, serviceUrl: unknown): { code: string; message: string } | undefined {
    if (!verify) {
      return isLoopbackServiceUrl(serviceUrl)
        ? undefined
        : {
            code: 'service_url_refused',
            message: 'without MICROSOFT_APP_ID only loopback serviceUrls are answered (localhost, 127.0.0.0/8, [::1])',
          };
    }
    const claim = (req as unknown as SdkRequest).user?.serviceurl;
    if (typeof claim === 'string') {
      return serviceUrlMatchesClaim(serviceUrl, claim)
        ? undefined
        : { code: 'service_url_mismatch', message: 'serviceUrl is not the one the token was issued for' };
    }
    // Entra tokens of allowed callers carry no serviceurl claim: their serviceUrl must pass the outbound policy.
    return serviceUrl === undefined || outboundPolicy.isAllowed(typeof serviceUrl === 'string' ? serviceUrl : null)
      ? undefined
      : { code: 'service_url_refused', message: 'serviceUrl must be https (or loopback)' };
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
      if (!reference)
        throw new BotFrameworkError(
          'no_reference',
          'no stored conversation reference: the customer has not written yet',
        );
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
          if (
            typeof req.body !== 'object' ||
            req.body === null ||
            typeof (req.body as { type?: unknown }).type !== 'string'
          ) {
            res.status(400).json({ error: { code: 'invalid_request', message: 'not a Bot Framework activity' } });
            return;
          }
          const refusal = serviceUrlRefusal(req, (req.body as { serviceUrl?: unknown }).serviceUrl);
          if (refusal) {
            logger.warn({ ip: req.ip, reason: refusal.code }, 'bot framework activity refused');
            res.status(403).json({ error: refusal });
            return;
          }
          loadSdk()
            .then(({ cloudAdapter }) =>
              cloudAdapter.process(req as unknown as SdkRequest, res as unknown as SdkResponse, onTurn),
            )
            .catch(next);
        },
      );
      return router;
    },
  };
}
