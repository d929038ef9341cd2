import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caller } from '../../platform/http/auth.js';
import { actorOf } from '../identity/index.js';
import type { ErrandDocumentsService } from './errands-documents.service.js';
import type { ErrandWorkService } from './errands-work.service.js';
import { errandView, type ErrandsService } from './errands.service.js';
import type { CustodyRow, ErrandDocumentRow, ErrandEventRow, ErrandServiceRow } from './errands.tables.js';
import * as S from './errands.schemas.js';

export interface ErrandRouteDeps { errands: ErrandsService; work: ErrandWorkService; documents: ErrandDocumentsService }

export const serviceJson = (s: ErrandServiceRow) => ({ ...s, baseRials: String(s.baseRials), perItemRials: String(s.perItemRials), updatedAt: undefined });
export const documentJson = (d: ErrandDocumentRow) => ({
  id: d.id, label: d.label, delivery: d.delivery, contentType: d.contentType, sizeBytes: d.sizeBytes, sha256: d.sha256, tracking: d.tracking,
  holder: d.holder, holderUserId: d.holderUserId, createdAt: d.createdAt.toISOString(),
});
const eventJson = (e: ErrandEventRow) => ({ id: e.id, fromStatus: e.fromStatus, toStatus: e.toStatus, note: e.note, actorId: e.actorId, at: e.at.toISOString() });
const custodyJson = (c: CustodyRow) => ({ id: c.id, documentId: c.documentId, action: c.action, holder: c.holder, holderUserId: c.holderUserId, recordedBy: c.recordedBy, note: c.note, at: c.at.toISOString() });
export const timelineJson = (t: Awaited<ReturnType<ErrandsService['timeline']>>) => ({
  errand: errandView(t.errand), service: serviceJson(t.service), events: t.events.map(eventJson), documents: t.documents.map(documentJson), custody: t.custody.map(custodyJson),
});
const UPLOAD_LIMIT = 8 * 1024 * 1024;
export const sendFile = (reply: FastifyReply, f: { bytes: Uint8Array; contentType: string }) =>
  reply.type(f.contentType).header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff').send(Buffer.from(f.bytes));

/** ERR-1..ERR-7: the customer's side: catalogue, requests, timeline, pay, cancel, documents. */
export function registerErrandRoutes(app: FastifyInstance, { errands, documents }: ErrandRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['errands'];
  const signedIn = app.guards.authenticate;

  r.get('/v1/errands/services', { schema: { tags, security: [], summary: 'The errand catalogue (ERR-1, ERR-6)', response: { 200: z.array(S.serviceReply) } } },
    async () => (await errands.listServices()).map(serviceJson));
  r.post('/v1/errands', { onRequest: signedIn, schema: { tags, summary: 'Request an errand on the web, 24/7 (ERR-2); a retry with the same Idempotency-Key returns the first errand', headers: S.idempotencyHeaders, body: S.requestBody, response: { 200: S.errandReply, 201: S.errandReply } } },
    async (req, reply) => {
      const { errand, replayed } = await errands.request(caller(req), req.body, req.headers['idempotency-key']);
      return reply.status(replayed ? 200 : 201).send(errandView(errand));
    });
  r.get('/v1/errands', { onRequest: signedIn, schema: { tags, summary: 'My errands, newest first', response: { 200: z.array(S.errandReply) } } },
    async (req) => (await errands.mine(caller(req))).map(errandView));
  r.get('/v1/errands/:id', { onRequest: signedIn, schema: { tags, summary: 'My errand with its timeline, documents and custody (ERR-5)', params: S.idParam, response: { 200: S.timelineReply } } },
    async (req) => timelineJson(await errands.timeline(await own(errands, req.user!, req.params.id))));
  r.post('/v1/errands/:id/pay', { onRequest: signedIn, schema: { tags, summary: 'Accept the quote and pay from the wallet, or start a card payment (ERR-3)', params: S.idParam, body: S.payBody, response: { 200: S.payReply } } },
    async (req) => {
      const res = await errands.pay(caller(req), req.params.id, req.body.method);
      return { errand: errandView(res.errand), redirectUrl: res.redirectUrl };
    });
  r.post('/v1/errands/:id/cancel', { onRequest: signedIn, schema: { tags, summary: 'Cancel: free before start, follow-up fee before dispatch, cost so far after (ERR-7)', params: S.idParam, body: S.reasonBody, response: { 200: S.errandReply } } },
    async (req) => errandView(await errands.cancel(caller(req), req.params.id, req.body.reason)));
  r.post('/v1/errands/:id/rating', { onRequest: signedIn, schema: { tags, summary: 'Rate a done errand (1-5)', params: S.idParam, body: S.ratingBody, response: { 200: S.errandReply } } },
    async (req) => errandView(await errands.rate(caller(req), req.params.id, req.body.stars)));
  r.post('/v1/errands/:id/documents', { onRequest: signedIn, bodyLimit: UPLOAD_LIMIT, schema: { tags, summary: 'Upload a document (JSON base64) or announce an original by post / courier / in person (ERR-4)', params: S.idParam, body: S.documentBody, response: { 201: S.documentReply } } },
    async (req, reply) => {
      const e = await own(errands, req.user!, req.params.id);
      const b = req.body;
      const row = 'contentBase64' in b ? await documents.upload(e, req.user!.id, b) : await documents.original(e, req.user!.id, b);
      return reply.status(201).send(documentJson(row));
    });
  r.get('/v1/errands/:id/documents/:docId/file', { onRequest: signedIn, schema: { tags, summary: 'An uploaded document (owner and ops)', params: S.docParam } },
    async (req, reply) => sendFile(reply, await documents.file(await own(errands, caller(req), req.params.id), req.params.docId)));
}

