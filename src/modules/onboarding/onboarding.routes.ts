import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { caller } from '../../platform/http/auth.js';
import { actorOf } from '../identity/index.js';
import type { OnboardingService, OnboardingView } from './onboarding.service.js';
import type { FleetType } from '../providers/index.js';
import * as S from './onboarding.schemas.js';
import { applicationJson, documentJson, guaranteeJson } from './onboarding.views.js';

export interface OnboardingRouteDeps { onboarding: OnboardingService }

// Base64 grows a file by a third; the real limit is the setting onboarding.maxUploadBytes.
const UPLOAD_BODY_LIMIT = 11 * 1024 * 1024;
const UPLOAD_RATE = { rateLimit: { max: 30, timeWindow: '1 minute' } };

const sendFile = (reply: FastifyReply, f: { bytes: Uint8Array; file: { contentType: string } }) =>
  reply.type(f.file.contentType).header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff').send(Buffer.from(f.bytes));

function viewJson(onboarding: OnboardingService, v: OnboardingView, today: string) {
  const fleet: FleetType | undefined = v.application?.fleetType;
  return {
    application: v.application ? applicationJson(v.application) : null,
    documents: v.documents.map((d) => documentJson(d, today)),
    guarantee: v.guarantee ? guaranteeJson(v.guarantee) : null,
    checklist: v.checklist,
    requiredDocuments: fleet ? onboarding.expiry.required(fleet) : [],
  };
}

/** PRV-1, PRV-2, PRV-3: the applicant's side (any signed-in user may apply). */
export function registerOnboardingRoutes(app: FastifyInstance, { onboarding }: OnboardingRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['onboarding'];
  const signedIn = app.guards.authenticate;
  const today = () => onboarding.documents.today();

  r.get('/v1/provider/application', { onRequest: signedIn, schema: { tags, summary: 'My provider application, documents, guarantee and the checklist of what is missing (PRV-3)', response: { 200: S.onboardingView } } },
    async (req) => viewJson(onboarding, await onboarding.view(caller(req).id), today()));

  r.post('/v1/provider/application', { onRequest: signedIn, schema: { tags, summary: 'Apply to become a provider (PRV-1); one open application per user', body: S.applicationBody, response: { 201: S.onboardingView } } },
    async (req, reply) => {
      await onboarding.apply(caller(req).id, req.body);
      return reply.status(201).send(viewJson(onboarding, await onboarding.view(caller(req).id), today()));
    });

  r.post('/v1/provider/documents', { onRequest: signedIn, bodyLimit: UPLOAD_BODY_LIMIT, config: UPLOAD_RATE, schema: { tags, summary: 'Upload a document as JSON base64 (JPEG, PNG or PDF, sniffed from the content; PRV-2)', body: S.uploadBody, response: { 201: S.documentView } } },
    async (req, reply) => reply.status(201).send(documentJson(await onboarding.documents.upload(caller(req).id, req.body), today())));

  r.get('/v1/provider/documents', { onRequest: signedIn, schema: { tags, summary: 'My documents, newest first', response: { 200: S.documentList } } },
    async (req) => ({ items: (await onboarding.documents.list(caller(req).id)).map((d) => documentJson(d, today())) }));

  r.get('/v1/provider/documents/:id', { onRequest: signedIn, schema: { tags, summary: 'One of my documents', params: S.idParam, response: { 200: S.documentView } } },
    async (req) => documentJson(await onboarding.documents.getFor({ id: caller(req).id, staff: false }, req.params.id), today()));

  r.get('/v1/provider/documents/:id/file', { onRequest: signedIn, schema: { tags, summary: 'The file of one of my documents', params: S.idParam } },
    async (req, reply) => sendFile(reply, await onboarding.documents.file({ id: caller(req).id, staff: false }, req.params.id)));
}

/** Ops review of applications and documents, guarantees and activation (audited). */
export function registerOpsOnboardingRoutes(app: FastifyInstance, { onboarding }: OnboardingRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['ops'];
  const ops = app.guards.requireRoles('ops_agent', 'ops_admin');
  const today = () => onboarding.documents.today();

  r.get('/v1/ops/providers/applications', { onRequest: ops, schema: { tags, summary: 'Provider applications, oldest first', querystring: S.listQuery, response: { 200: S.applicationListView } } },
    async (req) => ({ items: await onboarding.listForOps(req.query) }));

  r.get('/v1/ops/providers/:userId/onboarding', { onRequest: ops, schema: { tags, summary: "A user's application, documents, guarantee and checklist", params: S.userIdParam, response: { 200: S.opsOnboardingView } } },
    async (req) => {
      const extra = await onboarding.opsExtras(req.params.userId);
      return { ...viewJson(onboarding, await onboarding.view(req.params.userId), today()), ...extra };
    });

  r.get('/v1/ops/providers/documents/:id/file', { onRequest: ops, schema: { tags, summary: 'View the file of any provider document', params: S.idParam } },
    async (req, reply) => sendFile(reply, await onboarding.documents.file({ id: caller(req).id, staff: true }, req.params.id)));

  r.post('/v1/ops/providers/documents/:id/approve', { onRequest: ops, schema: { tags, summary: 'Approve a pending document (PRV-2)', params: S.idParam, response: { 200: S.documentView } } },
    async (req) => documentJson(await onboarding.documents.review(actorOf(req), req.params.id, { approve: true }), today()));

  r.post('/v1/ops/providers/documents/:id/reject', { onRequest: ops, schema: { tags, summary: 'Reject a pending document with a reason (PRV-2)', params: S.idParam, body: S.reasonBody, response: { 200: S.documentView } } },
    async (req) => documentJson(await onboarding.documents.review(actorOf(req), req.params.id, { approve: false, reason: req.body.reason }), today()));

  r.post('/v1/ops/providers/:userId/guarantee', { onRequest: ops, schema: { tags, summary: 'Record the promissory note as received (PRV-3)', params: S.userIdParam, body: S.guaranteeBody, response: { 201: S.guaranteeView } } },
    async (req, reply) => reply.status(201).send(guaranteeJson(await onboarding.recordGuarantee(actorOf(req), req.params.userId, req.body))));

  r.post('/v1/ops/providers/applications/:id/activate', { onRequest: ops, schema: { tags, summary: 'Activate: documents approved, guarantee held, terms accepted (PRV-3)', params: S.idParam, response: { 200: S.applicationView } } },
    async (req) => applicationJson(await onboarding.activate(actorOf(req), req.params.id)));

  r.post('/v1/ops/providers/applications/:id/reject', { onRequest: ops, schema: { tags, summary: 'Reject an application with a reason', params: S.idParam, body: S.reasonBody, response: { 200: S.applicationView } } },
    async (req) => applicationJson(await onboarding.reject(actorOf(req), req.params.id, req.body.reason)));

  r.post('/v1/ops/providers/document-expiry/run', { onRequest: app.guards.requireRoles('ops_admin'), schema: { tags, summary: 'Run the daily document-expiry check now (reminders, deactivation; idempotent)', response: { 200: S.expiryRunView } } },
    async () => onboarding.expiry.runDaily());
}
