import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';
import { withNationalIdCheckDigit } from '../src/modules/identity/national-id.js';
import { gregorianToJalali } from '../src/platform/time.js';
import { localizeDigits } from '../src/platform/i18n.js';

let seq = 0;
const freshMobile = () => `0916${String(3_000_000 + seq++).padStart(7, '0')}`;
/** A valid national ID no other test uses. */
const freshNationalId = () => withNationalIdCheckDigit(String(271_000_000 + seq++ * 7));
const ADMIN = { id: 'usr_demo_ops_admin', roles: ['ops_admin'] };

for (const kind of testDbKinds()) {
  describe(`ACC-1 / ACC-2 profile [${kind}]`, () => {
    let t: TestApp;
    before(async () => { t = await createTestApp(kind); });
    after(async () => { await t?.close(); });

    async function newUser() {
      const s = await t.signIn(freshMobile());
      const patch = (body: unknown) => t.call('PATCH', '/v1/me', { token: s.token, body });
      const me = async () => (await t.call('GET', '/v1/me', { token: s.token })).json();
      return { ...s, patch, me };
    }

    test('ACC-1 names, national ID and birth date complete the profile; email and referrer are optional', async () => {
      const u = await newUser();
      assert.equal((await u.me()).profileComplete, false);
      const nid = freshNationalId();
      const res = await u.patch({ firstName: '  سارا  ', lastName: 'رضایی', nationalId: nid, birthDate: '1990-05-17' });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(
        (({ firstName, lastName, nationalId, birthDate, email, hasReferrer, profileComplete }) => ({ firstName, lastName, nationalId, birthDate, email, hasReferrer, profileComplete }))(res.json()),
        { firstName: 'سارا', lastName: 'رضایی', nationalId: nid, birthDate: '1990-05-17', email: null, hasReferrer: false, profileComplete: true },
      );
    });

    test('ACC-1 a national ID with a wrong check digit is refused (NATIONAL_ID_INVALID); Persian digits are accepted', async () => {
      const u = await newUser();
      const nid = freshNationalId();
      const broken = nid.slice(0, 9) + String((Number(nid[9]) + 1) % 10);
      for (const bad of [broken, '1111111111', '123', nid + '0']) {
        const res = await u.patch({ nationalId: bad });
        assert.equal(res.statusCode, 400, bad);
        assert.equal(res.json().error.code, 'NATIONAL_ID_INVALID');
      }
      const ok = await u.patch({ nationalId: localizeDigits(nid, 'fa') });
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.json().nationalId, nid);
    });

    test('ACC-1 names must be 2-60 letters: digits, symbols, control characters are refused', async () => {
      const u = await newUser();
      for (const firstName of ['A', 'Ali2', 'علی۲', '<b>', 'a@b', 'x'.repeat(61), 'ab\u0000cd', 'ab\u0007cd', 'ab\uD800cd', '   ']) {
        const res = await u.patch({ firstName });
        assert.equal(res.statusCode, 400, JSON.stringify(firstName));
        assert.equal(res.json().error.code, 'NAME_INVALID');
      }
      assert.equal((await u.patch({ firstName: 'محمد\u200cرضا', lastName: "O'Brien-Smith" })).statusCode, 200);
    });

    test('ACC-1 18+ in Asia/Tehran: the day before the 18th birthday is refused, the birthday itself (from Tehran midnight) accepted', async () => {
      // 2026-11-22 20:29:59 UTC is 23:59:59 on 22 November in Tehran; one second later it is the 23rd there.
      t.clock.set(new Date('2026-11-22T20:29:59Z'));
      const u = await newUser();
      t.clock.set(new Date('2026-11-22T20:29:59Z'));
      const refused = await u.patch({ birthDate: '2008-11-23' });
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json().error.code, 'AGE_BELOW_MINIMUM');
      assert.equal(refused.json().error.details.minAgeYears, 18);
      t.clock.set(new Date('2026-11-22T20:30:00Z'));
      const accepted = await u.patch({ birthDate: '2008-11-23' });
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.equal(accepted.json().birthDate, '2008-11-23');
    });

    test('ACC-1 a Jalali birth date is accepted (ASCII, Persian or Arabic digits) and stored as Gregorian, at the same boundary', async () => {
      const jalali = gregorianToJalali('2008-11-23');
      t.clock.set(new Date('2026-11-22T20:29:59Z'));
      const u = await newUser();
      t.clock.set(new Date('2026-11-22T20:29:59Z'));
      assert.equal((await u.patch({ birthDate: jalali })).json().error.code, 'AGE_BELOW_MINIMUM');
      t.clock.set(new Date('2026-11-22T20:30:00Z'));
      const res = await u.patch({ birthDate: jalali });
      assert.equal(res.json().birthDate, '2008-11-23');
      for (const [input, gregorian] of [['1370/01/01', '1991-03-21'], ['۱۳۷۰/۰۱/۰۲', '1991-03-22'], ['١٣٧٠/٠١/٠٣', '1991-03-23'], ['1370-1-4', '1991-03-24']]) {
        const r = await u.patch({ birthDate: input });
        assert.equal(r.statusCode, 200, `${input}: ${r.body}`);
        assert.equal(r.json().birthDate, gregorian, input);
      }
    });

    test('ACC-1 impossible or implausible birth dates are refused (BIRTH_DATE_INVALID)', async () => {
      const u = await newUser();
      for (const birthDate of ['2001-02-30', '1400/12/30', '2030-01-01', '1850-01-01', 'yesterday', '']) {
        const res = await u.patch({ birthDate });
        assert.equal(res.statusCode, 400, birthDate);
        assert.equal(res.json().error.code, 'BIRTH_DATE_INVALID', birthDate);
      }
    });

    test('ACC-1 the minimum age is a setting, per city (OPS-2)', async () => {
      const u = await newUser();
      await t.app.modules.settings.set(ADMIN, 'account.minAgeYears', 'city', 'cty_tabriz', 21, 'test');
      try {
        assert.equal((await u.patch({ cityId: 'cty_tabriz' })).statusCode, 200);
        const twenty = `${t.clock.now().getUTCFullYear() - 20}-01-01`;
        const res = await u.patch({ birthDate: twenty });
        assert.equal(res.json().error.code, 'AGE_BELOW_MINIMUM');
        assert.equal(res.json().error.details.minAgeYears, 21);
        const other = await newUser();
        assert.equal((await other.patch({ birthDate: twenty })).statusCode, 200, 'no city: the global 18');
      } finally {
        await t.app.modules.settings.set(ADMIN, 'account.minAgeYears', 'city', 'cty_tabriz', undefined, 'restore');
      }
    });

    test('ACC-1 an unknown city is refused with CITY_UNKNOWN (not a 500)', async () => {
      const u = await newUser();
      const res = await u.patch({ cityId: 'cty_atlantis' });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 'CITY_UNKNOWN');
      assert.equal((await u.me()).cityId, null);
    });

    test('ACC-1 email is optional: set, lower-cased, cleared with null or ""', async () => {
      const u = await newUser();
      assert.equal((await u.patch({ email: 'Sara.R@Example.COM' })).json().email, 'sara.r@example.com');
      assert.equal((await u.patch({ email: null })).json().email, null);
      await u.patch({ email: 'x@example.com' });
      assert.equal((await u.patch({ email: '' })).json().email, null);
      assert.equal((await u.patch({ email: 'not-an-email' })).statusCode, 400);
    });

    test('ACC-1 a referrer is recorded by mobile once; self and unknown numbers are refused', async () => {
      const referrer = await newUser();
      const u = await newUser();
      const self = await u.patch({ referrerMobile: (await u.me()).mobile });
      assert.equal(self.json().error.code, 'REFERRER_NOT_FOUND');
      assert.equal((await u.patch({ referrerMobile: freshMobile() })).json().error.code, 'REFERRER_NOT_FOUND');
      const ok = await u.patch({ referrerMobile: localizeDigits((await referrer.me()).mobile, 'fa') });
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.json().hasReferrer, true);
      const [{ referrer_id }] = await queryRows<{ referrer_id: string }>(t.db.db, sql`SELECT referrer_id FROM users WHERE id = ${u.userId}`);
      assert.equal(referrer_id, referrer.userId);
      const again = await u.patch({ referrerMobile: (await referrer.me()).mobile });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'REFERRER_ALREADY_SET');
    });

    test('ACC-2 a second account with the same national ID gets 409 NATIONAL_ID_TAKEN, and none of its patch is saved', async () => {
      const first = await newUser();
      const nid = freshNationalId();
      assert.equal((await first.patch({ nationalId: nid })).statusCode, 200);
      const second = await newUser();
      const res = await second.patch({ firstName: 'Mallory', nationalId: nid });
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().error.code, 'NATIONAL_ID_TAKEN');
      const me = await second.me();
      assert.equal(me.nationalId, null);
      assert.equal(me.firstName, null);
    });

    test('ACC-2 a second account with the same email (any case) gets 409 EMAIL_TAKEN', async () => {
      const first = await newUser();
      await first.patch({ email: 'shared@example.com' });
      const second = await newUser();
      const res = await second.patch({ email: 'Shared@Example.com' });
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().error.code, 'EMAIL_TAKEN');
    });

    test('ACC-2 concurrent claims of one national ID: exactly one account gets it', async () => {
      const users = [await newUser(), await newUser(), await newUser()];
      const nid = freshNationalId();
      const answers = await Promise.all(users.map((u) => u.patch({ nationalId: nid })));
      assert.deepEqual(answers.map((r) => r.statusCode).sort(), [200, 409, 409]);
      const [{ n }] = await queryRows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM users WHERE national_id = ${nid}`);
      assert.equal(n, 1);
    });

    test('ACC-2 the mobile is unique: the database refuses a second row with the same mobile', async () => {
      const u = await newUser();
      const mobile = (await u.me()).mobile;
      await assert.rejects(t.db.db.execute(sql`INSERT INTO users (id, mobile) VALUES ('usr_duplicate_mobile', ${mobile})`));
    });

    test('ACC-2 a national ID cannot change after identity verification (NATIONAL_ID_LOCKED)', async () => {
      const u = await newUser();
      await u.patch({ nationalId: freshNationalId() });
      await t.db.db.execute(sql`UPDATE users SET kyc_status = 'verified' WHERE id = ${u.userId}`);
      t.app.modules.users.invalidate(u.userId);
      const res = await u.patch({ nationalId: freshNationalId() });
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().error.code, 'NATIONAL_ID_LOCKED');
    });
  });

  describe(`FRD-2 SIM ownership seam [${kind}]`, () => {
    let t: TestApp;
    const asked: Array<[string, string]> = [];
    before(async () => {
      t = await createTestApp(kind, { app: { sim: { owns: async (mobile, nationalId) => { asked.push([mobile, nationalId]); return false; } } } });
    });
    after(async () => { await t?.close(); });

    test('FRD-2 when the SIM-ownership check says no, the national ID is refused with SIM_OWNERSHIP_MISMATCH and not saved', async () => {
      const mobile = freshMobile();
      const s = await t.signIn(mobile);
      const nid = freshNationalId();
      const res = await t.call('PATCH', '/v1/me', { token: s.token, body: { nationalId: nid, firstName: 'Sara' } });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 'SIM_OWNERSHIP_MISMATCH');
      assert.deepEqual(asked, [[mobile, nid]]);
      const me = (await t.call('GET', '/v1/me', { token: s.token })).json();
      assert.equal(me.nationalId, null);
      assert.equal(me.firstName, null);
    });

    test('FRD-2 other profile fields do not consult the SIM-ownership check', async () => {
      const s = await t.signIn(freshMobile());
      asked.length = 0;
      assert.equal((await t.call('PATCH', '/v1/me', { token: s.token, body: { firstName: 'Sara', birthDate: '1990-01-01' } })).statusCode, 200);
      assert.deepEqual(asked, []);
    });
  });
}