/** The customer's own errand only: another user's is 404 whatever their roles (ops use /v1/ops/errands). */
const own = (errands: ErrandsService, user: { id: string }, id: string) => errands.forViewer({ id: user.id, roles: [] }, id);

/** ERR-3: the assistant's side, in the provider area: assigned errands, steps, cost so far, custody of originals. */
export function registerProviderErrandRoutes(app: FastifyInstance, { errands, work, documents }: ErrandRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['provider'];
  const provider = app.guards.requireRoles('provider');

  r.get('/v1/provider/errands', { onRequest: provider, schema: { tags, summary: 'Errands assigned to me', response: { 200: z.array(S.errandReply) } } },
    async (req) => (await errands.assigned(caller(req))).map(errandView));
  r.get('/v1/provider/errands/:id', { onRequest: provider, schema: { tags, summary: 'One of my assigned errands with its timeline', params: S.idParam, response: { 200: S.timelineReply } } },
    async (req) => timelineJson(await errands.timeline(await errands.forAssistant(caller(req), req.params.id))));
  for (const step of ['dispatch', 'start', 'complete'] as const) {
    r.post(`/v1/provider/errands/:id/${step}`, { onRequest: provider, schema: { tags, summary: `Errand step: ${step} (ERR-3)`, params: S.idParam, response: { 200: S.errandReply } } },
      async (req) => errandView(await work.step(caller(req), req.params.id, step)));
  }
  r.post('/v1/provider/errands/:id/fail', { onRequest: provider, schema: { tags, summary: 'The errand failed, with the reason (opens a CLM-3 review)', params: S.idParam, body: S.failBody, response: { 200: S.errandReply } } },
    async (req) => errandView(await work.step(caller(req), req.params.id, 'fail', req.body.reason)));
  r.post('/v1/provider/errands/:id/cost', { onRequest: provider, schema: { tags, summary: 'Record the cost so far (kept on cancellation, ERR-7)', params: S.idParam, body: S.costBody, response: { 200: S.errandReply } } },
    async (req) => errandView(await work.recordCost(caller(req), req.params.id, BigInt(req.body.costRials), req.body.note)));
  r.post('/v1/provider/errands/:id/documents/:docId/custody', { onRequest: provider, schema: { tags, summary: 'Collected / returned an original (ERR-4)', params: S.docParam, body: S.custodyBody, response: { 200: S.documentReply } } },
    async (req) => {
      const e = await errands.forAssistant(caller(req), req.params.id);
      return documentJson(await documents.custody(e, actorOf(req), 'assistant', req.params.docId, req.body.action, req.body.note));
    });
  r.get('/v1/provider/errands/:id/documents/:docId/file', { onRequest: provider, schema: { tags, summary: 'An uploaded document of my assigned errand', params: S.docParam } },
    async (req, reply) => sendFile(reply, await documents.file(await errands.forAssistant(caller(req), req.params.id), req.params.docId)));
}
