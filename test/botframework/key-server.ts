import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { BOT_FRAMEWORK_ISSUER } from '../../adapters/botframework/jwt-auth.ts';

export const TEST_KID = 'test-key-1';
type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/**
 * A test key set: a JWKS served at /keys on 127.0.0.1 (what login.botframework.com and Entra
 * publish) and a signer for tokens shaped like Azure Bot Service's. `requests` counts key fetches.
 */
export async function startKeyServer() {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const stranger = (await generateKeyPair('RS256')).privateKey;
  const jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: TEST_KID, alg: 'RS256', use: 'sig' }] };
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.setHeader('content-type', 'application/json');
    if (req.method === 'GET' && req.url === '/keys') {
      res.end(JSON.stringify(jwks));
      return;
    }
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  /** A token with these claims (default issuer Bot Framework, 10 minutes), signed by the served key or `signer`. */
  function sign(claims: Record<string, unknown>, signer: 'genuine' | 'stranger' = 'genuine'): Promise<string> {
    const { iss, aud, ...rest } = claims;
    return new SignJWT(rest)
      .setProtectedHeader({ alg: 'RS256', kid: TEST_KID })
      .setIssuer(typeof iss === 'string' ? iss : BOT_FRAMEWORK_ISSUER)
      .setAudience(typeof aud === 'string' ? aud : 'unset-audience')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(signer === 'genuine' ? pair.privateKey : (stranger as PrivateKey));
  }

  return {
    url: `http://127.0.0.1:${port}/keys`,
    requests,
    sign,
    async close(): Promise<void> {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type KeyServer = Awaited<ReturnType<typeof startKeyServer>>;
