import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caller } from '../../platform/http/auth.js';
import { actorOf } from '../identity/index.js';
import type { ClaimsService } from './claims.service.js';
import type { ComplaintsService } from './complaints.service.js';
import type { PenaltiesService } from './penalties.service.js';
import * as S from './claims.schemas.js';
import { claimJson, complaintJson, fileJson, opsClaimJson, opsComplaintJson, penaltyJson, providerComplaintJson } from './claims.views.js';

export interface ClaimsRouteDeps { claims: ClaimsService; complaints: ComplaintsService; penalties: PenaltiesService }

/** Photos travel as base64 JSON: several of them need more than the default 1 MiB body. */
const UPLOAD_BODY_LIMIT = 16 * 1024 * 1024;
const UPLOAD_RATE = { rateLimit: { max: 30, timeWindow: '1 minute' } };

/** CLM-1 / CLM-2 for customers (their own claims and complaints) and providers (complaints against them). */
export function registerClaimsRoutes(app: FastifyInstance, { claims, complaints }: ClaimsRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['claims'];
  const signedIn = app.guards.authenticate;

  r.post('/v1/claims', {
    onRequest: signedIn, bodyLimit: UPLOAD_BODY_LIMIT, config: UPLOAD_RATE,
    schema: { tags, summary: 'File a damage claim on a delivered or returned parcel you sent (CLM-1)', body: S.fileClaimBody, response: { 201: S.claimView } },
  }, async (req, reply) => reply.status(201).send(claimJson(await claims.file(caller(req).id, req.body))));

  r.get('/v1/claims', { onRequest: signedIn, schema: { tags, summary: 'My damage claims and complaints, newest first', response: { 200: S.mineReply } } },
    async (req) => {
      const me = caller(req).id;
      return { claims: (await claims.mine(me)).map(claimJson), complaints: (await complaints.mine(me)).map(complaintJson) };
    });

  r.get('/v1/claims/:id', { onRequest: signedIn, schema: { tags, summary: 'One of my claims with its photos', params: S.idParam, response: { 200: S.claimDetail } } },
    async (req) => {
      const d = await claims.getFor(caller(req), req.params.id);
      return { ...claimJson(d.claim), files: d.files.map(fileJson) };
    });

  r.get('/v1/claims/:id/photos/:fileId', { onRequest: signedIn, schema: { tags, summary: 'A photo of a claim (its sender and ops only)', params: S.fileParam, response: { 200: S.fileReply } } },
    async (req, reply) => {
      const f = await claims.photo(caller(req), req.params.id, req.params.fileId);
      reply.header('cache-control', 'private, no-store');
      return { fileName: f.fileName, contentType: f.contentType, contentBase64: Buffer.from(f.bytes).toString('base64') };
    });

  r.post('/v1/complaints', { onRequest: signedIn, schema: { tags, summary: 'Complain about a provider: about an order of yours, or a named provider (CLM-2)', body: S.fileComplaintBody, response: { 201: S.complaintView } } },
    async (req, reply) => reply.status(201).send(complaintJson(await complaints.file(caller(req).id, req.body))));

  r.get('/v1/complaints/:id', { onRequest: signedIn, schema: { tags, summary: 'One of my complaints', params: S.idParam, response: { 200: S.complaintView } } },
    async (req) => complaintJson(await complaints.getMine(caller(req).id, req.params.id)));

  r.get('/v1/provider/complaints', { onRequest: app.guards.requireRoles('provider'), schema: { tags, summary: 'Complaints against me and their outcomes (not who complained)', response: { 200: z.array(S.providerComplaintView) } } },
    async (req) => (await complaints.against(caller(req).id)).map(providerComplaintJson));
}

/** CLM-1 / CLM-2 queues and decisions for ops; PAY-6 penalties for ops admins and finance. */
export function registerClaimsOpsRoutes(app: FastifyInstance, { claims, complaints, penalties }: ClaimsRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['ops'];
  const ops = app.guards.requireRoles('ops_agent', 'ops_admin');

  r.get('/v1/ops/claims', { onRequest: ops, schema: { tags, summary: 'Damage claims by status (submitted: oldest first)', querystring: S.claimsQuery, response: { 200: z.array(S.opsClaimView) } } },
    async (req) => (await claims.list(req.query.status)).map(opsClaimJson));

  r.get('/v1/ops/claims/:id', { onRequest: ops, schema: { tags, summary: 'One claim with its photos and the value cap', params: S.idParam, response: { 200: S.opsClaimDetail } } },
    async (req) => {
      const d = await claims.getFor(caller(req), req.params.id);
      return { ...opsClaimJson(d.claim), files: d.files.map(fileJson), capRials: String(claims.capRials()) };
    });

  r.post('/v1/ops/claims/:id/preview', { onRequest: ops, schema: { tags, summary: 'What CLM-1 gives for an assessment (nothing is written)', params: S.idParam, body: S.assessment, response: { 200: S.previewReply } } },
    async (req) => {
      const d = claims.preview((await claims.getFor(caller(req), req.params.id)).claim, req.body);
      return d.outcome === 'approved' ? { outcome: d.outcome, compensationRials: String(d.compensationRials), reason: null } : { outcome: d.outcome, compensationRials: '0', reason: d.reason };
    });

  r.post('/v1/ops/claims/:id/assess', { onRequest: ops, schema: { tags, summary: 'Assess a claim: pays the compensation to the wallet or rejects with the reason (audited)', params: S.idParam, body: S.assessBody, response: { 200: S.opsClaimView } } },
    async (req) => opsClaimJson(await claims.assess(actorOf(req), req.params.id, req.body)));

  r.get('/v1/ops/complaints', { onRequest: ops, schema: { tags, summary: 'Complaints by status (open: oldest first)', querystring: S.complaintsQuery, response: { 200: z.array(S.opsComplaintView) } } },
    async (req) => (await complaints.list(req.query.status)).map(opsComplaintJson));

  r.get('/v1/ops/complaints/:id', { onRequest: ops, schema: { tags, summary: 'One complaint', params: S.idParam, response: { 200: S.opsComplaintView } } },
    async (req) => opsComplaintJson(await complaints.get(req.params.id)));

  r.post('/v1/ops/complaints/:id/decide', { onRequest: ops, schema: { tags, summary: 'Decide a complaint: dismissed, warning (SMS), penalty (ops admin) or deactivation (audited)', params: S.idParam, body: S.decideComplaintBody, response: { 200: S.opsComplaintView } } },
    async (req) => opsComplaintJson(await complaints.decide(actorOf(req), req.params.id, { ...req.body, amountRials: req.body.amountRials ? BigInt(req.body.amountRials) : null })));

  const money = app.guards.requireRoles('ops_agent', 'ops_admin', 'finance');
  r.get('/v1/ops/penalties', { onRequest: money, schema: { tags, summary: 'Penalties, newest first (of one provider when given)', querystring: S.penaltiesQuery, response: { 200: z.array(S.penaltyView) } } },
    async (req) => (await penalties.list(req.query.providerId)).map(penaltyJson));

  r.post('/v1/ops/penalties', { onRequest: app.guards.requireRoles('ops_admin', 'finance'), schema: { tags, summary: 'Record a liquidated-damages penalty on a provider\'s balance (PAY-6; ops admin or finance; audited)', body: S.penaltyBody, response: { 201: S.penaltyView } } },
    async (req, reply) => reply.status(201).send(penaltyJson(await penalties.record(actorOf(req), { ...req.body, amountRials: req.body.amountRials ? BigInt(req.body.amountRials) : null }))));
}
