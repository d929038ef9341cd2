// Browser test of CLM-1 (issue 5): a customer reports damage on a delivered parcel, an ops agent
// assesses partial damage, and the customer sees the compensation in the wallet; on a phone, in Persian.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSuite, overflowingElements, screenshot, signInByCode } from './browser.js';

const CUSTOMER = '09140000102';
const COURIER = '09140000202';
const AGENT = '09120000002';
const PICKUP = { lat: 38.02, lng: 46.35 };
const DROPOFF = { lat: 38.05, lng: 46.2 };
const PARCEL = {
  category: 'electronics', contents: 'a tablet', contentsVisible: true, declaredValueRials: '10000000',
  recipient: { name: 'رضا گیرنده', mobile: '09141112233', address: 'تبریز، خیابان ولیعصر ۱۲' },
};
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

/** Calls the API with the page's own session (as the app itself would). */
async function apiAs<T = any>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  return page.evaluate(async ({ method, path, body }) => {
    const { accessToken } = JSON.parse(localStorage.getItem('peyk.session')!);
    const res = await fetch(path, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { authorization: `Bearer ${accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) } });
    return { status: res.status, json: await res.json().catch(() => null) };
  }, { method, path, body }) as Promise<{ status: number; json: T }>;
}

async function ok<T = any>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  const res = await apiAs<T>(page, method, path, body);
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
}

async function signInAndAccept(page: Page, mobile: string, home: RegExp) {
  await signInByCode(page, mobile);
  await page.waitForURL(/\/terms/);
  await page.getByRole('button', { name: 'قوانین را می‌پذیرم' }).click();
  await page.waitForURL(home);
}

async function check(page: Page, name: string) {
  assert.deepEqual(await overflowingElements(page), [], `${page.url()} is wider than the phone`);
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text.replace(/ord_[0-9a-z]+|clm_[0-9a-z]+/gi, ''), /[0-9]/, `${page.url()} shows Latin digits`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, `claims/${name}`, { fullPage: true });
}

describe('parcel damage claims in the browser', () => {
  const suite = browserSuite();
  const phone = () => suite.phone();
  let customer: Page;
  let courier: Page;
  let agent: Page;

  before(async () => {
    [customer, courier, agent] = await Promise.all([phone(), phone(), phone()]);
    await signInAndAccept(customer, CUSTOMER, /\/home$/);
    await signInAndAccept(courier, COURIER, /\/provider$/);
    await signInByCode(agent, AGENT);
  });

  test('CLM-1 a customer files a damage claim on a delivered parcel, ops assess 30% damage, the customer sees the compensation in the wallet', async () => {
    // A parcel delivered with damage declared before the recipient signed (ORD-9), driven through the API.
    await ok(courier, 'POST', '/v1/provider/online', PICKUP);
    const quote = await ok(customer, 'POST', '/v1/quotes', { serviceCode: 'moto_parcel', origin: PICKUP, destination: DROPOFF });
    const order = await ok(customer, 'POST', '/v1/orders', { quoteId: quote.id, paymentMethod: 'wallet', parcel: PARCEL });
    const { offer } = await ok(courier, 'GET', '/v1/provider/offers');
    assert.equal(offer?.orderId, order.id);
    await ok(courier, 'POST', `/v1/provider/offers/${offer.id}/accept`);
    for (const step of ['arrived', 'start']) await ok(courier, 'POST', `/v1/provider/orders/${order.id}/${step}`);
    await ok(courier, 'POST', `/v1/provider/orders/${order.id}/complete`, { pod: { method: 'signature', signaturePng: `data:image/png;base64,${PNG.toString('base64')}`, signerName: 'رضا', damage: 'گوشه جعبه له شده' } });
    const before = BigInt((await ok(customer, 'GET', '/v1/wallet')).wallet.balanceRials);

    await customer.goto(`/claims/new?order=${order.id}`);
    await customer.getByText('گوشه جعبه له شده').waitFor();
    await customer.locator('textarea[name=description]').fill('صفحه تبلت هنگام تحویل ترک خورده بود');
    await customer.locator('input[type=file][name=photos]').setInputFiles({ name: 'damage.png', mimeType: 'image/png', buffer: PNG });
    await check(customer, 'new-claim-fa');
    await customer.getByRole('button', { name: 'ثبت درخواست خسارت' }).click();
    await customer.waitForURL(/\/claims$/);
    await customer.getByText('در حال بررسی').first().waitFor();
    await check(customer, 'my-claims-submitted-fa');

    await agent.goto('/ops/claims');
    await agent.getByRole('link', { name: /خسارت سفارش/ }).first().click();
    await agent.waitForURL(/\/ops\/claims\/clm_/);
    await agent.locator('input[name=damagePercent]').fill('30');
    await agent.getByTestId('claim-preview').filter({ hasText: '۳۰۰٬۰۰۰' }).waitFor();
    await check(agent, 'ops-assess-fa');
    await agent.getByRole('button', { name: 'ثبت تصمیم' }).click();
    await agent.getByText('پرداخت شد').first().waitFor();
    await check(agent, 'ops-assessed-fa');

    await customer.goto('/claims');
    await customer.getByText(/به کیف پول شما واریز شد/).waitFor();
    await check(customer, 'my-claims-paid-fa');
    await customer.goto('/wallet');
    await customer.getByText('جبران خسارت مرسوله').first().waitFor();
    await check(customer, 'wallet-compensation-fa');
    const afterBalance = BigInt((await ok(customer, 'GET', '/v1/wallet')).wallet.balanceRials);
    assert.equal(afterBalance - before, 3_000_000n, '30% of the 1,000,000 Toman declared value');
  });
});
