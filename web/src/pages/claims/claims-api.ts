import type { z } from 'zod';
import { request } from '../../api';
import type { MessageKey } from '../../i18n';
import type * as S from '../../../../src/modules/claims/claims.schemas';

export type Claim = z.infer<typeof S.claimView>;
export type ClaimDetail = z.infer<typeof S.claimDetail>;
export type OpsClaim = z.infer<typeof S.opsClaimView>;
export type OpsClaimDetail = z.infer<typeof S.opsClaimDetail>;
export type Complaint = z.infer<typeof S.complaintView>;
export type OpsComplaint = z.infer<typeof S.opsComplaintView>;
export type ProviderComplaint = z.infer<typeof S.providerComplaintView>;
export type AssessBody = z.input<typeof S.assessBody>;
export type Preview = z.infer<typeof S.previewReply>;
export type Penalty = z.infer<typeof S.penaltyView>;
export type Upload = { fileName: string; contentBase64: string };
export type ComplaintCategory = Complaint['category'];
export type Outcome = NonNullable<Complaint['outcome']>;

export const COMPLAINT_CATEGORIES: readonly ComplaintCategory[] = ['behaviour', 'safety', 'driving', 'vehicle', 'overcharge', 'lateness', 'parcel_handling', 'other'];
export const OUTCOMES: readonly Outcome[] = ['dismissed', 'warning', 'penalty', 'deactivation'];
export const EXCLUDED: ReadonlyArray<NonNullable<AssessBody['excludedCause']>> = ['inherent_defect', 'sender_packing', 'perishable', 'unfit_for_motorcycle'];

const id = (s: string) => encodeURIComponent(s);

export const claimsApi = {
  file: (body: { orderId: string; description: string; photos: Upload[] }) => request<Claim>('POST', '/v1/claims', { body }),
  mine: () => request<{ claims: Claim[]; complaints: Complaint[] }>('GET', '/v1/claims'),
  get: (claimId: string) => request<ClaimDetail>('GET', `/v1/claims/${id(claimId)}`),
  photo: (claimId: string, fileId: string) => request<{ contentType: string; contentBase64: string; fileName: string }>('GET', `/v1/claims/${id(claimId)}/photos/${id(fileId)}`),
  complain: (body: { orderId?: string; againstUserId?: string; category: ComplaintCategory; description: string }) => request<Complaint>('POST', '/v1/complaints', { body }),
  againstMe: () => request<ProviderComplaint[]>('GET', '/v1/provider/complaints'),
  ops: {
    claims: (status: Claim['status']) => request<OpsClaim[]>('GET', '/v1/ops/claims', { query: { status } }),
    claim: (claimId: string) => request<OpsClaimDetail>('GET', `/v1/ops/claims/${id(claimId)}`),
    preview: (claimId: string, body: AssessBody) => request<Preview>('POST', `/v1/ops/claims/${id(claimId)}/preview`, { body: { ...body, deactivateProvider: undefined, note: undefined } }),
    assess: (claimId: string, body: AssessBody) => request<OpsClaim>('POST', `/v1/ops/claims/${id(claimId)}/assess`, { body }),
    complaints: (status: Complaint['status']) => request<OpsComplaint[]>('GET', '/v1/ops/complaints', { query: { status } }),
    complaint: (complaintId: string) => request<OpsComplaint>('GET', `/v1/ops/complaints/${id(complaintId)}`),
    decide: (complaintId: string, body: { outcome: Outcome; note: string; amountRials?: string | null }) => request<OpsComplaint>('POST', `/v1/ops/complaints/${id(complaintId)}/decide`, { body }),
    penalties: (providerId?: string) => request<Penalty[]>('GET', '/v1/ops/penalties', { query: providerId ? { providerId } : {} }),
  },
};

/** Reads picked files as the JSON uploads the API takes (the server sniffs the type from the bytes). */
export async function readUploads(files: FileList | null): Promise<Upload[]> {
  const out: Upload[] = [];
  for (const f of Array.from(files ?? [])) {
    const bytes = new Uint8Array(await f.arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    out.push({ fileName: f.name, contentBase64: btoa(bin) });
  }
  return out;
}

export const CLAIM_TONE = { submitted: 'warn', approved: 'good', rejected: 'bad' } as const;
export const claimStatusKey = (s: Claim['status']) => `clm.status.${s}` as MessageKey;
export const categoryKey = (c: ComplaintCategory) => `clm.cat.${c}` as MessageKey;
export const outcomeKey = (o: Outcome) => `clm.outcome.${o}` as MessageKey;
export const rejectKey = (r: string) => `clm.reject.${r}` as MessageKey;
