import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { BotFrameworkError } from './errors.ts';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
const BOT_FRAMEWORK_JWKS = 'https://login.botframework.com/v1/.well-known/keys';
const CLOCK_TOLERANCE_S = 300;

export interface BotFrameworkJwtOptions {
  /** The bot's client id (MICROSOFT_APP_ID): the audience every token must carry. */
  appId: string;
  /** Single-tenant bots also accept Entra tokens of their tenant. */
  tenantId?: string;
  /** Signing keys per issuer; default the published Bot Framework / Entra key sets (fetched, cached). Tests inject local keys. */
  keysFor?: (issuer: string) => JWTVerifyGetKey;
  now?: () => number;
}

/**
 * Verifies the bearer token Azure Bot Service puts on every activity: RS256, audience = our app id,
 * a trusted issuer, not expired, signed with the issuer's published keys. Everything that can be
 * checked without the keys is checked first, so a forged or malformed token never causes a key fetch.
 */
export function createBotFrameworkJwtVerifier(opts: BotFrameworkJwtOptions) {
  const issuers = [BOT_FRAMEWORK_ISSUER];
  if (opts.tenantId) issuers.push(`https://sts.windows.net/${opts.tenantId}/`, `https://login.microsoftonline.com/${opts.tenantId}/v2.0`);
  const remote = new Map<string, JWTVerifyGetKey>();
  const keysFor =
    opts.keysFor ??
    ((issuer: string): JWTVerifyGetKey => {
      const url = issuer === BOT_FRAMEWORK_ISSUER ? BOT_FRAMEWORK_JWKS : `https://login.microsoftonline.com/${opts.tenantId}/discovery/v2.0/keys`;
      let set = remote.get(url);
      if (!set) {
        set = createRemoteJWKSet(new URL(url), { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 24 * 3600_000 });
        remote.set(url, set);
      }
      return set;
    });
  const now = opts.now ?? Date.now;

  return async function verify(authorization: string | undefined): Promise<JWTPayload> {
    const m = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization?.trim() ?? '');
    if (!m?.[1]) throw new BotFrameworkError('unauthorized', authorization ? 'malformed Authorization header' : 'Authorization header missing');
    const token = m[1];
    let header: ReturnType<typeof decodeProtectedHeader>;
    let claims: JWTPayload;
    try {
      header = decodeProtectedHeader(token);
      claims = decodeJwt(token);
    } catch {
      throw new BotFrameworkError('unauthorized', 'token is not a JWT');
    }
    if (header.alg !== 'RS256' || typeof header.kid !== 'string') throw new BotFrameworkError('unauthorized', 'token must be RS256 with a key id');
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(opts.appId)) throw new BotFrameworkError('unauthorized', 'token audience is not this bot');
    if (typeof claims.iss !== 'string' || !issuers.includes(claims.iss)) throw new BotFrameworkError('unauthorized', 'token issuer is not trusted');
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < now() - CLOCK_TOLERANCE_S * 1000) {
      throw new BotFrameworkError('unauthorized', 'token expired');
    }
    try {
      const { payload } = await jwtVerify(token, keysFor(claims.iss), {
        audience: opts.appId,
        issuer: issuers,
        algorithms: ['RS256'],
        clockTolerance: CLOCK_TOLERANCE_S,
        currentDate: new Date(now()),
      });
      return payload;
    } catch (err) {
      throw new BotFrameworkError('unauthorized', `token rejected: ${(err as Error).message}`);
    }
  };
}

export type BotFrameworkJwtVerifier = ReturnType<typeof createBotFrameworkJwtVerifier>;
