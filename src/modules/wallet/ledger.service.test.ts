import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ID_PATTERN } from '../../platform/ids.js';
import { accountIdOf, contentHash, derivedId } from './ledger.service.js';
import { ACCOUNT_KINDS, platformAccount, userAccount, type TransferInput } from './ledger.types.js';

test('LEDGER an account id follows from owner and kind: stable, well-formed, distinct per kind', () => {
  const a = accountIdOf(userAccount('usr_1', 'customer_wallet'));
  assert.equal(a, accountIdOf({ ownerType: 'user', ownerId: 'usr_1', kind: 'customer_wallet' }));
  assert.match(a, ID_PATTERN);
  assert.ok(a.startsWith('acc_'));
  assert.notEqual(a, accountIdOf(userAccount('usr_1', 'customer_gift')));
  assert.notEqual(a, accountIdOf(userAccount('usr_2', 'customer_wallet')));
  assert.match(derivedId('req', 'x'), ID_PATTERN);
});

test('LEDGER the content hash changes with every part of a transfer, so a reused key is caught', () => {
  const base: TransferInput = { idempotencyKey: 'k', reason: 'order.fare', legs: [{ from: userAccount('u', 'customer_wallet'), to: platformAccount('platform_revenue'), amountRials: 10n }] };
  const h = contentHash(base);
  assert.equal(contentHash({ ...base, idempotencyKey: 'other' }), h, 'the key itself is not content');
  for (const changed of [
    { ...base, reason: 'order.tip' }, { ...base, memo: 'x' }, { ...base, pending: true }, { ...base, forbidOverdraft: true },
    { ...base, reference: { type: 'order', id: 'o1' } }, { ...base, legs: [{ ...base.legs[0], amountRials: 11n }] },
    { ...base, legs: [{ ...base.legs[0], to: platformAccount('penalty_revenue') }] },
  ]) assert.notEqual(contentHash(changed), h, JSON.stringify(changed, (_k, v) => (typeof v === 'bigint' ? String(v) : v)));
});

test('PAY-2 PAY-4 account policies: wallets may go negative, gift credit may not; hot platform accounts are sharded', () => {
  assert.equal(ACCOUNT_KINDS.customer_wallet.allowNegative, true);
  assert.equal(ACCOUNT_KINDS.provider_wallet.allowNegative, true);
  assert.equal(ACCOUNT_KINDS.customer_gift.allowNegative, false);
  for (const [kind, p] of Object.entries(ACCOUNT_KINDS)) {
    if (p.shards > 1) assert.ok(p.allowNegative, `${kind}: a sharded balance cannot be checked, so it must allow negative`);
  }
});
