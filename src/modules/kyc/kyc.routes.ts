import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caller } from '../../platform/http/auth.js';
import { actorOf } from '../identity/index.js';
import type { KycService } from './kyc.service.js';
import * as S from './kyc.schemas.js';
import { requirementJson, submissionJson } from './kyc.views.js';

/** Uploads travel as base64 JSON, so these routes accept more than the default 1 MiB body. */
const UPLOAD_BODY_LIMIT = 12 * 1024 * 1024;
const UPLOAD_RATE = { rateLimit: { max: 20, timeWindow: '1 minute' } };

/** ACC-5: the customer's own identity verification, and the national card photo (owner or ops). */
export function registerKycRoutes(app: FastifyInstance, { kyc }: { kyc: KycService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['kyc'];
  const signedIn = app.guards.authenticate;

  r.get('/v1/kyc', { onRequest: signedIn, schema: { tags, summary: 'My identity verification: status, latest submission, any demand by ops (ACC-5)', response: { 200: S.myKycReply } } },
    async (req) => {
      const m = await kyc.mine(caller(req).id);
      return { status: m.status, submission: m.submission && submissionJson(m.submission), requirement: m.requirement && requirementJson(m.requirement) };
    });

  r.post('/v1/kyc', {
    onRequest: signedIn, bodyLimit: UPLOAD_BODY_LIMIT, config: UPLOAD_RATE,
    schema: { tags, summary: 'Submit identity data and a photo of the national card (again after a rejection)', body: S.submitBody, response: { 201: S.submissionView } },
  }, async (req, reply) => reply.status(201).send(submissionJson(await kyc.submit(caller(req).id, req.body))));

  r.get('/v1/kyc/submissions/:id/card', { onRequest: signedIn, schema: { tags, summary: 'The national card photo of a submission (its owner and ops only)', params: S.idParam, response: { 200: S.fileReply } } },
    async (req, reply) => {
      const f = await kyc.card(caller(req), req.params.id);
      reply.header('cache-control', 'private, no-store');
      return { fileName: f.fileName, contentType: f.contentType, contentBase64: Buffer.from(f.bytes).toString('base64') };
    });
}

/** ACC-5 for ops: the queue of submissions, decisions (audited) and demands with a deadline. */
export function registerKycOpsRoutes(app: FastifyInstance, { kyc }: { kyc: KycService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['ops'];
  const ops = app.guards.requireRoles('ops_agent', 'ops_admin');

  r.get('/v1/ops/kyc', { onRequest: ops, schema: { tags, summary: 'KYC submissions by status (under review: oldest first)', querystring: S.opsListQuery, response: { 200: z.array(S.opsListItem) } } },
    async (req) => (await kyc.list(req.query.status, req.query.limit, req.query.offset)).map((s) => ({ ...submissionJson(s), mobile: s.mobile })));

  r.get('/v1/ops/kyc/requirements', { onRequest: ops, schema: { tags, summary: 'Users ops asked to verify, soonest deadline first; overdue=true for those past it', querystring: S.requirementsQuery, response: { 200: z.array(S.requirementItem) } } },
    async (req) => {
      return (await kyc.requirements(req.query.overdue === 'true')).map((x) => ({
        ...requirementJson(x), userId: x.userId, mobile: x.mobile, firstName: x.firstName, lastName: x.lastName, kycStatus: x.kycStatus, userStatus: x.userStatus,
        overdue: x.overdue,
      }));
    });

  r.post('/v1/ops/kyc/requirements', { onRequest: ops, schema: { tags, summary: 'Demand identity verification of a user by a deadline (audited; SMS to the user)', body: S.requireBody, response: { 201: S.requirementView } } },
    async (req, reply) => reply.status(201).send(requirementJson(await kyc.require(actorOf(req), req.body.userId, req.body))));

  r.get('/v1/ops/kyc/:id', { onRequest: ops, schema: { tags, summary: 'One submission with the account, its history and any demand', params: S.idParam, response: { 200: S.opsDetailReply } } },
    async (req) => {
      const d = await kyc.detail(req.params.id);
      return {
        submission: submissionJson(d.submission), history: d.history.map(submissionJson), requirement: d.requirement && requirementJson(d.requirement), user: d.user,
        file: { contentType: d.file.contentType, sizeBytes: d.file.sizeBytes, sha256: d.file.sha256, fileName: d.file.fileName },
      };
    });

  r.post('/v1/ops/kyc/:id/verify', { onRequest: ops, schema: { tags, summary: 'Verify a submission (audited; SMS; not your own account)', params: S.idParam, response: { 200: S.submissionView } } },
    async (req) => submissionJson(await kyc.verify(actorOf(req), req.params.id)));

  r.post('/v1/ops/kyc/:id/reject', { onRequest: ops, schema: { tags, summary: 'Reject a submission with a reason (audited; SMS); the user may submit again', params: S.idParam, body: S.rejectBody, response: { 200: S.submissionView } } },
    async (req) => submissionJson(await kyc.reject(actorOf(req), req.params.id, req.body.reason)));
}
