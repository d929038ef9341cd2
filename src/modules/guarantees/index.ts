/** PRV-5 guarantee returns. Other modules import only from here. */
export { GuaranteeReturnsService, returnCharge, type GuaranteesDeps, type ReturnDetail } from './guarantees.service.js';
export { GuaranteeErrors } from './guarantees.errors.js';
export type { GuaranteeReturnRow, ReturnChoice, ReturnStatus } from './guarantees.tables.js';
export { registerGuaranteeRoutes, registerGuaranteeOpsRoutes } from './guarantees.routes.js';
