/**
 * Every console endpoint: 401 without a session, 403 `csrf` without the header on POST/DELETE, 403
 * `forbidden` for a role that may not, and the answer's shape for one that may.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../bot/console/staff.ts';
import { buildConsoleApp, call, signIn, type Method, type SignedIn } from './helpers.ts';

interface Endpoint {
  method: Method;
  path: string;
  role: StaffRole;
  status: number;
  body?: object;
  /** Checks the successful answer. */
  check?(body: unknown, console: ReturnType<typeof buildConsoleApp>): void | Promise<void>;
  /** Prepares what the call acts on. */
  setup?(console: ReturnType<typeof buildConsoleApp>): Promise<void>;
}

const NEW_INTENT = {
  intent: 'parcel_tracking',
  entries: [
    { locale: 'zh-CN', title: '包裹', answer: '我们不寄包裹。', examples: ['我的包裹在哪'] },
    { locale: 'en', title: 'Parcels', answer: 'We do not ship parcels.', examples: ['where is my parcel'] },
  ],
};

const ENDPOINTS: Endpoint[] = [
  {
    method: 'get',
    path: '/api/console/me',
    role: 'viewer',
    status: 200,
    check: (body) =>
      expect(body).toMatchObject({ name: 'who', role: expect.any(String), csrfToken: expect.any(String) }),
  },
  {
    method: 'get',
    path: '/api/console/stats?from=2030-01-01&to=2030-01-08&channel=webchat&language=zh',
    role: 'viewer',
    status: 200,
    check: (body, c) => {
      expect(body).toMatchObject({ conversations: 3, filter: { channel: 'webchat', language: 'zh' } });
      // Events are read a day either side: whole contacts across `from`, a repeat within 24 h after `to`.
      expect(c.events.reads.at(-1)).toEqual({
        from: new Date('2029-12-31T00:00:00Z'),
        to: new Date('2030-01-09T00:00:00Z'),
      });
    },
  },
  {
    method: 'get',
    path: '/api/console/unanswered',
    role: 'viewer',
    status: 200,
    check: (body) => {
      const items = (body as { items: Record<string, unknown>[] }).items;
      expect(items.map((i) => i.id)).toEqual(['g1', 'g2']);
      for (const item of items) expect(item).not.toHaveProperty('texts');
      // Suggestions: the live model's ranking without out_of_scope.
      expect(items[0]?.suggestions).toEqual([
        { intent: 'payment_failed', confidence: 0.2 },
        { intent: 'greeting', confidence: 0.1 },
      ]);
    },
  },
  {
    method: 'post',
    path: '/api/console/unanswered/g1/assign',
    role: 'editor',
    status: 201,
    body: { intent: 'payment_failed', locale: 'en' },
    check: (body, c) => {
      expect(body).toMatchObject({ change: { kind: 'assign', intent: 'payment_failed', by: 'who' } });
      expect(c.teacher.calls.at(-1)).toEqual({
        method: 'assign',
        input: {
          by: 'who',
          intent: 'payment_failed',
          locale: 'en',
          groupId: 'g1',
          texts: ['where is my parcel', 'where is my parcel now'],
        },
      });
    },
  },
  {
    method: 'post',
    path: '/api/console/unanswered/g2/dismiss',
    role: 'editor',
    status: 201,
    body: {},
    check: (body, c) => {
      expect(body).toMatchObject({ change: { kind: 'dismiss', groupId: 'g2', locale: 'zh-CN' } });
      expect(c.teacher.calls.at(-1)?.method).toBe('dismiss');
    },
  },
  {
    method: 'get',
    path: '/api/console/intents',
    role: 'viewer',
    status: 200,
    check: (body) =>
      expect(body).toEqual({
        items: [
          { intent: 'greeting', titles: { 'zh-CN': 'greeting (zh-CN)', en: 'greeting (en)' } },
          { intent: 'payment_failed', titles: { 'zh-CN': 'payment_failed (zh-CN)', en: 'payment_failed (en)' } },
        ],
      }),
  },
  {
    method: 'post',
    path: '/api/console/intents',
    role: 'editor',
    status: 201,
    body: NEW_INTENT,
    check: (body) => expect(body).toMatchObject({ change: { kind: 'new_intent', intent: 'parcel_tracking' } }),
  },
  {
    method: 'get',
    path: '/api/console/changes',
    role: 'viewer',
    status: 200,
    setup: async (c) => {
      await c.teacher.teacher.dismiss({ by: 'x', locale: 'en', groupId: 'g1', texts: ['a'] });
    },
    check: (body) => expect(body).toMatchObject({ items: [{ kind: 'dismiss', id: 'c1' }] }),
  },
  {
    method: 'post',
    path: '/api/console/changes/c1/undo',
    role: 'editor',
    status: 200,
    setup: async (c) => {
      await c.teacher.teacher.dismiss({ by: 'x', locale: 'en', groupId: 'g1', texts: ['a'] });
    },
    check: (body) => expect(body).toMatchObject({ change: { id: 'c1', undone: { by: 'who' } } }),
  },
  {
    method: 'get',
    path: '/api/console/training',
    role: 'viewer',
    status: 200,
    check: (body) => expect(body).toEqual({ live: 1, wanted: 1, training: false }),
  },
  {
    method: 'get',
    path: '/api/console/conversations?outcome=handoff&intent=payment_failed&channel=webchat&language=zh',
    role: 'viewer',
    status: 200,
    check: (body) => {
      const items = (body as { items: { conversationId: string }[] }).items;
      expect(items).toHaveLength(200);
      expect(items[0]?.conversationId).toBe('webchat:c0');
    },
  },
  {
    method: 'get',
    path: '/api/console/conversations/webchat:abc',
    role: 'viewer',
    status: 200,
    check: (body) => expect(body).toMatchObject({ conversationId: 'webchat:abc', turns: [{ from: 'customer' }] }),
  },
  {
    method: 'get',
    path: '/api/console/intent-report',
    role: 'viewer',
    status: 200,
    check: (body) => expect(body).toMatchObject({ modelVersion: 1, accuracy: 0.9 }),
  },
  {
    method: 'get',
    path: '/api/console/staff',
    role: 'admin',
    status: 200,
    check: (body) =>
      expect((body as { items: { name: string }[] }).items).toContainEqual({
        name: 'who',
        role: 'admin',
        createdAt: expect.any(String),
      }),
  },
  {
    method: 'post',
    path: '/api/console/staff',
    role: 'admin',
    status: 201,
    body: { name: 'new.viewer', role: 'viewer', password: 'a long enough password' },
    check: async (body, c) => {
      expect(body).toEqual({ name: 'new.viewer', role: 'viewer', createdAt: expect.any(String) });
      expect(await c.staff.verify('new.viewer', 'a long enough password')).toBeTruthy();
    },
  },
  {
    method: 'delete',
    path: '/api/console/staff/target',
    role: 'admin',
    status: 204,
    setup: async (c) => {
      await c.staff.add('target', 'viewer', 'target password 1');
    },
    check: async (_body, c) => expect(await c.staff.get('target')).toBeUndefined(),
  },
  { method: 'post', path: '/api/console/logout', role: 'viewer', status: 204 },
];

