import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { UserRow } from './identity.repo.js';
import { isProfileComplete, maskedView, opsView, selfView } from './user-view.js';

const row: UserRow = {
  id: 'usr_1', mobile: '09121234567', nationalId: '0499370899', firstName: 'سارا', lastName: 'رضایی', email: null,
  birthDate: '1990-01-01', referrerId: null, locale: 'fa', roles: ['customer'], providerKind: null, status: 'active',
  blockedReason: null, blockedAt: null, passwordHash: '$argon2id$secret', kycStatus: 'none', cityId: null,
  createdAt: new Date('2026-01-01T00:00:00Z'), updatedAt: new Date('2026-01-02T00:00:00Z'),
};

test('ACC-1 a profile is complete with first and last name, national ID and birth date', () => {
  assert.equal(isProfileComplete(row), true);
  for (const field of ['firstName', 'lastName', 'nationalId', 'birthDate'] as const) {
    assert.equal(isProfileComplete({ ...row, [field]: null }), false, field);
  }
});

test('ACC-4 no view ever carries the password hash', () => {
  for (const view of [selfView(row), opsView(row), maskedView(row)]) {
    assert.ok(!JSON.stringify(view).includes('argon2'), JSON.stringify(view));
  }
  assert.equal(selfView(row).hasPassword, true);
  assert.equal(selfView({ ...row, passwordHash: null }).hasPassword, false);
});

test('ACC-7 a stranger sees names and a masked mobile only', () => {
  assert.deepEqual(maskedView(row), { id: 'usr_1', firstName: 'سارا', lastName: 'رضایی', mobile: '0912*****67' });
});
