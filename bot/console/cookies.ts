/**
 * The console's session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page sends
 * it), Path=/. In production it is also Secure and named with the `__Host-` prefix, which browsers accept
 * only from a secure origin, without Domain, on Path=/ — so no sibling subdomain can plant or shadow it.
 */
import type { CookieOptions, Request, Response } from 'express';

const BASE_NAME = 'upay_console';
/** A Cookie header longer than this is not searched (the token is 43 characters). */
const MAX_COOKIE_HEADER_CHARS = 8_192;

export interface ConsoleCookie {
  readonly name: string;
  /** The session token the request carries, if any. */
  read(req: Request): string | undefined;
  set(res: Response, token: string, maxAgeMs: number): void;
  clear(res: Response): void;
}

export function consoleCookie(production: boolean): ConsoleCookie {
  const name = production ? `__Host-${BASE_NAME}` : BASE_NAME;
  const options: CookieOptions = { httpOnly: true, sameSite: 'strict', path: '/', secure: production };
  return {
    name,
    read(req) {
      const header = req.headers.cookie;
      if (typeof header !== 'string' || header.length > MAX_COOKIE_HEADER_CHARS) return undefined;
      for (const part of header.split(';')) {
        const eq = part.indexOf('=');
        if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
        return part.slice(eq + 1).trim();
      }
      return undefined;
    },
    set(res, token, maxAgeMs) {
      res.cookie(name, token, { ...options, maxAge: maxAgeMs });
    },
    clear(res) {
      res.clearCookie(name, options);
    },
  };
}
