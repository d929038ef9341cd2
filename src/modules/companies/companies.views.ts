import type { MemberWithName } from './companies.repo.js';
import type { CompanyRow } from './companies.tables.js';
import type { MonthlyStatement } from './company-wallet.service.js';

export const companyJson = (c: CompanyRow) => ({
  id: c.id, name: c.name, registrationNumber: c.registrationNumber, nationalCompanyId: c.nationalCompanyId, landline: c.landline, staffCount: c.staffCount,
  hasLogo: !!c.logoFileId, representativeId: c.representativeId, cityId: c.cityId, status: c.status, rejectReason: c.rejectReason,
  decidedAt: c.decidedAt?.toISOString() ?? null, createdAt: c.createdAt.toISOString(),
});

export const memberJson = (m: MemberWithName | (Omit<MemberWithName, 'firstName' | 'lastName'> & { firstName?: null; lastName?: null })) => ({
  id: m.id, companyId: m.companyId, mobile: m.mobile, userId: m.userId, name: [m.firstName, m.lastName].filter(Boolean).join(' ') || null, role: m.role,
  status: m.status, createdAt: m.createdAt.toISOString(), acceptedAt: m.acceptedAt?.toISOString() ?? null,
});

export const statementJson = (s: MonthlyStatement) => ({
  month: s.month, timeZone: s.timeZone, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(),
  openingRials: String(s.openingRials), creditsRials: String(s.creditsRials), debitsRials: String(s.debitsRials), closingRials: String(s.closingRials),
  lines: s.lines.map((l) => ({ ...l, amountRials: String(l.amountRials), createdAt: l.createdAt.toISOString() })),
});
