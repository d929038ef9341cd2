/** Calls of the company accounts API (ACC-3), typed from the server's own zod schemas. */
import type { z } from 'zod';
import { request } from '../../api';
import type * as C from '../../../../src/modules/companies/companies.schemas';
import type { FileReply, Upload } from '../kyc/kyc-api';

export type Company = z.infer<typeof C.companyView>;
export type MyCompany = z.infer<typeof C.myCompanyView>;
export type Member = z.infer<typeof C.memberView>;
export type Invitation = z.infer<typeof C.invitationView>;
export type CompanyWallet = z.infer<typeof C.walletReply>;
export type CompanyStatement = z.infer<typeof C.statementReply>;
export type OpsCompanyDetail = z.infer<typeof C.opsDetailReply>;
export interface RegisterCompany { name: string; registrationNumber: string; nationalCompanyId: string; landline: string; staffCount: number; logo?: Upload }

export const companiesApi = {
  mine: () => request<MyCompany[]>('GET', '/v1/companies'),
  register: (body: RegisterCompany) => request<Company>('POST', '/v1/companies', { body }),
  get: (id: string) => request<MyCompany>('GET', `/v1/companies/${id}`),
  logo: (id: string) => request<FileReply>('GET', `/v1/companies/${id}/logo`),
  members: (id: string) => request<Member[]>('GET', `/v1/companies/${id}/members`),
  invite: (id: string, mobile: string) => request<Member>('POST', `/v1/companies/${id}/members`, { body: { mobile } }),
  remove: (id: string, memberId: string) => request<Member>('DELETE', `/v1/companies/${id}/members/${memberId}`),
  invitations: () => request<Invitation[]>('GET', '/v1/companies/invitations'),
  answer: (invitationId: string, accept: boolean) => request<Member>('POST', `/v1/companies/invitations/${invitationId}/${accept ? 'accept' : 'decline'}`),
  wallet: (id: string) => request<CompanyWallet>('GET', `/v1/companies/${id}/wallet`),
  transfer: (id: string, amountRials: string, key: string) => request<unknown>('POST', `/v1/companies/${id}/wallet/transfers`, { body: { amountRials }, headers: { 'idempotency-key': key } }),
  topup: (id: string, amountRials: string) => request<{ paymentId: string; redirectUrl: string }>('POST', `/v1/companies/${id}/wallet/topups`, { body: { amountRials } }),
  statement: (id: string, month?: string) => request<CompanyStatement>('GET', `/v1/companies/${id}/statement`, { query: { month } }),
  ops: {
    list: (status: 'pending' | 'active' | 'rejected') => request<Company[]>('GET', '/v1/ops/companies', { query: { status } }),
    get: (id: string) => request<OpsCompanyDetail>('GET', `/v1/ops/companies/${id}`),
    approve: (id: string) => request<Company>('POST', `/v1/ops/companies/${id}/approve`),
    reject: (id: string, reason: string) => request<Company>('POST', `/v1/ops/companies/${id}/reject`, { body: { reason } }),
  },
};
