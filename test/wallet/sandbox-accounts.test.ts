import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { CustomerSchema } from '../../bot/wallet/schemas.ts';
import { app, expectError, postWithKey, useFreshSandbox } from './sandbox-testbed.ts';

useFreshSandbox();

describe('account actions', () => {
  it('password reset link is "sent" and recorded', async () => {
    const r = await postWithKey('/v1/customers/C1002/password-reset-link', {});
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ sentTo: '+44******0002', channel: 'sms' });
    const e = await postWithKey('/v1/customers/C1001/password-reset-link', { channel: 'email' });
    expect(e.body).toEqual({ sentTo: 'l***i@example.com', channel: 'email' });
    const items = (await request(app()).get('/sandbox/outbox?kind=password_reset_link')).body.items;
    expect(items.map((m: { to: string }) => m.to)).toEqual(['+447700900002', 'li.wei@example.com']);
    expect(items[0].link).toMatch(/^https:\/\//);
    expect(items[0].text).toContain(items[0].link);
  });

  it('password reset link refused for a locked account', async () => {
    await postWithKey('/v1/customers/C1001/lock', { reason: 'suspected_fraud' });
    const r = await postWithKey('/v1/customers/C1001/password-reset-link', {});
    expect(r.status).toBe(409);
    expectError(r.body, 'account_locked');
  });

  it.each([['C1002'], ['C1007']])('unfreeze works for self-service %s', async (id) => {
    const r = await postWithKey(`/v1/customers/${id}/unfreeze`, {});
    expect(r.status).toBe(200);
    const c = CustomerSchema.parse(r.body);
    expect(c).toMatchObject({ status: 'active', selfServiceUnfreeze: false });
    expect(c.freezeReason).toBeUndefined();
    expect((await request(app()).get(`/v1/customers/${id}`)).body.status).toBe('active');
  });

  it.each([['C1003'], ['C1004'], ['C1006']])('unfreeze refused (409 unfreeze_not_allowed) for %s', async (id) => {
    const r = await postWithKey(`/v1/customers/${id}/unfreeze`, {});
    expect(r.status).toBe(409);
    expectError(r.body, 'unfreeze_not_allowed');
    expect((await request(app()).get(`/v1/customers/${id}`)).body.status).toBe('frozen');
  });

  it('unfreeze of an active account is 409 not_frozen; unknown is 404', async () => {
    const r = await postWithKey('/v1/customers/C1001/unfreeze', {});
    expect(r.status).toBe(409);
    expectError(r.body, 'not_frozen');
    expect((await postWithKey('/v1/customers/C9999/unfreeze', {})).status).toBe(404);
  });

  it('lock sets status locked', async () => {
    const r = await postWithKey('/v1/customers/C1005/lock', { reason: 'suspected_fraud' });
    expect(r.status).toBe(200);
    expect(CustomerSchema.parse(r.body).status).toBe('locked');
    expect((await request(app()).get('/v1/customers/C1005')).body.status).toBe('locked');
    const bad = await postWithKey('/v1/customers/C1005/lock', { reason: 'bored' });
    expect(bad.status).toBe(400);
  });
});
