import type { Express } from 'express';
import type { SandboxCustomer } from '../data.ts';
import { normalizeEmail, normalizePhone } from '../format.ts';
import { ApiError, plain } from '../http.ts';
import { LookupBody, parseBody } from '../requests.ts';
import type { SandboxState } from '../state.ts';
import { toCustomer } from '../views.ts';

/** Finding a customer by phone or email, and reading one. */
export function mountCustomerRoutes(app: Express, state: SandboxState): void {
  const { db } = state;

  app.post(
    '/v1/customers/lookup',
    plain((req) => {
      const body = parseBody(LookupBody, req);
      let found: SandboxCustomer | undefined;
      if (body.phone) {
        const phone = normalizePhone(body.phone);
        if (!phone) throw new ApiError(400, 'invalid_request', 'phone is not a phone number');
        found = db.data.customers.find((c) => c.phone === phone);
      } else if (body.email) {
        const email = normalizeEmail(body.email);
        if (!email) throw new ApiError(400, 'invalid_request', 'email is not an email address');
        found = db.data.customers.find((c) => c.email === email);
      }
      if (!found) throw new ApiError(404, 'not_found', 'no customer matches');
      const c = toCustomer(found);
      return {
        status: 200,
        body: { customerId: c.customerId, maskedPhone: c.maskedPhone, maskedEmail: c.maskedEmail },
      };
    }),
  );

  app.get(
    '/v1/customers/:id',
    plain((req) => ({ status: 200, body: toCustomer(state.customerOf(req)) })),
  );
}
