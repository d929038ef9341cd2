/** ACC-3 company accounts. Other modules import only from here. */
export { CompaniesService, normalizeLandline, type CompaniesDeps, type RegisterInput, type Membership } from './companies.service.js';
export { CompanyWalletService, type CompanyWalletDeps, type MonthlyStatement } from './company-wallet.service.js';
export { CompanyErrors } from './companies.errors.js';
export type { CompanyRow, CompanyMemberRow, CompanyStatus, MemberRole } from './companies.tables.js';
export { isValidLegalEntityId, withCompanyIdCheckDigit, companyIdCheckDigit } from './national-company-id.js';
export { parseJalaliMonth, jalaliMonthBounds, jalaliMonthOf } from './statement-month.js';
export { registerCompanyRoutes, registerCompanyOpsRoutes } from './companies.routes.js';

import type { AccountRef } from '../wallet/index.js';
import type { CompaniesService, Membership } from './companies.service.js';
import type { CompanyWalletService } from './company-wallet.service.js';

/**
 * What the rest of the app uses (app.modules.companies): the caller's memberships and the company
 * ledger account, for "pay with the company account" in ride orders.
 */
export interface CompaniesModule {
  service: CompaniesService;
  wallet: CompanyWalletService;
  /** Active memberships of the user in active companies. */
  membership(userId: string): Promise<Membership[]>;
  /** The company's wallet ledger account (company_wallet). */
  walletAccountFor(companyId: string): AccountRef;
}

export function companiesModule(service: CompaniesService, wallet: CompanyWalletService): CompaniesModule {
  return { service, wallet, membership: (userId) => service.membership(userId), walletAccountFor: (companyId) => wallet.walletAccountFor(companyId) };
}
