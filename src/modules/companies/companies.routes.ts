import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caller } from '../../platform/http/auth.js';
import { actorOf } from '../identity/index.js';
import type { CompaniesService } from './companies.service.js';
import type { CompanyWalletService } from './company-wallet.service.js';
import * as S from './companies.schemas.js';
import { companyJson, memberJson, statementJson } from './companies.views.js';

export interface CompanyRouteDeps { companies: CompaniesService; wallet: CompanyWalletService }

const UPLOAD_BODY_LIMIT = 12 * 1024 * 1024;
const MONEY_LIMIT = { rateLimit: { max: 60, timeWindow: '1 minute' } };
const fileJson = (f: { fileName: string; contentType: string; bytes: Uint8Array }) => ({ fileName: f.fileName, contentType: f.contentType, contentBase64: Buffer.from(f.bytes).toString('base64') });

/** ACC-3 for the representative and members: registration, the organisation panel, invitations. */
export function registerCompanyRoutes(app: FastifyInstance, { companies, wallet }: CompanyRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['companies'];
  const signedIn = app.guards.authenticate;

  r.post('/v1/companies', { onRequest: signedIn, bodyLimit: UPLOAD_BODY_LIMIT, schema: { tags, summary: 'Register a company as its representative; active once ops approve (ACC-3)', body: S.registerBody, response: { 201: S.companyView } } },
    async (req, reply) => reply.status(201).send(companyJson(await companies.register(caller(req).id, req.body))));
  r.get('/v1/companies', { onRequest: signedIn, schema: { tags, summary: 'Companies I represent or belong to, with my role', response: { 200: z.array(S.myCompanyView) } } },
    async (req) => (await companies.mine(caller(req).id)).map((x) => ({ ...companyJson(x.company), role: x.role })));
  r.get('/v1/companies/invitations', { onRequest: signedIn, schema: { tags, summary: 'Open invitations to my mobile', response: { 200: z.array(S.invitationView) } } },
    async (req) => (await companies.myInvitations(caller(req).id)).map((x) => ({ id: x.member.id, companyId: x.company.id, companyName: x.company.name, createdAt: x.member.createdAt.toISOString() })));
  r.post('/v1/companies/invitations/:id/accept', { onRequest: signedIn, schema: { tags, summary: 'Accept an invitation sent to my mobile', params: S.idParam, response: { 200: S.memberView } } },
    async (req) => memberJson(await companies.answerInvitation(caller(req).id, req.params.id, true)));
  r.post('/v1/companies/invitations/:id/decline', { onRequest: signedIn, schema: { tags, summary: 'Decline an invitation sent to my mobile', params: S.idParam, response: { 200: S.memberView } } },
    async (req) => memberJson(await companies.answerInvitation(caller(req).id, req.params.id, false)));

  r.get('/v1/companies/:id', { onRequest: signedIn, schema: { tags, summary: 'A company I belong to', params: S.idParam, response: { 200: S.myCompanyView } } },
    async (req) => {
      const { company, role } = await companies.getFor(caller(req), req.params.id);
      return { ...companyJson(company), role };
    });
  r.get('/v1/companies/:id/logo', { onRequest: signedIn, schema: { tags, summary: "The company's logo (members and staff)", params: S.idParam, response: { 200: S.fileReply } } },
    async (req) => fileJson(await companies.logo(caller(req), req.params.id)));
  r.get('/v1/companies/:id/members', { onRequest: signedIn, schema: { tags, summary: 'Members and open invitations', params: S.idParam, response: { 200: z.array(S.memberView) } } },
    async (req) => (await companies.members(caller(req), req.params.id)).map(memberJson));
  r.post('/v1/companies/:id/members', { onRequest: signedIn, schema: { tags, summary: 'Invite a member by mobile (representative; SMS to the invitee)', params: S.idParam, body: S.inviteBody, response: { 201: S.memberView } } },
    async (req, reply) => reply.status(201).send(memberJson(await companies.invite(caller(req), req.params.id, req.body.mobile))));
  r.delete('/v1/companies/:id/members/:memberId', { onRequest: signedIn, schema: { tags, summary: 'Remove a member or withdraw an invitation (representative)', params: S.memberParams, response: { 200: S.memberView } } },
    async (req) => memberJson(await companies.removeMember(caller(req), req.params.id, req.params.memberId)));

  r.get('/v1/companies/:id/wallet', { onRequest: signedIn, schema: { tags, summary: "The company wallet's balance", params: S.idParam, response: { 200: S.walletReply } } },
    async (req) => {
      const b = await wallet.balance(caller(req), req.params.id);
      return { balanceRials: String(b.balanceRials), pendingRials: String(b.pendingRials), availableRials: String(b.availableRials), pendingTopups: b.pendingTopups };
    });
  r.post('/v1/companies/:id/wallet/transfers', {
    onRequest: signedIn, config: MONEY_LIMIT,
    schema: { tags, summary: "Move money from my wallet to the company's (representative; Idempotency-Key required)", params: S.idParam, headers: S.idempotencyHeaders, body: S.amountBody, response: { 200: S.transferReply, 201: S.transferReply } },
  }, async (req, reply) => {
    const t = await wallet.transferFromRepresentative(caller(req), req.params.id, BigInt(req.body.amountRials), req.headers['idempotency-key']);
    return reply.status(t.replayed ? 200 : 201).send({ transferId: t.id, replayed: t.replayed, createdAt: t.createdAt });
  });
  r.post('/v1/companies/:id/wallet/topups', { onRequest: signedIn, config: MONEY_LIMIT, schema: { tags, summary: 'Top up the company wallet through the payment gateway (representative)', params: S.idParam, body: S.amountBody, response: { 201: S.topupReply } } },
    async (req, reply) => {
      const p = await wallet.startTopup(caller(req), req.params.id, BigInt(req.body.amountRials));
      return reply.status(201).send({ paymentId: p.paymentId, redirectUrl: p.redirectUrl, amountRials: String(p.amountRials), gateway: p.gateway });
    });
  r.get('/v1/companies/:id/statement', { onRequest: signedIn, schema: { tags, summary: "The company account's movements in a Jalali month (city time zone)", params: S.idParam, querystring: S.statementQuery, response: { 200: S.statementReply } } },
    async (req) => statementJson(await wallet.statement(caller(req), req.params.id, req.query.month)));
}

