/**
 * Wallet: the double-entry ledger every movement of money posts to (issue 3), balances and
 * statements (PAY-1), the spending order (PAY-2, PAY-4) and provider settlements (PAY-3).
 * Other modules import only from here.
 */
export {
  type OwnerType, type AccountKind, type AccountRef, type TransferLeg, type TransferInput, type TransferResult, type TransferStatus, type AccountBalance,
  ACCOUNT_KINDS, ACCOUNT_KIND_NAMES, PLATFORM_OWNER_ID, isAccountKind, userAccount, companyAccount, platformAccount,
} from './ledger.types.js';
export { LedgerService, accountIdOf, contentHash, MAX_LEG_RIALS } from './ledger.service.js';
export { planSpend, spendLegsTo, type SpendLeg, type SpendPlan } from './spend.js';
export { checkLedger, type LedgerCheckReport, type LedgerViolation } from './ledger.check.js';
export { WalletErrors } from './wallet.errors.js';
export { WalletService, type MyAccount, type AdjustmentInput, type AdjustmentResult } from './wallet.service.js';
export { SettlementService, type SettlementStatus } from './settlement.service.js';
export { registerWalletRoutes, registerLedgerOpsRoutes, registerSettlementOpsRoutes } from './wallet.routes.js';
