import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { CustomerRefSchema, CustomerSchema } from '../../bot/wallet/schemas.ts';
import { app, expectError, useFreshSandbox } from './sandbox-testbed.ts';

useFreshSandbox();

describe('health and routing', () => {
  it('GET /healthz answers ok', async () => {
    const res = await request(app()).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('unknown routes are 404 with the error shape', async () => {
    const res = await request(app()).get('/v1/nothing');
    expect(res.status).toBe(404);
    expectError(res.body, 'not_found');
  });

  it('malformed JSON is 400 invalid_request', async () => {
    const res = await request(app())
      .post('/v1/customers/lookup')
      .set('Content-Type', 'application/json')
      .send('{"phone":');
    expect(res.status).toBe(400);
    expectError(res.body, 'invalid_request');
  });
});

describe('POST /v1/customers/lookup', () => {
  it.each([
    [{ phone: '13800001001' }, 'C1001'],
    [{ phone: '+86 138-0000-1001' }, 'C1001'],
    [{ phone: '008613800001001' }, 'C1001'],
    [{ phone: '8613800001001' }, 'C1001'],
    [{ phone: '+447700900002' }, 'C1002'],
    [{ email: 'Emma.Brown@Example.com ' }, 'C1002'],
    [{ phone: '+14155550105' }, 'C1005'],
    [{ phone: '13800001006' }, 'C1006'],
    [{ email: 'sofia.garcia@example.com' }, 'C1007'],
  ])('finds %j', async (body, id) => {
    const res = await request(app()).post('/v1/customers/lookup').send(body);
    expect(res.status).toBe(200);
    expect(CustomerRefSchema.parse(res.body).customerId).toBe(id);
  });

  it('returns masked contact details only', async () => {
    const res = await request(app()).post('/v1/customers/lookup').send({ phone: '13800001001' });
    expect(res.body).toEqual({ customerId: 'C1001', maskedPhone: '138****1001', maskedEmail: 'l***i@example.com' });
  });

  it('404 when nobody matches', async () => {
    const res = await request(app()).post('/v1/customers/lookup').send({ phone: '13900009999' });
    expect(res.status).toBe(404);
    expectError(res.body, 'not_found');
  });

  it.each([[{}], [{ phone: 'abc' }], [{ email: 'not-an-email' }], [{ phone: '138', extra: 1 }]])(
    '400 for %j',
    async (body) => {
      const res = await request(app()).post('/v1/customers/lookup').send(body);
      expect(res.status).toBe(400);
      expectError(res.body, 'invalid_request');
    },
  );
});

describe('GET /v1/customers/{id}', () => {
  it.each([
    ['C1001', 'active', undefined, false],
    ['C1002', 'frozen', 'too_many_password_attempts', true],
    ['C1003', 'frozen', 'risk_review', false],
    ['C1004', 'frozen', 'kyc_expired', false],
    ['C1005', 'active', undefined, false],
    ['C1006', 'frozen', 'legal_hold', false],
    ['C1007', 'frozen', 'customer_requested', true],
  ])('%s is %s (%s), self-service %s', async (id, status, reason, selfService) => {
    const res = await request(app()).get(`/v1/customers/${id}`);
    expect(res.status).toBe(200);
    const c = CustomerSchema.parse(res.body);
    expect(c.status).toBe(status);
    expect(c.freezeReason).toBe(reason);
    expect(c.selfServiceUnfreeze).toBe(selfService);
  });

  it('seed facts other tests rely on', async () => {
    const li = CustomerSchema.parse((await request(app()).get('/v1/customers/C1001')).body);
    expect(li).toMatchObject({ name: '李伟', currency: 'CNY', preferredLanguage: 'zh' });
    const emma = CustomerSchema.parse((await request(app()).get('/v1/customers/C1002')).body);
    expect(emma).toMatchObject({ name: 'Emma Brown', currency: 'GBP', preferredLanguage: 'en' });
  });

  it('404 for an unknown customer', async () => {
    const res = await request(app()).get('/v1/customers/C9999');
    expect(res.status).toBe(404);
    expectError(res.body, 'not_found');
  });
});
