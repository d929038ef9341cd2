import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatToman } from '../../platform/money.js';
import { esc, page, sendPage } from './html.js';
import type { SandboxGateway, SandboxSession } from './sandbox.gateway.js';

const params = z.object({ authority: z.string().regex(/^S[0-9a-f]{34}$/) }).strict();

/** The sandbox gateway's payment page (demo mode only): Persian, right to left, amount in Toman. */
export function registerSandboxGatewayRoutes(app: FastifyInstance, deps: { sandbox: SandboxGateway }) {
  void app.register(async (scope) => {
    // The page posts an HTML form; this parser exists only inside this plugin.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    const r = scope.withTypeProvider<ZodTypeProvider>();
    r.get('/sandbox-gateway/:authority', { schema: { hide: true, params } }, async (req, reply) => {
      const session = await deps.sandbox.session(req.params.authority);
      if (!session) return sendPage(reply, notFoundPage(), 404);
      return sendPage(reply, paymentPage(session));
    });
    r.post('/sandbox-gateway/:authority', { schema: { hide: true, params, body: z.object({ decision: z.enum(['pay', 'cancel']) }) } }, async (req, reply) => {
      const callback = await deps.sandbox.decide(req.params.authority, req.body.decision);
      if (!callback) return sendPage(reply, notFoundPage(), 404);
      return reply.status(303).header('location', callback).header('cache-control', 'no-store').send();
    });
  });
}

function paymentPage(s: SandboxSession): string {
  const details = `<p class="note">این درگاه آزمایشی پیک است و هیچ پولی جابه‌جا نمی‌شود.</p>`
    + `<dl><dt>پذیرنده</dt><dd>پیک</dd><dt>بابت</dt><dd>${esc(s.description)}</dd>`
    + `<dt>مبلغ</dt><dd class="amount">${esc(formatToman(s.amountRials, 'fa'))}</dd></dl>`;
  const form = s.status === 'pending'
    ? `<form method="post" class="row"><button class="pay" name="decision" value="pay" type="submit">پرداخت</button>`
      + `<button class="cancel" name="decision" value="cancel" type="submit">انصراف</button></form>`
    : `<p>${s.status === 'paid' ? 'این پرداخت انجام شده است.' : 'این پرداخت لغو شده است.'}</p>`
      + `<form method="post" class="row"><button class="cancel" name="decision" value="cancel" type="submit">بازگشت به پذیرنده</button></form>`;
  return page({ locale: 'fa', title: 'درگاه پرداخت آزمایشی پیک', body: `<h1>درگاه پرداخت آزمایشی</h1>${details}${form}` });
}

function notFoundPage(): string {
  return page({ locale: 'fa', title: 'درگاه پرداخت آزمایشی پیک', body: '<h1>درگاه پرداخت آزمایشی</h1><p>این پرداخت پیدا نشد.</p>' });
}
