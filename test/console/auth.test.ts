/** Sign-in, the session cookie, lock-out, sign-out, and sessions that end with their account. */
import { Writable } from 'node:stream';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../bot/logger.ts';
import { buildConsoleApp, call, cookieOf, createClock, PASSWORD, signIn } from './helpers.ts';

function setCookieOf(res: request.Response): string {
  const header = res.headers['set-cookie'] as unknown as string[] | undefined;
  return header?.find((c) => c.includes('upay_console=')) ?? '';
}

function login(c: ReturnType<typeof buildConsoleApp>, name: string, password: string): request.Test {
  return request(c.http).post('/api/console/login').send({ name, password });
}

describe('POST /api/console/login', () => {
  it('answers name, role and a CSRF token, and sets an HttpOnly, SameSite=Strict, expiring cookie', async () => {
    const c = buildConsoleApp();
    await c.staff.add('ana', 'editor', PASSWORD);
    const res = await login(c, 'ana', PASSWORD).expect(200);
    expect(res.body).toEqual({ name: 'ana', role: 'editor', csrfToken: expect.stringMatching(/^[\w-]{43}$/) });
    expect(res.headers['cache-control']).toBe('no-store');
    const cookie = setCookieOf(res);
    expect(cookie).toMatch(/^upay_console=[\w-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain('Max-Age=86400');
    expect(cookie).toContain('Expires=');
    expect(cookie).not.toContain('Secure');
    // The token is not the CSRF token, and the store holds neither the token nor the password.
    const token = cookie.split(';')[0]?.split('=')[1] as string;
    expect(token).not.toBe(res.body.csrfToken);
    const keys: string[] = [];
    for await (const key of c.store.keys('')) keys.push(key);
    expect(keys.join(' ')).not.toContain(token);
    expect(JSON.stringify(await c.store.get('staff:ana'))).not.toContain(PASSWORD);
    expect(JSON.stringify(await c.store.get('staff:ana'))).toMatch(/"passwordHash":"scrypt\$1024\$8\$1\$/);
    // The cookie opens the session.
    await call(c.http, 'get', '/api/console/me', { cookie: cookieOf(res), csrf: '' }).expect(200);
  });

  it('in production the cookie is Secure and named __Host-upay_console (and only that name opens a session)', async () => {
    const c = buildConsoleApp({ production: true });
    await c.staff.add('ana', 'viewer', PASSWORD);
    const res = await login(c, 'ana', PASSWORD).expect(200);
    const cookie = setCookieOf(res);
    expect(cookie).toMatch(/^__Host-upay_console=[\w-]{43};/);
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Domain');
    const token = cookie.split(';')[0]?.split('=')[1] as string;
    await call(c.http, 'get', '/api/console/me', { cookie: `__Host-upay_console=${token}`, csrf: '' }).expect(200);
    await call(c.http, 'get', '/api/console/me', { cookie: `upay_console=${token}`, csrf: '' }).expect(401);
  });

  it('a wrong password and an unknown name get the same 401 body, and no cookie', async () => {
    const c = buildConsoleApp();
    await c.staff.add('ana', 'viewer', PASSWORD);
    const wrong = await login(c, 'ana', 'not the password').expect(401);
    const unknown = await login(c, 'nobody', PASSWORD).expect(401);
    const malformed = await login(c, 'Not A Name!', PASSWORD).expect(401);
    expect(wrong.body).toEqual({ error: { code: 'bad_credentials', message: expect.any(String) } });
    expect(unknown.body).toEqual(wrong.body);
    expect(malformed.body).toEqual(wrong.body);
    expect(setCookieOf(wrong)).toBe('');
    await login(c, 'ana', '').expect(400);
    await request(c.http).post('/api/console/login').send({ name: 'ana' }).expect(400);
  });

  it('locks a name for 15 min after 5 failures (429 locked, even with the right password); other names are not locked', async () => {
    const c = buildConsoleApp();
    await c.staff.add('ana', 'viewer', PASSWORD);
    await c.staff.add('bob', 'viewer', PASSWORD);
    for (let i = 0; i < 5; i++) await login(c, 'ana', `wrong ${i}`).expect(401);
    const locked = await login(c, 'ana', PASSWORD).expect(429);
    expect(locked.body.error.code).toBe('locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    await login(c, 'bob', PASSWORD).expect(200);
    // Unknown names lock the same way (so locking reveals nothing).
    for (let i = 0; i < 5; i++) await login(c, 'ghost', `wrong ${i}`).expect(401);
    await login(c, 'ghost', 'wrong').expect(429);
  });

  it('parallel guesses are all counted', async () => {
    const c = buildConsoleApp();
    await c.staff.add('ana', 'viewer', PASSWORD);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => login(c, 'ana', `guess ${i}`)));
    expect(results.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    await login(c, 'ana', PASSWORD).expect(429);
  });

  it('a success clears the failures', async () => {
    const c = buildConsoleApp();
    await c.staff.add('ana', 'viewer', PASSWORD);
    for (let i = 0; i < 4; i++) await login(c, 'ana', `wrong ${i}`).expect(401);
    await login(c, 'ana', PASSWORD).expect(200);
    for (let i = 0; i < 4; i++) await login(c, 'ana', `wrong ${i}`).expect(401);
    await login(c, 'ana', PASSWORD).expect(200);
  });

  it('limits sign-in attempts per address, whatever the name', async () => {
    const c = buildConsoleApp({ loginPerAddress: 3 });
    await c.staff.add('ana', 'viewer', PASSWORD);
    for (const name of ['a1', 'a2', 'a3']) await login(c, name, 'x').expect(401);
    const limited = await login(c, 'ana', PASSWORD).expect(429);
    expect(limited.body.error.code).toBe('locked');
    expect(limited.headers['retry-after']).toBeDefined();
  });

  it('logs who signed in and who failed, never a password or a token', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const c = buildConsoleApp({ logger: createLogger({ level: 'info', destination }) });
    await c.staff.add('ana', 'viewer', PASSWORD);
    await login(c, 'ana', 'a wrong password').expect(401);
    await login(c, PASSWORD, 'x').expect(401);
    const ok = await login(c, 'ana', PASSWORD).expect(200);
    const log = lines.join('');
    expect(log).toContain('"staff":"ana"');
    expect(log).toContain('console sign-in failed');
    expect(log).toContain('console sign-in"');
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain('a wrong password');
    expect(log).not.toContain(cookieOf(ok).split('=')[1]);
    expect(log).not.toContain(ok.body.csrfToken);
  });
});

describe('sessions', () => {
  it('logout ends the session: the cookie no longer works', async () => {
    const c = buildConsoleApp();
    const who = await signIn(c, 'ana', 'viewer');
    const res = await call(c.http, 'post', '/api/console/logout', who).expect(204);
    expect(setCookieOf(res)).toMatch(/^upay_console=;.*Expires=Thu, 01 Jan 1970/);
    await call(c.http, 'get', '/api/console/me', who).expect(401);
  });

  it("a removed account's session is 401 (within the 5 s cache), even if the name is added again", async () => {
    const clock = createClock();
    const c = buildConsoleApp({ now: clock.now });
    await c.staff.add('boss', 'admin', PASSWORD);
    const boss = await signIn(c, 'boss', 'admin');
    const ana = await signIn(c, 'ana', 'editor');
    await call(c.http, 'get', '/api/console/me', ana).expect(200);
    // Through the console: this instance forgets its cached account at once.
    await call(c.http, 'delete', '/api/console/staff/ana', boss).expect(204);
    await call(c.http, 'get', '/api/console/me', ana).expect(401);
    // Re-added with the same name and role: the old session stays dead.
    await c.staff.add('ana', 'editor', PASSWORD);
    clock.advance(5_001);
    await call(c.http, 'get', '/api/console/me', ana).expect(401);
  });

  it('a session whose account changed role is 401', async () => {
    const clock = createClock();
    const c = buildConsoleApp();
    const other = buildConsoleApp({ store: c.store, now: clock.now }); // another instance on the same store
    const ana = await signIn(other, 'ana', 'admin');
    await call(other.http, 'get', '/api/console/staff', ana).expect(200);
    await c.staff.remove('ana');
    await c.staff.add('ana', 'viewer', PASSWORD);
    // Another instance's change is seen once the 5 s account cache has expired.
    clock.advance(4_000);
    await call(other.http, 'get', '/api/console/staff', ana).expect(200);
    clock.advance(1_001);
    await call(other.http, 'get', '/api/console/staff', ana).expect(401);
    await call(other.http, 'get', '/api/console/me', ana).expect(401);
  });

  it('a session ends after 8 h idle and 24 h after sign-in at the latest', async () => {
    const clock = createClock();
    const c = buildConsoleApp({ now: clock.now });
    const idle = await signIn(c, 'ana', 'viewer');
    const busy = await signIn(c, 'ana', 'viewer');
    for (let hour = 0; hour < 7; hour++) {
      clock.advance(3600_000);
      await call(c.http, 'get', '/api/console/me', busy).expect(200);
    }
    clock.advance(3600_000);
    await call(c.http, 'get', '/api/console/me', idle).expect(401);
    for (let hour = 8; hour < 23; hour++) {
      clock.advance(3600_000);
      await call(c.http, 'get', '/api/console/me', busy).expect(200);
    }
    clock.advance(3600_000);
    await call(c.http, 'get', '/api/console/me', busy).expect(401);
  });
});

describe('the console is off without staff', () => {
  it('answers 404 not_found on /api/console/* and /console/* until an account exists', async () => {
    const c = buildConsoleApp();
    for (const path of ['/api/console/me', '/api/console/stats', '/console/', '/console/console.js']) {
      const res = await request(c.http).get(path).expect(404);
      expect(res.body.error.code).toBe('not_found');
    }
    const login = await request(c.http).post('/api/console/login').send({ name: 'a', password: PASSWORD }).expect(404);
    expect(login.body.error.code).toBe('not_found');
    const clock = createClock();
    const same = buildConsoleApp({ store: c.store, now: clock.now });
    await request(same.http).get('/api/console/me').expect(404);
    await same.staff.add('ana', 'viewer', PASSWORD);
    // The check is cached up to 5 s.
    await request(same.http).get('/api/console/me').expect(404);
    clock.advance(5_001);
    await request(same.http).get('/api/console/me').expect(401);
  });
});
