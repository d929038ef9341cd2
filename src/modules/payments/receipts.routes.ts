import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../platform/db.js';
import { caller } from '../../platform/http/auth.js';
import { isLocale } from '../../platform/i18n.js';
import type { UserCache } from '../identity/index.js';
import { sendPage } from './html.js';
import { renderReceiptPage } from './receipt-page.js';
import type { ReceiptRow } from './payments.tables.js';
import type { ReceiptsService } from './receipts.service.js';
import * as S from './payments.schemas.js';
import { receiptView } from './views.js';

export interface ReceiptRouteDeps { db: Db; receipts: ReceiptsService; users: UserCache }

/** PAY-8: receipts as JSON for the payer (and staff), and as a printable page behind a signed link. */
export function registerReceiptRoutes(app: FastifyInstance, deps: ReceiptRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['receipts'];
  const signedIn = app.guards.authenticate;
  const view = async (row: ReceiptRow, locale?: string) => {
    const u = await deps.users.get(row.userId);
    return receiptView(row, { id: row.userId, firstName: u?.firstName ?? null, lastName: u?.lastName ?? null }, deps.receipts.printUrl(row.id, locale));
  };

  r.get('/v1/receipts', {
    onRequest: signedIn,
    schema: { tags, summary: 'My receipts, newest first', querystring: z.object(S.pageQuery).strict(), response: { 200: z.object({ items: z.array(S.receiptView), nextBefore: z.string().nullable() }) } },
  }, async (req) => {
    const u = caller(req);
    const rows = await deps.receipts.list(deps.db, u.id, req.query);
    return { items: await Promise.all(rows.map((row) => view(row, u.locale))), nextBefore: rows.length === req.query.limit ? rows[rows.length - 1].id : null };
  });

  r.get('/v1/receipts/:id', {
    onRequest: signedIn,
    schema: { tags, summary: 'One receipt (its payer, or ops and finance staff)', params: S.receiptIdParam, response: { 200: S.receiptView } },
  }, async (req) => view(await deps.receipts.getFor(deps.db, caller(req), req.params.id), caller(req).locale));

  r.get('/receipts/:id', {
    schema: { hide: true, params: S.receiptIdParam, querystring: z.object({ token: z.string().max(64), lang: z.string().max(5).optional() }).strict() },
  }, async (req, reply) => {
    const row = await deps.receipts.byToken(deps.db, req.params.id, req.query.token);
    const u = await deps.users.get(row.userId);
    const locale = isLocale(req.query.lang) ? req.query.lang : isLocale(u?.locale) ? u!.locale : 'fa';
    const name = [u?.firstName, u?.lastName].filter(Boolean).join(' ') || '-';
    return sendPage(reply, renderReceiptPage(row, name, locale));
  });
}
