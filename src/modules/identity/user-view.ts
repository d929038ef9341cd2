import { maskMobile } from './mobile.js';
import type { UserRow } from './identity.repo.js';

/** What a user sees of their own account. */
export function selfView(u: UserRow) {
  return {
    id: u.id,
    mobile: u.mobile,
    firstName: u.firstName,
    lastName: u.lastName,
    nationalId: u.nationalId,
    email: u.email,
    birthDate: u.birthDate,
    locale: u.locale,
    roles: u.roles,
    providerKind: u.providerKind,
    status: u.status,
    blockedReason: u.blockedReason,
    kycStatus: u.kycStatus,
    cityId: u.cityId,
    hasPassword: u.passwordHash !== null,
    hasReferrer: u.referrerId !== null,
    profileComplete: isProfileComplete(u),
    createdAt: u.createdAt.toISOString(),
  };
}

/** What ops staff see of an account (no password hash). */
export function opsView(u: UserRow) {
  return { ...selfView(u), referrerId: u.referrerId, blockedAt: u.blockedAt?.toISOString() ?? null, updatedAt: u.updatedAt.toISOString() };
}

/** A stranger's view: names and a masked mobile only (ORD-18 uses the same shape). */
export function maskedView(u: UserRow) {
  return { id: u.id, firstName: u.firstName, lastName: u.lastName, mobile: maskMobile(u.mobile) };
}

/** ACC-1: the profile fields every account needs before ordering. */
export function isProfileComplete(u: Pick<UserRow, 'firstName' | 'lastName' | 'nationalId' | 'birthDate'>): boolean {
  return Boolean(u.firstName && u.lastName && u.nationalId && u.birthDate);
}
