/** Inputs the console refuses (dates, ids, bodies, sizes) and how teacher and staff errors are answered. */
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildConsoleApp, call, signIn, type SignedIn } from './helpers.ts';
import { calls } from './fake-analytics.ts';

let c: ReturnType<typeof buildConsoleApp>;
let admin: SignedIn;
beforeEach(async () => {
  c = buildConsoleApp();
  admin = await signIn(c, 'boss', 'admin');
});

const get = (path: string) => call(c.http, 'get', path, admin);
const post = (path: string, body: object) => call(c.http, 'post', path, admin, { body });

describe('date ranges', () => {
  it.each([
    '/api/console/stats?from=yesterday',
    '/api/console/stats?from=2030-13-01',
    '/api/console/stats?to=2030-01-01T25:00:00Z',
    '/api/console/stats?from=2030-01-02&to=2030-01-01',
    '/api/console/stats?from=2030-01-01&to=2030-01-01',
    '/api/console/stats?from=2028-01-01&to=2030-01-01',
    '/api/console/stats?from=2030-01-01&from=2030-01-02',
    '/api/console/stats?language=fr',
    '/api/console/stats?channel=Web%20Chat',
    '/api/console/unanswered?from=1714521600',
    '/api/console/conversations?to=not-a-date',
    '/api/console/conversations?outcome=happy',
    '/api/console/conversations?intent=Payment-Failed',
    `/api/console/conversations?from=${'2'.repeat(500)}`,
  ])('%s is 400 invalid_request', async (path) => {
    const res = await get(path).expect(400);
    expect(res.body.error.code).toBe('invalid_request');
  });

  it('defaults to the last 7 days; accepts dates, UTC times and offsets; allows 366 days', async () => {
    const before = Date.now();
    await get('/api/console/stats').expect(200);
    const filter = calls.stats.at(-1);
    expect(filter && filter.to.getTime() - filter.from.getTime()).toBe(7 * 86400_000);
    expect(filter && filter.to.getTime()).toBeGreaterThanOrEqual(before);
    await get('/api/console/stats?from=2030-01-01T08:00:00%2B08:00&to=2030-01-02T00:00:00Z').expect(200);
    expect(calls.stats.at(-1)?.from.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    await get('/api/console/stats?from=2028-01-01&to=2029-01-01').expect(200);
  });

  it('the unanswered list defaults to the last 30 days and filters by language', async () => {
    await get('/api/console/unanswered').expect(200);
    const read = c.events.reads.at(-1);
    expect(read && read.to.getTime() - read.from.getTime()).toBe(30 * 86400_000);
    const zh = await get('/api/console/unanswered?language=zh').expect(200);
    expect(zh.body.items.map((i: { id: string }) => i.id)).toEqual(['g2']);
  });
});

describe('teaching', () => {
  it('an unknown group is 404 not_found; a bad group id is 400', async () => {
    const res = await post('/api/console/unanswered/nope/assign', { intent: 'payment_failed', locale: 'en' }).expect(
      404,
    );
    expect(res.body.error.code).toBe('not_found');
    await post('/api/console/unanswered/nope/dismiss', {}).expect(404);
    await post(`/api/console/unanswered/${'x'.repeat(101)}/dismiss`, {}).expect(400);
    expect(c.teacher.calls).toEqual([]);
  });

  it('an unknown intent, out_of_scope, or a bad body is 400', async () => {
    const unknown = await post('/api/console/unanswered/g1/assign', { intent: 'no_such_intent', locale: 'en' }).expect(
      400,
    );
    expect(unknown.body.error).toEqual({ code: 'invalid_change', message: expect.stringContaining('no_such_intent') });
    await post('/api/console/unanswered/g1/assign', { intent: 'out_of_scope', locale: 'en' }).expect(400);
    await post('/api/console/unanswered/g1/assign', { intent: 'payment_failed', locale: 'fr' }).expect(400);
    await post('/api/console/unanswered/g1/assign', { intent: 'payment_failed' }).expect(400);
    await post('/api/console/unanswered/g1/assign', { intent: 'payment_failed', locale: 'en', extra: 1 }).expect(400);
    await post('/api/console/unanswered/g1/dismiss', { locale: 'de' }).expect(400);
    expect(c.teacher.calls).toEqual([]);
  });

  it('an intent created in the console (not yet in the model) may be assigned to, and is listed', async () => {
    await post('/api/console/intents', {
      intent: 'parcel_tracking',
      entries: [
        { locale: 'zh-CN', title: '包裹', answer: '不寄包裹。', examples: ['包裹在哪'] },
        { locale: 'en', title: 'Parcels', answer: 'No parcels.', examples: ['where is my parcel'] },
      ],
    }).expect(201);
    await post('/api/console/unanswered/g1/assign', { intent: 'parcel_tracking', locale: 'en' }).expect(201);
    const intents = await get('/api/console/intents').expect(200);
    expect(intents.body.items).toContainEqual({
      intent: 'parcel_tracking',
      titles: { 'zh-CN': '包裹', en: 'Parcels' },
    });
  });

  it("the teacher's invalid_change is 400 with its message; a new intent's bad field is 400 invalid_change", async () => {
    const one = await post('/api/console/intents', {
      intent: 'parcel_tracking',
      entries: [{ locale: 'en', title: 'Parcels', answer: 'No parcels.', examples: ['where is my parcel'] }],
    }).expect(400);
    expect(one.body.error).toEqual({ code: 'invalid_change', message: 'entries: both zh-CN and en are needed' });
    const empty = await post('/api/console/intents', {
      intent: 'parcel_tracking',
      entries: [{ locale: 'en', title: '', answer: 'x', examples: ['y'] }],
    }).expect(400);
    expect(empty.body.error.code).toBe('invalid_change');
    expect(empty.body.error.message).toContain('entries.0.title');
    await post('/api/console/intents', { intent: 'Bad Id', entries: [] }).expect(400);
  });

  it('undo of an unknown change is 404', async () => {
    const res = await post('/api/console/changes/c99/undo', {}).expect(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('the intent report is computed once per model version', async () => {
    const before = calls.intentReports;
    await get('/api/console/intent-report').expect(200);
    await get('/api/console/intent-report').expect(200);
    expect(calls.intentReports - before).toBe(1);
  });
});

describe('body size', () => {
  const bigIntent = (examples: number) => ({
    intent: 'parcel_tracking',
    entries: ['zh-CN', 'en'].map((locale) => ({
      locale,
      title: 'Parcels',
      answer: '答'.repeat(4_000), // the longest answer, 12 KB in UTF-8
      examples: Array.from({ length: examples }, (_, i) => `${'where is my parcel '.repeat(14)}${i}`),
    })),
  });

  it('the console takes up to 128 KiB (a new intent with answers and examples in two locales)', async () => {
    const body = bigIntent(100);
    expect(JSON.stringify(body).length).toBeGreaterThan(16 * 1024);
    await post('/api/console/intents', body).expect(201);
  });

  it('beyond 128 KiB is 413 body_too_large; the rest of /api keeps 16 KiB', async () => {
    const res = await post('/api/console/intents', { intent: 'x', pad: 'p'.repeat(129 * 1024) }).expect(413);
    expect(res.body.error.code).toBe('body_too_large');
    const nlu = await request(c.http)
      .post('/api/nlu/parse')
      .send({ text: 'p'.repeat(20 * 1024) })
      .expect(413);
    expect(nlu.body.error.code).toBe('body_too_large');
  });

  it('an over-long login is refused before any hashing', async () => {
    await request(c.http)
      .post('/api/console/login')
      .send({ name: 'boss', password: 'p'.repeat(2_000) })
      .expect(400);
    await request(c.http)
      .post('/api/console/login')
      .send({ name: 'b'.repeat(201), password: 'x' })
      .expect(400);
  });
});

describe('conversations', () => {
  it('an unknown conversation is 404; a malformed id is 400', async () => {
    expect((await get('/api/console/conversations/webchat:nope').expect(404)).body.error.code).toBe('not_found');
    await get('/api/console/conversations/no-channel').expect(400);
    await get(`/api/console/conversations/webchat:${'x'.repeat(201)}`).expect(400);
  });
});

describe('staff management', () => {
  it('refuses a taken name (409), a weak password, a bad role or name (400)', async () => {
    const add = (body: object) => post('/api/console/staff', body);
    expect(
      (await add({ name: 'boss', role: 'viewer', password: 'long enough password' }).expect(409)).body.error.code,
    ).toBe('exists');
    const weak = await add({ name: 'ana', role: 'viewer', password: 'short' }).expect(400);
    expect(weak.body.error).toEqual({ code: 'weak_password', message: expect.stringContaining('12') });
    await add({ name: 'ana', role: 'owner', password: 'long enough password' }).expect(400);
    await add({ name: 'Ana Li', role: 'viewer', password: 'long enough password' }).expect(400);
    await add({ name: 'ana', role: 'viewer', password: 'x'.repeat(257) }).expect(400);
  });

  it('removing an unknown account is 404; the last admin cannot be removed from the console', async () => {
    await call(c.http, 'delete', '/api/console/staff/nobody', admin).expect(404);
    const last = await call(c.http, 'delete', '/api/console/staff/boss', admin).expect(409);
    expect(last.body.error.code).toBe('last_admin');
    await c.staff.add('second', 'admin', 'second admin password');
    await call(c.http, 'delete', '/api/console/staff/second', admin).expect(204);
  });
});
