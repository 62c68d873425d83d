import type * as Jose from 'jose';

/** jose is imported on the first token, not at start-up (it is one of the heavier modules to load). */
let jose: Promise<typeof Jose> | undefined;
const loadJose = () => (jose ??= import('jose'));

/** A customer token the upay app signs (HS256, `sub` = customer id, `exp` required). */
export interface CustomerToken {
  customerId: string;
  expiresAt: Date;
}

export class TokenError extends Error {
  constructor(
    readonly code: 'token_invalid' | 'token_expired',
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

const CUSTOMER_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function secretKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function verifyCustomerToken(token: string, key: Uint8Array): Promise<CustomerToken> {
  const { jwtVerify, errors: joseErrors } = await loadJose();
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] });
    if (typeof payload.sub !== 'string' || !CUSTOMER_ID.test(payload.sub)) {
      throw new TokenError('token_invalid', 'token subject is not a customer id');
    }
    return { customerId: payload.sub, expiresAt: new Date((payload.exp ?? 0) * 1000) };
  } catch (error) {
    if (error instanceof TokenError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new TokenError('token_expired', 'token has expired');
    throw new TokenError('token_invalid', 'token signature or claims are invalid');
  }
}

/** Signs a customer token the way the upay app does (sandbox demo mode and tests). */
export async function signCustomerToken(customerId: string, key: Uint8Array, ttlSeconds = 3600): Promise<string> {
  const { SignJWT } = await loadJose();
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(customerId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key);
}
