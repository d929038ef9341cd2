// Temporary review script (deleted after use): viewport-sized slices of long pages.
import type { Page } from 'playwright-core';
import { startTestServer } from '../harness/server.js';
import { launchBrowser, phoneContext, signInByCode } from './browser.js';

const OUT = '/tmp/wallet-work/look';
const server = await startTestServer();
const browser = await launchBrowser();
async function phone(locale = 'fa') {
  const c = await phoneContext(browser, server.url);
  if (locale !== 'fa') await c.addInitScript((l) => localStorage.setItem('peyk.locale', l), locale);
  return c.newPage();
}
async function slices(page: Page, name: string, max = 4) {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(300);
  const h = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let i = 0, y = 0; y < h && i < max; i++, y += 800) {
    await page.screenshot({ path: `${OUT}/${name}-${i}.png`, fullPage: true, clip: { x: 0, y, width: 390, height: Math.min(844, h - y) } });
  }
}
const api = (page: Page, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => page.evaluate(async ({ method, path, body, headers }) => {
  const { accessToken } = JSON.parse(localStorage.getItem('peyk.session')!);
  const res = await fetch(path, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { authorization: `Bearer ${accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers } });
  return res.json().catch(() => null);
}, { method, path, body, headers });

try {
  const which = process.argv[2] ?? 'all';
  const customer = await phone(process.argv[3] ?? 'fa');
  await signInByCode(customer, '09140000101');
  await customer.waitForURL(/\/terms/);
  await customer.locator('.sticky-action button').click();
  await customer.waitForURL(/\/home/);
  const admin = await phone();
  await signInByCode(admin, '09120000001');
  const finance = await phone();
  await signInByCode(finance, '09120000003');
  // money: a top-up, a gift, a negative-making adjustment
  const started = await api(customer, 'POST', '/v1/wallet/topups', { amountRials: '1500000' });
  await customer.goto(started.redirectUrl);
  await customer.getByRole('button', { name: 'پرداخت', exact: true }).click();
  await customer.waitForURL(/\/payments\//);
  await api(admin, 'POST', '/v1/ops/promotions', { code: 'GIFT50', audience: 'public', benefit: { type: 'gift_credit', amountRials: '500000', validDays: 30 }, title: { fa: 'هدیه خوش‌آمد', ar: 'هدية ترحيب', en: 'Welcome gift' } });
  await api(admin, 'POST', '/v1/ops/promotions', { audience: 'public', benefit: { type: 'gift_credit', amountRials: '200000' }, title: { fa: 'هدیه پاییزی بدون کد', ar: 'هدية الخريف', en: 'Autumn gift' }, description: { fa: 'برای همه مشتریان تبریز', ar: 'لكل العملاء', en: 'For everyone' } });
  await api(admin, 'POST', '/v1/ops/promotions', { code: 'OFF20', audience: 'public', benefit: { type: 'percent', percent: '20', maxDiscountRials: '500000' }, title: { fa: 'بیست درصد تخفیف', ar: 'خصم عشرين', en: '20% off' }, endsAt: '2027-01-01T00:00:00+03:30' });
  await api(customer, 'POST', '/v1/promotions/claim', { code: 'GIFT50' });
  await api(finance, 'POST', '/v1/ops/ledger/adjustments', { account: { ownerType: 'user', ownerId: 'usr_demo_customer_1', kind: 'customer_wallet' }, direction: 'debit', amountRials: '2500000', reason: 'کرایه سفر پرداخت‌نشده' }, { 'idempotency-key': 'look-debit-1' });
  await api(admin, 'POST', '/v1/ops/payment-links', { userId: 'usr_demo_customer_1', amountRials: '350000', reason: 'debt', description: 'بدهی سفر ۱۲ آبان' });
  await api(finance, 'POST', '/v1/ops/ledger/adjustments', { account: { ownerType: 'user', ownerId: 'usr_demo_driver_1', kind: 'provider_wallet' }, direction: 'credit', amountRials: '4000000', reason: 'درآمد' }, { 'idempotency-key': 'look-driver-1' });

  for (const [name, path] of [['wallet', '/wallet'], ['promo', '/wallet/promo'], ['topup', '/wallet/topup'], ['receipts', '/wallet/receipts']] as const) {
    await customer.goto(path);
    await customer.waitForTimeout(1200);
    await slices(customer, `c-${name}`);
  }
  const driver = await phone();
  await signInByCode(driver, '09140000201');
  await driver.waitForURL(/\/terms/);
  await driver.locator('.sticky-action button').click();
  await driver.waitForURL(/\/provider/);
  await api(driver, 'POST', '/v1/wallet/settlements', { amountRials: '1000000' }, { 'idempotency-key': 'look-settle-1' });
  await driver.goto('/provider/wallet');
  await driver.waitForTimeout(1200);
  await slices(driver, 'p-wallet');
  for (const [name, path] of [['money', '/ops/money'], ['ledger', '/ops/ledger'], ['settlements', '/ops/settlements'], ['promotions', '/ops/promotions'], ['links', '/ops/payment-links'], ['audit', '/ops/audit']] as const) {
    await finance.goto(path);
    await finance.waitForTimeout(1200);
    await slices(finance, `f-${name}`);
  }
  await finance.goto('/ops/ledger?owner=usr_demo_customer_1');
  await finance.locator('.list-link').first().click();
  await finance.waitForTimeout(1200);
  await slices(finance, 'f-account', 5);
  await admin.goto('/ops/promotions/new');
  await admin.waitForTimeout(1000);
  await slices(admin, 'a-promo-new', 8);
  await admin.goto('/ops/promotions');
  await admin.locator('.list-link').first().click();
  await admin.waitForTimeout(1200);
  await slices(admin, 'a-promo', 4);
  await admin.goto('/ops/users/usr_demo_customer_1');
  await admin.waitForTimeout(1000);
  await slices(admin, 'a-user', 1);
  void which;
} finally {
  await browser.close();
  await server.close();
}
