/** ACC-5 identity verification (KYC). Other modules import only from here. */
export { KycService, normalizeName, type KycDeps, type SubmitInput, type MyKyc } from './kyc.service.js';
export { KycErrors } from './kyc.errors.js';
export type { KycStatus, KycSubmissionRow, KycRequirementRow, StoredFileRow } from './kyc.tables.js';
export { checkUpload, putUpload, readUpload, findUpload, type UploadInput, type CheckedUpload, type AllowedType } from './uploads.js';
export { registerKycRoutes, registerKycOpsRoutes } from './kyc.routes.js';

declare module '../../platform/events.js' {
  interface AppEvents {
    /** ACC-5: ops verified the user's identity (payment orders waiting for it may proceed). */
    'kyc.verified': { userId: string };
    /** ACC-5: ops rejected the submission; the user may submit again. */
    'kyc.rejected': { userId: string; reason: string };
  }
}
