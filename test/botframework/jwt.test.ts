import express from 'express';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTVerifyGetKey } from 'jose';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBotFrameworkAdapter } from '../../adapters/botframework/adapter.ts';
import { BOT_FRAMEWORK_ISSUER, createBotFrameworkJwtVerifier } from '../../adapters/botframework/jwt-auth.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import { createScriptedEngine } from '../telegram/helpers.ts';
import { postActivity } from './post-activity.ts';

const APP_ID = '00000000-aaaa-bbbb-cccc-000000000001';
type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

describe('Bot Framework JWT validation (offline: keys injected, no network)', () => {
  let genuine: Key;
  let attacker: Key;
  let jwks: JWTVerifyGetKey;
  const keyLookups: string[] = [];
  const keysFor = (issuer: string): JWTVerifyGetKey => {
    keyLookups.push(issuer);
    return jwks;
  };

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    genuine = pair.privateKey;
    attacker = (await generateKeyPair('RS256')).privateKey;
    jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] });
  });

  const sign = (key: Key, claims: Record<string, unknown> = {}, kid = 'k1'): Promise<string> =>
    new SignJWT({ serviceurl: 'http://127.0.0.1/', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(typeof claims.iss === 'string' ? claims.iss : BOT_FRAMEWORK_ISSUER)
      .setAudience(typeof claims.aud === 'string' ? claims.aud : APP_ID)
      .setIssuedAt()
      .setExpirationTime(typeof claims.exp === 'number' ? claims.exp : '10m')
      .sign(key);

  function app() {
    const scripted = createScriptedEngine(() => [{ text: 'should not run' }]);
    const adapter = createBotFrameworkAdapter({
      appId: APP_ID,
      allowAnonymous: false,
      engine: scripted.engine,
      store: createMemoryStore(),
      logger: silentLogger,
      keysFor,
    });
    const a = express();
    a.use(adapter.router());
    return { app: a, scripted };
  }

  const body = {
    type: 'message',
    id: 'x1',
    serviceUrl: 'http://127.0.0.1:9/',
    channelId: 'webchat',
    from: { id: 'u' },
    conversation: { id: 'c' },
    recipient: { id: 'b' },
    text: 'hi',
  };

  it('an activity without, or with a bogus, Authorization header gets 401 and runs nothing', async () => {
    const { app: a, scripted } = app();
    keyLookups.length = 0;
    await request(a).post('/api/messages').send(body).expect(401);
    await request(a).post('/api/messages').set('Authorization', 'Bearer not-a-token').send(body).expect(401);
    await request(a).post('/api/messages').set('Authorization', 'Basic dXNlcjpwYXNz').send(body).expect(401);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ aud: APP_ID, iss: BOT_FRAMEWORK_ISSUER })).toString('base64url')}.sig`;
    await postActivity(a, unsigned, body).expect(401);
    await postActivity(a, await sign(genuine, { aud: 'someone-else' }), body).expect(401);
    await postActivity(a, await sign(genuine, { iss: 'https://evil.example' }), body).expect(401);
    await postActivity(a, await sign(genuine, { exp: Math.floor(Date.now() / 1000) - 3600 }), body).expect(401);
    // None of those even looked for signing keys (so none could reach the network).
    expect(keyLookups).toEqual([]);
    // A plausible token signed with someone else's key fails the signature check.
    await postActivity(a, await sign(attacker), body).expect(401);
    expect(keyLookups).toEqual([BOT_FRAMEWORK_ISSUER]);
    expect(scripted.events).toHaveLength(0);
  });

  it('the verifier accepts a token signed with the issuer key for this bot', async () => {
    const verify = createBotFrameworkJwtVerifier({ appId: APP_ID, keysFor });
    const payload = await verify(`Bearer ${await sign(genuine)}`);
    expect(payload).toMatchObject({ aud: APP_ID, iss: BOT_FRAMEWORK_ISSUER });
    await expect(verify(`Bearer ${await sign(genuine, {}, 'unknown-kid')}`)).rejects.toMatchObject({
      code: 'unauthorized',
    });
  });

  it('without injected keys, a forged token is still refused without any key fetch when its claims are wrong', async () => {
    const verify = createBotFrameworkJwtVerifier({ appId: APP_ID });
    const started = Date.now();
    await expect(verify(`Bearer ${await sign(attacker, { aud: 'other' })}`)).rejects.toMatchObject({
      code: 'unauthorized',
    });
    await expect(verify(undefined)).rejects.toMatchObject({ code: 'unauthorized' });
    expect(Date.now() - started).toBeLessThan(500);
  });
});
