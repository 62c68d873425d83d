import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createSandboxApp } from '../../bot/wallet/sandbox/app.ts';
import * as schemas from '../../bot/wallet/schemas.ts';

interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, { parameters?: Array<{ $ref?: string }>; responses?: Record<string, unknown> }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
}

const doc = parse(readFileSync(new URL('../../bot/wallet/openapi.yaml', import.meta.url), 'utf8')) as OpenApiDoc;
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function servedRoutes(): string[] {
  const app = createSandboxApp() as unknown as {
    router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
  };
  const routes: string[] = [];
  for (const layer of app.router.stack) {
    if (!layer.route) continue;
    const path = layer.route.path.replace(/:(\w+)/g, '{$1}');
    for (const m of Object.keys(layer.route.methods)) routes.push(`${m.toUpperCase()} ${path}`);
  }
  return routes.sort();
}

function documentedRoutes(): string[] {
  const routes: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const m of Object.keys(item)) if (HTTP_METHODS.includes(m)) routes.push(`${m.toUpperCase()} ${path}`);
  }
  return routes.sort();
}

describe('openapi.yaml', () => {
  it('parses as OpenAPI 3.1', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).length).toBeGreaterThan(10);
  });

  it('documents exactly the routes the sandbox serves', () => {
    const served = servedRoutes();
    expect(served.length).toBeGreaterThan(15);
    expect(documentedRoutes()).toEqual(served);
  });

  it('requires an Idempotency-Key on every changing /v1 POST (not on lookup or check)', () => {
    const exempt = new Set(['/v1/customers/lookup', '/v1/otp/{challengeId}/check']);
    for (const [path, item] of Object.entries(doc.paths)) {
      const post = item.post;
      if (!post || !path.startsWith('/v1/')) continue;
      const hasKey = (post.parameters ?? []).some((p) => p.$ref === '#/components/parameters/IdempotencyKey');
      expect(hasKey, path).toBe(!exempt.has(path));
    }
  });

  it('names the same fields as the zod response schemas', () => {
    const pairs: Array<[string, unknown]> = [
      ['CustomerRef', schemas.CustomerRefSchema],
      ['Balance', schemas.BalanceSchema],
      ['Transaction', schemas.TransactionSchema],
      ['TransactionPage', schemas.TransactionPageSchema],
      ['OtpChallenge', schemas.OtpChallengeSchema],
      ['ResetLinkSent', schemas.ResetLinkSentSchema],
      ['Dispute', schemas.DisputeSchema],
      ['Refund', schemas.RefundSchema],
    ];
    for (const [name, zodSchema] of pairs) {
      const documented = doc.components.schemas[name];
      expect(documented, name).toBeDefined();
      const shape = (zodSchema as { shape: Record<string, { safeParse(v: unknown): { success: boolean } }> }).shape;
      expect(Object.keys(documented?.properties ?? {}).sort(), name).toEqual(Object.keys(shape).sort());
      // Required in the document ⇔ undefined is rejected by zod.
      for (const field of Object.keys(shape)) {
        const optional = shape[field]?.safeParse(undefined).success;
        expect((documented?.required ?? []).includes(field), `${name}.${field}`).toBe(!optional);
      }
    }
  });
});
