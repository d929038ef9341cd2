import type { z } from 'zod';
import { request } from '../../api';
import type * as S from '../../../../src/modules/provider-requests/provider-requests.schemas';

export type ChangeRequest = z.infer<typeof S.requestView>;
export type ChangeRequestDetail = z.infer<typeof S.requestDetail>;
export type OpsChangeRequestDetail = z.infer<typeof S.opsRequestDetail>;
export type SubmitBody = z.input<typeof S.submitBody>;
export type ProviderDocument = { id: string; type: string; status: string };

const id = (s: string) => encodeURIComponent(s);

export const requestsApi = {
  mine: () => request<ChangeRequest[]>('GET', '/v1/provider/change-requests'),
  get: (requestId: string) => request<ChangeRequestDetail>('GET', `/v1/provider/change-requests/${id(requestId)}`),
  submit: (body: SubmitBody) => request<ChangeRequestDetail>('POST', '/v1/provider/change-requests', { body }),
  cancel: (requestId: string) => request<ChangeRequestDetail>('POST', `/v1/provider/change-requests/${id(requestId)}/cancel`),
  mobileCode: (mobile: string) => request<{ mobile: string }>('POST', '/v1/provider/change-requests/mobile-code', { body: { mobile } }),
  documents: () => request<{ items: ProviderDocument[] }>('GET', '/v1/provider/documents').then((r) => r.items),
  ops: {
    list: (status?: ChangeRequest['status']) => request<ChangeRequest[]>('GET', '/v1/ops/provider-requests', { query: status ? { status } : {} }),
    get: (requestId: string) => request<OpsChangeRequestDetail>('GET', `/v1/ops/provider-requests/${id(requestId)}`),
    approve: (requestId: string) => request<OpsChangeRequestDetail>('POST', `/v1/ops/provider-requests/${id(requestId)}/approve`),
    reject: (requestId: string, reason: string) => request<OpsChangeRequestDetail>('POST', `/v1/ops/provider-requests/${id(requestId)}/reject`, { body: { reason } }),
    approveDocument: (docId: string) => request<unknown>('POST', `/v1/ops/providers/documents/${id(docId)}/approve`),
  },
};
