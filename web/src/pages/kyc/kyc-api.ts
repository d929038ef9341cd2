/** Calls of the KYC API (ACC-5), typed from the server's own zod schemas. */
import type { z } from 'zod';
import { request } from '../../api';
import type * as K from '../../../../src/modules/kyc/kyc.schemas';

export type MyKyc = z.infer<typeof K.myKycReply>;
export type KycSubmission = z.infer<typeof K.submissionView>;
export type OpsKycItem = z.infer<typeof K.opsListItem>;
export type OpsKycDetail = z.infer<typeof K.opsDetailReply>;
export type KycRequirementItem = z.infer<typeof K.requirementItem>;
export type SubmitKyc = z.input<typeof K.submitBody>;
export type FileReply = z.infer<typeof K.fileReply>;
export type Upload = { fileName: string; contentBase64: string };

/** Reads a picked file as the JSON upload the API takes (base64, no data: prefix). */
export function fileToUpload(file: File): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve({ fileName: file.name, contentBase64: String(reader.result).replace(/^data:[^,]*,/, '') });
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

export const dataUrlOf = (f: FileReply) => `data:${f.contentType};base64,${f.contentBase64}`;

export const kycApi = {
  mine: () => request<MyKyc>('GET', '/v1/kyc'),
  submit: (body: SubmitKyc) => request<KycSubmission>('POST', '/v1/kyc', { body }),
  card: (submissionId: string) => request<FileReply>('GET', `/v1/kyc/submissions/${submissionId}/card`),
  ops: {
    list: (status: 'submitted' | 'verified' | 'rejected') => request<OpsKycItem[]>('GET', '/v1/ops/kyc', { query: { status } }),
    get: (id: string) => request<OpsKycDetail>('GET', `/v1/ops/kyc/${id}`),
    verify: (id: string) => request<KycSubmission>('POST', `/v1/ops/kyc/${id}/verify`),
    reject: (id: string, reason: string) => request<KycSubmission>('POST', `/v1/ops/kyc/${id}/reject`, { body: { reason } }),
    requirements: (overdue: boolean) => request<KycRequirementItem[]>('GET', '/v1/ops/kyc/requirements', { query: { overdue: String(overdue) } }),
    require: (userId: string, reason: string) => request<unknown>('POST', '/v1/ops/kyc/requirements', { body: { userId, reason } }),
  },
};
