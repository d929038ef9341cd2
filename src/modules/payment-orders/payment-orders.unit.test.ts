import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { CredentialsVault, demoVaultKey, parseVaultKeys } from './credentials-vault.js';
import { quoteFigures, type FeeTier } from './quote-math.js';
import { addWorkingHours, isWorkingMinute, type WorkingCalendar } from './working-calendar.js';

const TIERS: FeeTier[] = [{ upToRials: '50000000', fixedRials: '1500000', percent: 0 }, { upToRials: '300000000', fixedRials: '2500000', percent: 1 }, { upToRials: null, fixedRials: '5000000', percent: 1.5 }];
const CAL: WorkingCalendar = { days: [6, 0, 1, 2, 3], from: '09:00', to: '17:00', holidays: ['1405/09/10'], timeZone: 'Asia/Tehran' };

test('XPO-3 quote = amount x rate + tier fee, exact, rounded once to whole Rials (half-even)', () => {
  // 12.35 x 612345.5 = 7,562,466.925 -> first tier, fee 1,500,000; total 9,062,466.925 -> 9,062,467
  assert.deepEqual(quoteFigures('12.35', '612345.5', TIERS), { subtotalRials: 7562467n, feeRials: 1500000n, totalRials: 9062467n });
  // 100 x 1,000,000 = 100,000,000 -> second tier: 2,500,000 + 1% = 3,500,000
  assert.deepEqual(quoteFigures('100', '1000000', TIERS), { subtotalRials: 100000000n, feeRials: 3500000n, totalRials: 103500000n });
  // 0.5 Rial exactly: half-even rounds 2.5 -> 2 (once, on the total)
  assert.equal(quoteFigures('0.05', '50', [{ upToRials: null, fixedRials: '0', percent: 0 }]).totalRials, 2n);
});

test('XPO-3 the subtotal and fee shown always add up to the total, for any amount and rate', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 999_999_99 }), fc.integer({ min: 1, max: 99_999_999 }), (cents, rateTenths) => {
    const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
    const rate = `${Math.floor(rateTenths / 10)}.${rateTenths % 10}`;
    const f = quoteFigures(amount, rate, TIERS);
    assert.equal(f.subtotalRials + f.feeRials, f.totalRials);
    assert.ok(f.feeRials >= 0n && f.totalRials >= f.subtotalRials);
  }), { numRuns: 300 });
});

test('XPO-2 credentials are sealed with AES-256-GCM, bound to their order, and opened only with a configured key', () => {
  const key = randomBytes(32).toString('base64');
  const vault = new CredentialsVault(parseVaultKeys(`k1:${key}`));
  const sealed = vault.seal('xpo_a', { username: 'sara@example.com', password: 'S3cret!pass' });
  assert.equal(sealed.keyId, 'k1');
  assert.doesNotMatch(JSON.stringify(sealed), /sara|S3cret/);
  assert.deepEqual(vault.open('xpo_a', sealed), { username: 'sara@example.com', password: 'S3cret!pass' });
  assert.throws(() => vault.open('xpo_b', sealed), 'a secret moved to another order does not open');
  assert.throws(() => vault.open('xpo_a', { ...sealed, ciphertext: Buffer.from('x'.repeat(20)).toString('base64') }));
  assert.throws(() => new CredentialsVault([demoVaultKey('s')]).open('xpo_a', sealed), /not configured/);
});

test('XPO-2 key rotation: a new first key seals, the old one still opens, and reseal moves secrets to the new key', () => {
  const oldKey = `old:${randomBytes(32).toString('base64')}`;
  const sealed = new CredentialsVault(parseVaultKeys(oldKey)).seal('xpo_a', { username: 'u', password: 'p' });
  const rotated = new CredentialsVault(parseVaultKeys(`new:${randomBytes(32).toString('base64')},${oldKey}`));
  assert.deepEqual(rotated.open('xpo_a', sealed), { username: 'u', password: 'p' });
  const fresh = rotated.reseal('xpo_a', sealed)!;
  assert.equal(fresh.keyId, 'new');
  assert.equal(rotated.reseal('xpo_a', fresh), null);
  assert.throws(() => parseVaultKeys('k1:short'), /32 bytes/);
  assert.throws(() => parseVaultKeys(`a:${randomBytes(32).toString('base64')},a:${randomBytes(32).toString('base64')}`), /repeat/);
});

test('XPO-5 the SLA counts working hours only: weekdays, desk hours and Jalali holidays in Asia/Tehran', () => {
  // Sunday 2026-11-22 10:00 Tehran (06:30Z) + 2h -> 12:00 Tehran the same day.
  assert.equal(addWorkingHours(new Date('2026-11-22T06:30:00Z'), 2, CAL).toISOString(), '2026-11-22T08:30:00.000Z');
  // Wednesday 16:00 Tehran + 2h: one hour on Wednesday, Thursday and Friday are off, one hour on Saturday -> Sat 10:00.
  assert.equal(addWorkingHours(new Date('2026-11-25T12:30:00Z'), 2, CAL).toISOString(), '2026-11-28T06:30:00.000Z');
  // 1405/09/10 (Monday 2026-12-01) is a holiday in this calendar: Sunday 16:30 + 2h -> Tuesday 10:30.
  assert.equal(addWorkingHours(new Date('2026-11-30T13:00:00Z'), 2, CAL).toISOString(), '2026-12-02T07:00:00.000Z');
  assert.equal(isWorkingMinute(new Date('2026-11-27T07:00:00Z'), CAL), false, 'Friday');
  assert.equal(isWorkingMinute(new Date('2026-11-22T05:29:00Z'), CAL), false, '08:59 Tehran');
  assert.equal(isWorkingMinute(new Date('2026-11-22T05:30:00Z'), CAL), true, '09:00 Tehran');
});
