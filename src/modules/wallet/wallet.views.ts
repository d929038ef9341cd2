import type { AccountBalance } from './ledger.types.js';
import type { AccountView, SettlementRow, StatementLine } from './wallet.repo.js';

// Maps rows to API shapes: bigint Rials become strings of digits, dates ISO strings.

export const balanceJson = (b: AccountBalance) => ({ balanceRials: String(b.balanceRials), pendingRials: String(b.pendingRials), availableRials: String(b.availableRials) });

export const statementLineJson = (l: StatementLine) => ({
  transferId: l.transferId, amountRials: String(l.amountRials), reason: l.reason,
  reference: l.referenceType && l.referenceId ? { type: l.referenceType, id: l.referenceId } : null,
  memo: l.memo, status: l.status, createdAt: l.createdAt.toISOString(),
});

export const accountJson = (a: AccountView) => ({
  id: a.id, ownerType: a.ownerType as 'user' | 'company' | 'platform', ownerId: a.ownerId, kind: a.kind, allowNegative: a.allowNegative,
  balanceRials: String(a.balanceRials), pendingRials: String(a.pendingRials), availableRials: String(a.balanceRials - a.pendingRials), createdAt: a.createdAt.toISOString(),
});

export const settlementJson = (r: SettlementRow) => ({
  id: r.id, providerId: r.providerId, amountRials: String(r.amountRials), status: r.status, holdTransferId: r.holdTransferId,
  bankReference: r.bankReference, rejectReason: r.rejectReason, createdAt: r.createdAt.toISOString(),
  decidedAt: r.decidedAt?.toISOString() ?? null, paidAt: r.paidAt?.toISOString() ?? null,
});
