import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';

let seq = 0;
const freshMobile = () => `0919${String(6_000_000 + seq++).padStart(7, '0')}`;

for (const kind of testDbKinds()) {
  describe(`ACC-6 guest riders [${kind}]`, () => {
    let t: TestApp;
    let owner: string;
    let stranger: string;
    before(async () => {
      t = await createTestApp(kind);
      owner = (await t.signIn(freshMobile())).token;
      stranger = (await t.signIn(freshMobile())).token;
    });
    after(async () => { await t?.close(); });

    const add = (token: string, body: unknown) => t.call('POST', '/v1/me/guests', { token, body });
    const list = async (token: string) => (await t.call('GET', '/v1/me/guests', { token })).json() as Array<{ id: string; name: string; mobile: string }>;

    test('ACC-6 a customer saves a guest (name + mobile, normalised) and sees it in the list', async () => {
      const res = await add(owner, { name: '  مادر  بزرگ ', mobile: '+98 935 111 2233' });
      assert.equal(res.statusCode, 201);
      assert.equal(res.json().name, 'مادر بزرگ');
      assert.equal(res.json().mobile, '09351112233');
      assert.match(res.json().id, /^gst_/);
      assert.deepEqual((await list(owner)).map((g) => g.mobile), ['09351112233']);
    });

    test('ACC-6 saving the same guest mobile again renames it instead of adding a second one', async () => {
      await add(owner, { name: 'Guest One', mobile: '09351110001' });
      const again = await add(owner, { name: 'Guest Renamed', mobile: '۰۹۳۵۱۱۱۰۰۰۱' });
      assert.equal(again.statusCode, 201);
      const matching = (await list(owner)).filter((g) => g.mobile === '09351110001');
      assert.equal(matching.length, 1);
      assert.equal(matching[0].name, 'Guest Renamed');
    });

    test('ACC-6 a guest needs a valid name and an Iranian mobile', async () => {
      assert.equal((await add(owner, { name: 'Guest', mobile: '12345' })).json().error.code, 'MOBILE_INVALID');
      assert.equal((await add(owner, { name: 'G', mobile: '09351110002' })).json().error.code, 'NAME_INVALID');
      assert.equal((await add(owner, { name: 'Guest' })).json().error.code, 'VALIDATION_FAILED');
    });

    test('ACC-6 guests are saved per owner: another customer sees none of mine and cannot delete them', async () => {
      const mine = (await add(owner, { name: 'Private Guest', mobile: '09351110003' })).json();
      assert.equal((await list(stranger)).length, 0);
      const del = await t.call('DELETE', `/v1/me/guests/${mine.id}`, { token: stranger });
      assert.equal(del.statusCode, 404);
      assert.equal(del.json().error.code, 'GUEST_NOT_FOUND');
      assert.ok((await list(owner)).some((g) => g.id === mine.id));
    });

    test('ACC-6 two customers may save the same guest, each their own copy', async () => {
      const a = (await add(owner, { name: 'Shared Guest', mobile: '09351110004' })).json();
      const b = (await add(stranger, { name: 'Shared Guest', mobile: '09351110004' })).json();
      assert.notEqual(a.id, b.id);
      assert.equal((await t.call('DELETE', `/v1/me/guests/${b.id}`, { token: stranger })).statusCode, 204);
      assert.ok((await list(owner)).some((g) => g.id === a.id));
    });

    test('ACC-6 the owner deletes a guest once; a second delete is 404', async () => {
      const g = (await add(owner, { name: 'Temporary Guest', mobile: '09351110005' })).json();
      assert.equal((await t.call('DELETE', `/v1/me/guests/${g.id}`, { token: owner })).statusCode, 204);
      assert.ok(!(await list(owner)).some((x) => x.id === g.id));
      assert.equal((await t.call('DELETE', `/v1/me/guests/${g.id}`, { token: owner })).statusCode, 404);
    });

    test('ACC-6 guests need a signed-in caller', async () => {
      assert.equal((await t.call('GET', '/v1/me/guests')).statusCode, 401);
      assert.equal((await t.call('POST', '/v1/me/guests', { body: { name: 'Guest', mobile: '09351110006' } })).statusCode, 401);
    });
  });
}