/** ACC-3 for ops: the registration queue and decisions (audited). */
export function registerCompanyOpsRoutes(app: FastifyInstance, { companies }: CompanyRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['ops'];
  const ops = app.guards.requireRoles('ops_agent', 'ops_admin');

  r.get('/v1/ops/companies', { onRequest: ops, schema: { tags, summary: 'Companies by status (pending: oldest first)', querystring: S.opsListQuery, response: { 200: z.array(S.companyView) } } },
    async (req) => (await companies.list(req.query.status, req.query.limit, req.query.offset)).map(companyJson));
  r.get('/v1/ops/companies/:id', { onRequest: ops, schema: { tags, summary: 'One company with its representative and members', params: S.idParam, response: { 200: S.opsDetailReply } } },
    async (req) => {
      const d = await companies.detail(req.params.id);
      return { company: companyJson(d.company), members: d.members.map(memberJson), representative: d.representative };
    });
  r.post('/v1/ops/companies/:id/approve', { onRequest: ops, schema: { tags, summary: 'Approve a registration (audited; SMS to the representative)', params: S.idParam, response: { 200: S.companyView } } },
    async (req) => companyJson(await companies.approve(actorOf(req), req.params.id)));
  r.post('/v1/ops/companies/:id/reject', { onRequest: ops, schema: { tags, summary: 'Reject a registration with a reason (audited; SMS)', params: S.idParam, body: S.rejectBody, response: { 200: S.companyView } } },
    async (req) => companyJson(await companies.reject(actorOf(req), req.params.id, req.body.reason)));
}
