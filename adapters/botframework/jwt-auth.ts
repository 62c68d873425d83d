import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { BotFrameworkError } from './errors.ts';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
const BOT_FRAMEWORK_JWKS = 'https://login.botframework.com/v1/.well-known/keys';
const CLOCK_TOLERANCE_S = 300;

export interface BotFrameworkJwtOptions {
  /** The bot's client id (MICROSOFT_APP_ID): the audience every token must carry. */
  appId: string;
  /** Single-tenant bots also accept Entra tokens of their tenant (from the callers below). */
  tenantId?: string;
  /** App ids whose Entra tokens are accepted (v1 `appid`, v2 `azp`); empty or absent = [appId]. */
  allowedCallers?: readonly string[];
  /** Signing keys per issuer; default the published Bot Framework / Entra key sets (fetched, cached). Tests inject local keys. */
  keysFor?: (issuer: string) => JWTVerifyGetKey;
  /** Test hook: JWKS URLs served on loopback instead of Microsoft's. Production never sets it. */
  keySetUrls?: { botFramework?: string; tenant?: string };
  now?: () => number;
}

/**
 * Verifies the bearer token on an activity: RS256, audience = our app id, a trusted issuer, not
 * expired, signed with the issuer's published keys. Everything that can be checked without the keys
 * is checked first, so a malformed token or one for another bot never causes a key fetch.
 *
 * Two kinds of token are accepted (learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication):
 * - Azure Bot Service channel tokens: iss https://api.botframework.com, no appid/azp, and a `serviceurl`
 *   claim (the connector the activity may be answered at; the adapter binds it to the activity).
 * - With a tenant configured, Entra tokens of that tenant (agent-to-agent calls): iss
 *   https://sts.windows.net/<tenant>/ (v1, caller in `appid`) or https://login.microsoftonline.com/<tenant>/v2.0
 *   (v2, caller in `azp`), per the Entra access-token claims reference and the Agents SDK's
 *   AgentClaims.GetAppId. Only callers on the allow-list are accepted (403 otherwise).
 */
export function createBotFrameworkJwtVerifier(opts: BotFrameworkJwtOptions) {
  const v1Issuer = opts.tenantId ? `https://sts.windows.net/${opts.tenantId}/` : undefined;
  const v2Issuer = opts.tenantId ? `https://login.microsoftonline.com/${opts.tenantId}/v2.0` : undefined;
  const issuers = [BOT_FRAMEWORK_ISSUER, ...(v1Issuer && v2Issuer ? [v1Issuer, v2Issuer] : [])];
  const allowedCallers = new Set(opts.allowedCallers?.length ? opts.allowedCallers : [opts.appId]);
  const remote = new Map<string, JWTVerifyGetKey>();
  const keysFor =
    opts.keysFor ??
    ((issuer: string): JWTVerifyGetKey => {
      const url =
        issuer === BOT_FRAMEWORK_ISSUER
          ? (opts.keySetUrls?.botFramework ?? BOT_FRAMEWORK_JWKS)
          : (opts.keySetUrls?.tenant ?? `https://login.microsoftonline.com/${opts.tenantId}/discovery/v2.0/keys`);
      let set = remote.get(url);
      if (!set) {
        set = createRemoteJWKSet(new URL(url), {
          timeoutDuration: 5000,
          cooldownDuration: 30_000,
          cacheMaxAge: 24 * 3600_000,
        });
        remote.set(url, set);
      }
      return set;
    });
  const now = opts.now ?? Date.now;

  return async function verify(authorization: string | undefined): Promise<JWTPayload> {
    const m = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization?.trim() ?? '');
    if (!m?.[1])
      throw new BotFrameworkError(
        'unauthorized',
        authorization ? 'malformed Authorization header' : 'Authorization header missing',
      );
    const token = m[1];
    let header: ReturnType<typeof decodeProtectedHeader>;
    let claims: JWTPayload;
    try {
      header = decodeProtectedHeader(token);
      claims = decodeJwt(token);
    } catch {
      throw new BotFrameworkError('unauthorized', 'token is not a JWT');
    }
    if (header.alg !== 'RS256' || typeof header.kid !== 'string')
      throw new BotFrameworkError('unauthorized', 'token must be RS256 with a key id');
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(opts.appId)) throw new BotFrameworkError('unauthorized', 'token audience is not this bot');
    if (typeof claims.iss !== 'string' || !issuers.includes(claims.iss))
      throw new BotFrameworkError('unauthorized', 'token issuer is not trusted');
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < now() - CLOCK_TOLERANCE_S * 1000) {
      throw new BotFrameworkError('unauthorized', 'token expired');
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keysFor(claims.iss), {
        audience: opts.appId,
        issuer: issuers,
        algorithms: ['RS256'],
        clockTolerance: CLOCK_TOLERANCE_S,
        currentDate: new Date(now()),
      }));
    } catch (err) {
      throw new BotFrameworkError('unauthorized', `token rejected: ${(err as Error).message}`);
    }
    if (payload.iss === BOT_FRAMEWORK_ISSUER) {
      // Channel tokens always carry the connector URL; without it there is nothing to bind the activity to.
      if (typeof payload.serviceurl !== 'string')
        throw new BotFrameworkError('unauthorized', 'channel token without serviceurl claim');
      return payload;
    }
    const caller = payload.iss === v1Issuer ? payload.appid : payload.azp;
    if (typeof caller !== 'string' || !allowedCallers.has(caller))
      throw new BotFrameworkError('forbidden', 'calling app is not allowed');
    return payload;
  };
}

export type BotFrameworkJwtVerifier = ReturnType<typeof createBotFrameworkJwtVerifier>;