/** A role just below the one needed, when there is one. */
const BELOW: Record<StaffRole, StaffRole | undefined> = { admin: 'editor', editor: 'viewer', viewer: undefined };

describe.each(ENDPOINTS)('$method $path', (endpoint) => {
  let c: ReturnType<typeof buildConsoleApp>;
  beforeEach(async () => {
    c = buildConsoleApp();
    await c.staff.add('someone', 'admin', 'the first admin password');
    await endpoint.setup?.(c);
  });
  const send = (who?: SignedIn, csrf = true) =>
    call(c.http, endpoint.method, endpoint.path, who, { csrf, ...(endpoint.body ? { body: endpoint.body } : {}) });

  it('is 401 without a session (and with a made-up cookie)', async () => {
    const res = await send().expect(401);
    expect(res.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect(res.headers['cache-control']).toBe('no-store');
    const forged = { cookie: `upay_console=${'A'.repeat(43)}`, csrf: 'x' };
    await send(forged).expect(401);
  });

  if (endpoint.method !== 'get')
    it('is 403 csrf without the X-CSRF-Token header, or with a wrong one', async () => {
      const who = await signIn(c, 'who', endpoint.role);
      expect((await send(who, false).expect(403)).body.error.code).toBe('csrf');
      expect((await send({ ...who, csrf: `${who.csrf}x` }).expect(403)).body.error.code).toBe('csrf');
    });

  const below = BELOW[endpoint.role];
  if (below)
    it(`is 403 forbidden for ${below}`, async () => {
      const who = await signIn(c, 'who', below);
      expect((await send(who).expect(403)).body.error.code).toBe('forbidden');
    });

  it(`answers ${endpoint.status} for ${endpoint.role}`, async () => {
    const who = await signIn(c, 'who', endpoint.role);
    const res = await send(who).expect(endpoint.status);
    await endpoint.check?.(res.body, c);
  });
});

describe('a higher role may do what a lower one may', () => {
  it('an admin teaches and an editor reads', async () => {
    const c = buildConsoleApp();
    const admin = await signIn(c, 'boss', 'admin');
    const editor = await signIn(c, 'ed', 'editor');
    await call(c.http, 'post', '/api/console/unanswered/g1/assign', admin, {
      body: { intent: 'payment_failed', locale: 'en' },
    }).expect(201);
    await call(c.http, 'get', '/api/console/unanswered', editor).expect(200);
  });
});
