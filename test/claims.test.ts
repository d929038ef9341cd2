import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { testDbKinds } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';
import { checkLedger, platformAccount } from '../src/modules/wallet/index.js';
import { orderFixture, providerWallet, wallet, type Fx } from './orders-fixtures.js';

const PARCEL = {
  category: 'electronics', contents: 'a tablet', contentsVisible: true, declaredValueRials: '10000000',
  recipient: { name: 'Reza Recipient', mobile: '09141112233', address: 'Valiasr St. 12, Tabriz' },
};
const PNG_BYTES = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const PNG = 'data:image/png;base64,' + PNG_BYTES.toString('base64');
const PHOTO = { fileName: 'broken.png', contentBase64: PNG_BYTES.toString('base64') };
const EXE = { fileName: 'photo.png', contentBase64: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64, 0)]).toString('base64') };
const ASSESS = { extent: 'partial', damagePercent: 30, causedByCarriage: true, packagingShowsImpact: true, excludedCause: null, providerAtFault: false, deactivateProvider: false, note: 'screen cracked in transit' };

for (const kind of testDbKinds()) {
  describe(`claims, complaints and penalties [${kind}]`, () => {
    let fx: Fx;
    before(async () => {
      fx = await orderFixture(kind);
      await fx.online('courier');
    });
    after(async () => { await fx?.close(); });

    const count = async (table: string) => (await queryRows<{ n: number }>(fx.t.db.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0].n;

    /** A parcel of `who` delivered by `courier`; the recipient signs, declaring `damage` (or not). */
    async function deliveredParcel(who: string, opts: { damage?: string | null; parcel?: Record<string, unknown>; courier?: string } = {}): Promise<string> {
      const courier = opts.courier ?? 'courier';
      const res = await fx.order(who, { quoteId: await fx.quote(who, { serviceCode: 'moto_parcel' }), parcel: { ...PARCEL, ...opts.parcel } });
      assert.equal(res.statusCode, 201, res.body);
      const o = res.json();
      const offer = await fx.offerOf(courier);
      assert.equal(offer?.orderId, o.id);
      assert.equal((await fx.call(courier, 'POST', `/v1/provider/offers/${offer!.id}/accept`)).statusCode, 200);
      for (const step of ['arrived', 'start']) assert.equal((await fx.call(courier, 'POST', `/v1/provider/orders/${o.id}/${step}`)).statusCode, 200);
      const damage = opts.damage === undefined ? 'box corner crushed, screen cracked' : opts.damage;
      const done = await fx.call(courier, 'POST', `/v1/provider/orders/${o.id}/complete`, { pod: { method: 'signature', signaturePng: PNG, signerName: 'Reza', ...(damage ? { damage } : {}) } });
      assert.equal(done.statusCode, 200, done.body);
      return o.id;
    }

    async function fileClaim(who: string, orderId: string, photos = [PHOTO]) {
      return fx.call(who, 'POST', '/v1/claims', { orderId, description: 'The tablet arrived with a cracked screen', photos });
    }

    test('CLM-1 the sender files a claim with photos; ops assess partial damage; the compensation is paid into the wallet by one ledger transfer', async () => {
      const orderId = await deliveredParcel('c1');
      const filed = await fileClaim('c1', orderId);
      assert.equal(filed.statusCode, 201, filed.body);
      const claim = filed.json();
      assert.equal(claim.status, 'submitted');
      assert.equal(claim.declaredValueRials, '10000000');
      assert.equal(claim.podDamage, 'box corner crushed, screen cracked');
      const queue = (await fx.call('agent', 'GET', '/v1/ops/reviews?kind=claim')).json();
      assert.ok(queue.some((i: { link: string }) => i.link === `/ops/claims/${claim.id}`), 'OPS-1 the claim is in the review queue');
      const detail = (await fx.call('c1', 'GET', `/v1/claims/${claim.id}`)).json();
      assert.equal(detail.files.length, 1);
      assert.equal(detail.files[0].contentType, 'image/png', 'the type is sniffed from the bytes');
      const photo = await fx.call('agent', 'GET', `/v1/claims/${claim.id}/photos/${detail.files[0].id}`);
      assert.equal(Buffer.from(photo.json().contentBase64, 'base64').equals(PNG_BYTES), true);
      assert.equal((await fx.call('c2', 'GET', `/v1/claims/${claim.id}/photos/${detail.files[0].id}`)).statusCode, 404, 'another customer cannot see the photo');

      const preview = await fx.call('agent', 'POST', `/v1/ops/claims/${claim.id}/preview`, { extent: 'partial', damagePercent: 30, causedByCarriage: true });
      assert.deepEqual(preview.json(), { outcome: 'approved', compensationRials: '3000000', reason: null });
      const w0 = await fx.balance(wallet(fx.uid.c1));
      const r0 = await fx.balance(platformAccount('platform_revenue'));
      const res = await fx.call('agent', 'POST', `/v1/ops/claims/${claim.id}/assess`, ASSESS);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().status, 'approved');
      assert.equal(res.json().compensationRials, '3000000');
      assert.equal(res.json().paidBy, 'platform');
      assert.equal(await fx.balance(wallet(fx.uid.c1)), w0 + 3_000_000n, 'CLM-1 30% of the declared value');
      assert.equal(await fx.balance(platformAccount('platform_revenue')), r0 - 3_000_000n);
      const again = await fx.call('admin', 'POST', `/v1/ops/claims/${claim.id}/assess`, ASSESS);
      assert.equal(again.json().error.code, 'CLAIM_ALREADY_DECIDED');
      assert.equal(await fx.balance(wallet(fx.uid.c1)), w0 + 3_000_000n, 'paid once');
      const audit = await queryRows<{ action: string }>(fx.t.db.db, sql`SELECT action FROM audit_log WHERE target_id = ${claim.id}`);
      assert.deepEqual(audit.map((a) => a.action), ['claim.assess'], 'OPS-4 the decision is audited');
      assert.match((await fx.t.lastSms('09140000101')) ?? '', /۳۰۰[,٬]?۰۰۰|300,000/);
      const mine = (await fx.call('c1', 'GET', '/v1/claims')).json();
      assert.equal(mine.claims[0].status, 'approved');
      assert.ok((await checkLedger(fx.t.db.db)).ok);
    });

    test('CLM-1 ORD-9 no claim once the recipient signed without declaring damage; nothing is written', async () => {
      const orderId = await deliveredParcel('c2', { damage: null });
      const [claims, files] = [await count('claims'), await count('claim_files')];
      const res = await fileClaim('c2', orderId);
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error.code, 'CLAIM_DAMAGE_NOT_DECLARED');
      assert.deepEqual([await count('claims'), await count('claim_files')], [claims, files]);
    });

    test('CLM-1 refusals: another customer\'s order is 404, a second claim 409, bad photos 400, the window closed 409, nothing written', async () => {
      const orderId = await deliveredParcel('c1');
      const before = await count('claims');
      assert.equal((await fileClaim('c2', orderId)).statusCode, 404, 'another customer\'s order');
      assert.equal((await fileClaim('c2', 'ord_00000000000000000000000000')).json().error.code, 'ORDER_NOT_FOUND');
      assert.equal((await fileClaim('c1', orderId, [])).json().error.code, 'CLAIM_PHOTOS_REQUIRED');
      assert.equal((await fileClaim('c1', orderId, [EXE])).json().error.code, 'UPLOAD_TYPE_NOT_ALLOWED', 'a renamed executable is refused');
      assert.equal((await fileClaim('c1', orderId, [{ fileName: '../../etc/passwd', contentBase64: PHOTO.contentBase64 }])).json().error.code, 'UPLOAD_NAME_INVALID');
      assert.equal((await fileClaim('c1', orderId, Array(6).fill(PHOTO))).json().error.code, 'CLAIM_TOO_MANY_PHOTOS');
      assert.equal(await count('claims'), before);
      fx.t.clock.advance(8 * 86_400_000);
      await fx.renew();
      const late = await fileClaim('c1', orderId);
      assert.equal(late.statusCode, 409);
      assert.equal(late.json().error.code, 'CLAIM_WINDOW_CLOSED');
      await fx.setting('claims.fileWithinDays', 10);
      assert.equal((await fileClaim('c1', orderId)).statusCode, 201, 'the window is a setting');
      const twice = await fileClaim('c1', orderId);
      assert.equal(twice.statusCode, 409);
      assert.equal(twice.json().error.code, 'CLAIM_EXISTS');
      await fx.setting('claims.fileWithinDays', 7);
    });

    test('CLM-1 an excluded cause is rejected with that reason and no money moves; two agents deciding at once pay at most once', async () => {
      const a = (await fileClaim('c2', await deliveredParcel('c2'))).json();
      const w0 = await fx.balance(wallet(fx.uid.c2));
      const rej = await fx.call('agent', 'POST', `/v1/ops/claims/${a.id}/assess`, { ...ASSESS, excludedCause: 'sender_packing' });
      assert.equal(rej.json().status, 'rejected');
      assert.equal(rej.json().rejectReason, 'excluded_sender_packing');
      assert.equal(await fx.balance(wallet(fx.uid.c2)), w0);
      const bad = await fx.call('agent', 'POST', `/v1/ops/claims/${a.id}/assess`, { ...ASSESS, damagePercent: 0 });
      assert.equal(bad.statusCode, 400);

      const b = (await fileClaim('c2', await deliveredParcel('c2'))).json();
      const total = { ...ASSESS, extent: 'total', damagePercent: null };
      const w1 = await fx.balance(wallet(fx.uid.c2));
      const results = await Promise.all([fx.call('agent', 'POST', `/v1/ops/claims/${b.id}/assess`, total), fx.call('admin', 'POST', `/v1/ops/claims/${b.id}/assess`, total)]);
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 409]);
      assert.equal(await fx.balance(wallet(fx.uid.c2)), w1 + 10_000_000n, 'total loss: the declared value, once');
      assert.ok((await checkLedger(fx.t.db.db)).ok);
    });

    test('CLM-2 a complaint about an order goes to ops; a warning is SMSed; the provider sees the outcome, not who complained', async () => {
      const orderId = await deliveredParcel('c1', { damage: null });
      assert.equal((await fx.call('c2', 'POST', '/v1/complaints', { orderId, category: 'behaviour', description: 'Rude at the door, threw the parcel' })).statusCode, 404, 'not your order');
      const res = await fx.call('c1', 'POST', '/v1/complaints', { orderId, category: 'behaviour', description: 'Rude at the door, threw the parcel' });
      assert.equal(res.statusCode, 201, res.body);
      const c = res.json();
      assert.equal((await fx.call('c1', 'POST', '/v1/complaints', { orderId, category: 'behaviour', description: 'Rude at the door, threw the parcel' })).json().error.code, 'COMPLAINT_EXISTS');
      const ops = (await fx.call('agent', 'GET', `/v1/ops/complaints/${c.id}`)).json();
      assert.equal(ops.againstUserId, fx.uid.courier);
      const decided = await fx.call('agent', 'POST', `/v1/ops/complaints/${c.id}/decide`, { outcome: 'warning', note: 'Handle parcels with care' });
      assert.equal(decided.statusCode, 200, decided.body);
      assert.match((await fx.t.lastSms(MOBILE_COURIER)) ?? '', /Handle parcels with care/);
      const seen = (await fx.call('courier', 'GET', '/v1/provider/complaints')).json();
      const mineSeen = seen.find((x: { id: string }) => x.id === c.id);
      assert.equal(mineSeen.outcome, 'warning');
      assert.equal(JSON.stringify(seen).includes(fx.uid.c1), false, 'the complainant is not named');
      assert.equal('description' in mineSeen, false);
      assert.equal((await fx.call('c2', 'GET', `/v1/complaints/${c.id}`)).statusCode, 404);
      assert.equal((await fx.call('c1', 'POST', '/v1/complaints', { againstUserId: fx.uid.c2, category: 'other', description: 'not a provider at all' })).json().error.code, 'COMPLAINT_SUBJECT_NOT_FOUND');
      assert.equal((await fx.call('c1', 'POST', '/v1/complaints', { category: 'other', description: 'no subject given here' })).json().error.code, 'COMPLAINT_SUBJECT_REQUIRED');
    });

    test('CLM-2 PAY-6 a penalty outcome needs an ops admin; it posts the default liquidated damages to the provider balance', async () => {
      const c = (await fx.call('c2', 'POST', '/v1/complaints', { againstUserId: fx.uid.courier, category: 'safety', description: 'False statement about the delivery time' })).json();
      const p0 = await fx.balance(providerWallet(fx.uid.courier));
      const [complaints, penalties] = [await count('penalties'), await count('audit_log')];
      const agent = await fx.call('agent', 'POST', `/v1/ops/complaints/${c.id}/decide`, { outcome: 'penalty', note: 'False statement' });
      assert.equal(agent.statusCode, 403);
      assert.equal(agent.json().error.code, 'PENALTY_ROLE_REQUIRED');
      assert.deepEqual([await count('penalties'), await count('audit_log')], [complaints, penalties], 'nothing written');
      const res = await fx.call('admin', 'POST', `/v1/ops/complaints/${c.id}/decide`, { outcome: 'penalty', note: 'False statement' });
      assert.equal(res.statusCode, 200, res.body);
      assert.ok(res.json().penaltyId);
      assert.equal(await fx.balance(providerWallet(fx.uid.courier)), p0 - 50_000_000n, 'PAY-6 5,000,000 Toman, and the balance may go negative');
      const audit = await queryRows<{ action: string }>(fx.t.db.db, sql`SELECT action FROM audit_log WHERE target_id = ${fx.uid.courier} ORDER BY created_at, id`);
      assert.ok(audit.some((a) => a.action === 'penalty.record') && audit.some((a) => a.action === 'complaint.decide'));
      assert.ok((await checkLedger(fx.t.db.db)).ok);
    });

    test('PAY-6 finance and ops admins record penalties, ops agents cannot; bad amounts and unknown providers write nothing', async () => {
      const body = { providerId: fx.uid.courier, reason: 'False statement in the application', amountRials: '20000000' };
      const p0 = await fx.balance(providerWallet(fx.uid.courier));
      const n0 = await count('penalties');
      for (const who of ['agent', 'c1', 'courier']) assert.equal((await fx.call(who, 'POST', '/v1/ops/penalties', body)).statusCode, 403, who);
      assert.equal((await fx.call('admin', 'POST', '/v1/ops/penalties', { ...body, amountRials: '0' })).json().error.code, 'PENALTY_AMOUNT_INVALID');
      assert.equal((await fx.call('admin', 'POST', '/v1/ops/penalties', { ...body, providerId: fx.uid.c1 })).json().error.code, 'PROVIDER_NOT_FOUND');
      assert.equal(await count('penalties'), n0);
      const finance = await fx.t.signIn('09120000003');
      const res = await fx.t.call('POST', '/v1/ops/penalties', { token: finance.token, body: { ...body, collect: 'link' } });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().amountRials, '20000000');
      assert.equal(await fx.balance(providerWallet(fx.uid.courier)), p0 - 20_000_000n);
      const link = await queryRows<{ reason: string; amount_rials: string }>(fx.t.db.db, sql`SELECT reason, amount_rials::text FROM payment_links WHERE user_id = ${fx.uid.courier} ORDER BY created_at DESC LIMIT 1`);
      assert.deepEqual(link[0], { reason: 'debt', amount_rials: '20000000' }, 'PAY-5 a payment link to pay it off');
      const list = (await fx.t.call('GET', `/v1/ops/penalties?providerId=${fx.uid.courier}`, { token: finance.token })).json();
      assert.equal(list[0].id, res.json().id);
      const mod = await fx.t.app.modules.claims.penalties.list(fx.uid.courier);
      assert.ok(mod.length >= 2);
    });

    test('CLM-1 CLM-2 the provider at fault pays the claim and may be deactivated; a complaint can deactivate too', async () => {
      const culprit = await fx.addProvider('courier2', { fleetType: 'motorcycle', serviceCodes: ['moto_parcel'], hasBox: true });
      await fx.call('courier', 'POST', '/v1/provider/offline');
      await fx.online('courier2');
      await fx.setting('parcel.maxDeclaredValueRials', '6000000');
      const claim = (await fileClaim('c1', await deliveredParcel('c1', { courier: 'courier2', parcel: { declaredValueRials: '5000000' } }))).json();
      await fx.setting('parcel.maxDeclaredValueRials', '4000000');
      const w0 = await fx.balance(wallet(fx.uid.c1));
      const p0 = await fx.balance(providerWallet(culprit));
      const res = await fx.call('agent', 'POST', `/v1/ops/claims/${claim.id}/assess`, { ...ASSESS, extent: 'total', damagePercent: null, providerAtFault: true, deactivateProvider: true });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().paidBy, 'provider');
      assert.equal(res.json().compensationRials, '4000000', 'CLM-1 total loss up to the cap');
      assert.equal(await fx.balance(wallet(fx.uid.c1)), w0 + 4_000_000n);
      assert.equal(await fx.balance(providerWallet(culprit)), p0 - 4_000_000n, 'the provider pays');
      assert.equal((await fx.t.app.modules.providers.get(culprit))?.status, 'inactive');
      await fx.setting('parcel.maxDeclaredValueRials', '50000000');

      const other = await fx.addProvider('driver2', {});
      const c = (await fx.call('c2', 'POST', '/v1/complaints', { againstUserId: other, category: 'driving', description: 'Drove dangerously all the way' })).json();
      const d = await fx.call('agent', 'POST', `/v1/ops/complaints/${c.id}/decide`, { outcome: 'deactivation', note: 'Dangerous driving' });
      assert.equal(d.statusCode, 200, d.body);
      assert.equal((await fx.t.app.modules.providers.get(other))?.status, 'inactive');
      const audit = await queryRows<{ action: string }>(fx.t.db.db, sql`SELECT action FROM audit_log WHERE target_id = ${other}`);
      assert.ok(audit.some((a) => a.action === 'provider.deactivate'));
    });
  });
}

const MOBILE_COURIER = '09140000202';
