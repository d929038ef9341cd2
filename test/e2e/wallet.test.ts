// Browser tests of the money screens (issue 3): top-up through the sandbox gateway, receipts,
// promo codes, the ops ledger, settlements and payment links, on a phone, in Persian first.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSuite, overflowingElements, screenshot, signInByCode } from './browser.js';

const CUSTOMER = '09140000101';
const CUSTOMER_ID = 'usr_demo_customer_1';
const ADMIN = '09120000001';
const FINANCE = '09120000003';
const DRIVER = '09140000201';
const DRIVER_ID = 'usr_demo_driver_1';
const COURIER = '09140000202';

async function assertFitsPhone(page: Page) {
  assert.deepEqual(await overflowingElements(page), [], `${page.url()} is wider than the phone`);
}

/** Persian pages show Persian digits only (ids and codes in Latin are not on these pages). */
async function assertPersianDigits(page: Page) {
  assert.doesNotMatch(await page.locator('main').innerText(), /[0-9]/, `${page.url()} shows Latin digits`);
}

/** The API as the signed-in page sees it (its stored access token). */
async function apiAs<T = any>(page: Page, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: T }> {
  return page.evaluate(async ({ method, path, body, headers }) => {
    const { accessToken } = JSON.parse(localStorage.getItem('peyk.session')!);
    const res = await fetch(path, {
      method, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { authorization: `Bearer ${accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    });
    return { status: res.status, json: await res.json().catch(() => null) };
  }, { method, path, body, headers }) as Promise<{ status: number; json: T }>;
}

/** Signs a customer or provider in and accepts the terms (the seeded accounts have not yet). */
async function signInAndAccept(page: Page, mobile: string, home: RegExp) {
  await signInByCode(page, mobile);
  await page.waitForURL(/\/terms/);
  await page.getByRole('button', { name: 'قوانین را می‌پذیرم' }).click();
  await page.waitForURL(home);
}

/** A signed amount as the app writes it: sign and digits in a left-to-right isolate, then the unit. */
const signed = (sign: '+' | '−', digits: string) => `\u2066${sign}${digits}\u2069 تومان`;

async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, `wallet/${name}`);
}

describe('money screens in the browser', () => {
  const suite = browserSuite();
  const phone = async (locale?: string) => {
    const c = await suite.context();
    if (locale) await c.addInitScript((l) => localStorage.setItem('peyk.locale', l), locale);
    return c.newPage();
  };
  // One page per person, reused across the tests: a second sign-in code within a minute is refused.
  let customer: Page;
  let admin: Page;
  let finance: Page;
  let driver: Page;

  test('PAY-1 PAY-8 a customer tops up in Persian through the sandbox gateway, sees the new balance, the statement line and a printable receipt', async () => {
    customer = await phone();
    await signInAndAccept(customer, CUSTOMER, /\/home$/);
    await customer.getByRole('navigation').getByRole('link', { name: 'کیف پول' }).click();
    await customer.getByRole('heading', { name: 'کیف پول', level: 1 }).waitFor();
    await customer.getByText('هنوز تراکنشی نیست').waitFor();
    await assertFitsPhone(customer);
    await assertPersianDigits(customer);
    await shot(customer, 'wallet-empty-fa');

    await customer.getByRole('link', { name: 'افزایش موجودی' }).first().click();
    await customer.waitForURL(/\/wallet\/topup$/);
    // Below the smallest top-up (payments.topupMinRials, 10,000 Toman): the range is explained.
    await customer.getByLabel('مبلغ دلخواه').fill('۵۰۰');
    await customer.getByRole('button', { name: 'پرداخت ۵۰۰ تومان' }).click();
    await customer.getByText('مبلغی از ۱۰٬۰۰۰ تومان تا ۱۰۰٬۰۰۰٬۰۰۰ تومان انتخاب کنید.').waitFor();
    await assertFitsPhone(customer);
    await shot(customer, 'topup-error-fa');
    await customer.getByRole('radio', { name: '۲۰۰٬۰۰۰ تومان' }).click();
    await shot(customer, 'topup-fa');
    await customer.getByRole('button', { name: 'پرداخت ۲۰۰٬۰۰۰ تومان' }).click();

    // The sandbox gateway's own page: the person presses "pay".
    await customer.waitForURL(/\/sandbox-gateway\//);
    await customer.getByText('۲۰۰٬۰۰۰ تومان').waitFor();
    await screenshot(customer, 'wallet/sandbox-gateway-fa');
    await customer.getByRole('button', { name: 'پرداخت', exact: true }).click();

    await customer.waitForURL(/\/payments\/pay_/);
    await customer.getByRole('heading', { name: 'پرداخت موفق بود' }).waitFor();
    await customer.locator('.new-balance', { hasText: '۲۰۰٬۰۰۰ تومان' }).waitFor();
    await assertFitsPhone(customer);
    await assertPersianDigits(customer);
    await shot(customer, 'payment-success-fa');

    await customer.getByRole('link', { name: 'مشاهده رسید' }).click();
    await customer.waitForURL(/\/wallet\/receipts\/rcp_/);
    const receipt = customer.locator('.receipt');
    await receipt.getByRole('heading', { name: 'رسید پرداخت' }).waitFor();
    await receipt.getByText('افزایش موجودی کیف پول').waitFor();
    await receipt.getByText('سارا رضایی').waitFor();
    await receipt.getByText('۲۰۰٬۰۰۰ تومان').waitFor();
    await assertFitsPhone(customer);
    await assertPersianDigits(customer);
    await shot(customer, 'receipt-fa');
    // The print stylesheet leaves only the receipt on paper.
    await customer.emulateMedia({ media: 'print' });
    assert.equal(await customer.locator('.topbar').isVisible(), false, 'no app bar on paper');
    assert.equal(await customer.getByRole('button', { name: 'چاپ' }).isVisible(), false, 'no print button on paper');
    assert.ok(await receipt.isVisible());
    await shot(customer, 'receipt-print-fa');
    await customer.emulateMedia({ media: 'screen' });

    await customer.getByRole('navigation').getByRole('link', { name: 'کیف پول' }).click();
    await customer.locator('.balance-card').getByText('۲۰۰٬۰۰۰ تومان').waitFor();
    const line = customer.locator('.line', { hasText: 'افزایش موجودی' });
    await line.getByText(signed('+', '۲۰۰٬۰۰۰')).waitFor();
    await assertPersianDigits(customer);
    await shot(customer, 'wallet-fa');
    const { json } = await apiAs(customer, 'GET', '/v1/wallet');
    assert.equal(json.wallet.balanceRials, '2000000', 'the ledger holds 200,000 Toman = 2,000,000 Rials');
  });

  test('PAY-1 a payment cancelled at the gateway comes back as not completed: nothing is credited and the customer can try again', async () => {
    await customer.goto('/wallet/topup');
    await customer.getByRole('radio', { name: '۵۰٬۰۰۰ تومان' }).click();
    await customer.getByRole('button', { name: 'پرداخت ۵۰٬۰۰۰ تومان' }).click();
    await customer.waitForURL(/\/sandbox-gateway\//);
    await customer.getByRole('button', { name: 'انصراف' }).click();
    await customer.waitForURL(/\/payments\/pay_/);
    await customer.getByRole('heading', { name: 'پرداخت انجام نشد' }).waitFor();
    await customer.getByRole('link', { name: 'تلاش دوباره' }).waitFor();
    await assertFitsPhone(customer);
    await assertPersianDigits(customer);
    await shot(customer, 'payment-failed-fa');
    const { json } = await apiAs(customer, 'GET', '/v1/wallet');
    assert.equal(json.wallet.balanceRials, '2000000', 'the balance is unchanged');
  });

  test('PAY-4 an ops admin creates a gift code in the promotions admin; the customer enters it and gets gift credit, labelled not cashable', async () => {
    admin = await phone();
    await signInByCode(admin, ADMIN);
    await admin.waitForURL(/\/ops\/users/);
    await admin.getByRole('navigation').getByRole('link', { name: 'امور مالی' }).click();
    await admin.getByRole('link', { name: /پیشنهادهای ویژه/ }).click();
    await admin.getByRole('link', { name: 'تازه' }).click();
    await admin.waitForURL(/\/ops\/promotions\/new$/);
    await admin.getByLabel('عنوان فارسی').fill('هدیه نوروزی');
    await admin.getByLabel('عنوان عربی').fill('هدية النوروز');
    await admin.getByLabel('عنوان انگلیسی').fill('Nowruz gift');
    await admin.getByLabel('کد', { exact: true }).fill('nowruz');
    await admin.getByLabel('مبلغ اعتبار هدیه').fill('۵۰۰۰۰');
    await admin.getByLabel('مدت اعتبار (روز پس از دریافت)').fill('۳۰');
    await screenshot(admin, 'wallet/ops-promotion-new-fa');
    await admin.getByRole('button', { name: 'ساخت پیشنهاد' }).click();
    await admin.waitForURL(/\/ops\/promotions\/prm_/);
    await admin.getByRole('heading', { name: 'هدیه نوروزی' }).waitFor();
    await admin.getByText('۵۰٬۰۰۰ تومان اعتبار هدیه، معتبر تا ۳۰ روز پس از دریافت').waitFor();
    await assertFitsPhone(admin);
    await shot(admin, 'ops-promotion-fa');
    // A discount code too, made through the API, for the customer's preview.
    const discount = await apiAs(admin, 'POST', '/v1/ops/promotions', {
      code: 'TAKHFIF10', audience: 'public', benefit: { type: 'percent', percent: '10', maxDiscountRials: '300000' },
      title: { fa: 'ده درصد تخفیف سفر', ar: 'خصم عشرة بالمئة', en: '10% off rides' },
    });
    assert.equal(discount.status, 201, JSON.stringify(discount.json));
    await admin.goto('/ops/promotions');
    await admin.locator('.list-link', { hasText: 'ده درصد تخفیف سفر' }).waitFor();
    await shot(admin, 'ops-promotions-fa');

    await customer.getByRole('navigation').getByRole('link', { name: 'کیف پول' }).click();
    await customer.getByRole('link', { name: 'کد تخفیف و هدیه' }).click();
    await customer.waitForURL(/\/wallet\/promo$/);
    await customer.getByLabel('کد', { exact: true }).fill('Nowruz');
    await customer.getByRole('button', { name: 'ثبت کد' }).click();
    await customer.getByRole('status').filter({ hasText: '۵۰٬۰۰۰ تومان اعتبار هدیه به حساب شما اضافه شد' }).first().waitFor();
    await customer.getByText('اعتبار هدیه فقط برای خدمات پیک است و هرگز نقد نمی‌شود.').first().waitFor();
    await assertFitsPhone(customer);
    await shot(customer, 'promo-gift-fa');

    // A discount code is previewed on a sample order, nothing is used up.
    await customer.getByLabel('کد', { exact: true }).fill('takhfif10');
    await customer.getByRole('button', { name: 'ثبت کد' }).click();
    await customer.getByRole('heading', { name: 'این یک کد تخفیف است' }).waitFor();
    await customer.getByLabel('مبلغ سفارش').fill('۱۲۰۰۰۰');
    await customer.getByRole('button', { name: 'نمایش تخفیف' }).click();
    await customer.locator('.preview').getByText(signed('−', '۱۲٬۰۰۰')).waitFor();
    await customer.locator('.preview').getByText('۱۰۸٬۰۰۰ تومان').waitFor();
    await assertFitsPhone(customer);
    await assertPersianDigits(customer);
    await shot(customer, 'promo-discount-fa');

    await customer.getByRole('navigation').getByRole('link', { name: 'کیف پول' }).click();
    await customer.waitForURL(/\/wallet$/);
    const gift = customer.locator('.gift-card');
    await gift.getByText('۵۰٬۰۰۰ تومان').waitFor();
    await gift.getByText('غیرقابل برداشت').waitFor();
    await customer.getByRole('radio', { name: 'اعتبار هدیه' }).click();
    await customer.locator('.line', { hasText: 'اعتبار هدیه' }).getByText(signed('+', '۵۰٬۰۰۰')).waitFor();
    await assertPersianDigits(customer);
    await shot(customer, 'wallet-gift-fa');
  });

  test('PAY-1 FRD-3 a finance user sees the ledger and posts a manual adjustment with a reason that the customer sees', async () => {
    finance = await phone();
    await signInByCode(finance, FINANCE);
    await finance.waitForURL(/\/ops\/money$/);
    await shot(finance, 'ops-money-fa');
    await finance.getByRole('link', { name: /دفتر حساب‌ها/ }).click();
    await finance.waitForURL(/\/ops\/ledger$/);
    // The platform side of the top-up: the gateway owes Peyk what the customer paid.
    await finance.locator('.list-link', { hasText: 'تسویه درگاه‌ها' }).getByText(signed('−', '۲۰۰٬۰۰۰')).waitFor();
    await assertFitsPhone(finance);
    await shot(finance, 'ops-ledger-platform-fa');

    await finance.getByLabel('صاحب حساب').fill(CUSTOMER_ID);
    await finance.getByRole('button', { name: 'جستجو' }).click();
    await finance.locator('.list-link', { hasText: 'اعتبار هدیه' }).getByText('۵۰٬۰۰۰ تومان').waitFor();
    await finance.locator('.list-link', { hasText: 'کیف پول مشتری' }).click();
    await finance.waitForURL(/\/ops\/ledger\/accounts\//);
    await finance.locator('.line', { hasText: 'افزایش موجودی' }).getByText(signed('+', '۲۰۰٬۰۰۰')).waitFor();

    // The reason is required.
    await finance.getByLabel('مبلغ (تومان)', { exact: true }).fill('۱۰۰۰۰');
    await finance.getByRole('button', { name: 'افزایش موجودی حساب' }).click();
    await finance.getByText('دلیلی با دست‌کم ۳ نویسه بنویسید').waitFor();
    await finance.getByLabel('دلیل').fill('جبران تأخیر سفیر در سفر');
    await finance.getByRole('button', { name: 'افزایش موجودی حساب' }).click();
    await finance.locator('.line', { hasText: 'جبران تأخیر سفیر در سفر' }).getByText(signed('+', '۱۰٬۰۰۰')).waitFor();
    await finance.locator('.details').getByText('۲۱۰٬۰۰۰ تومان').first().waitFor();
    await assertFitsPhone(finance);
    await shot(finance, 'ops-ledger-account-fa');

    await customer.goto('/wallet');
    await customer.locator('.line', { hasText: 'اصلاح واحد مالی' }).getByText('جبران تأخیر سفیر در سفر').waitFor();
    await customer.locator('.balance-card').getByText('۲۱۰٬۰۰۰ تومان').waitFor();

    // FRD-3: the adjustment is in the audit log under its own name.
    await finance.goto('/ops/audit');
    await finance.locator('.audit', { hasText: 'اصلاح دستی حساب' }).getByText('جبران تأخیر سفیر در سفر').waitFor();
  });

  test('PAY-3 a provider requests settlement of a positive balance; finance approves it and marks it paid with the bank reference', async () => {
    // Earnings arrive with the orders module; here finance credits the provider wallet by hand.
    const credit = await apiAs(finance, 'POST', '/v1/ops/ledger/adjustments', {
      account: { ownerType: 'user', ownerId: DRIVER_ID, kind: 'provider_wallet' }, direction: 'credit', amountRials: '3000000', reason: 'درآمد سفرهای هفته',
    }, { 'idempotency-key': 'e2e-driver-earnings-1' });
    assert.equal(credit.status, 201, JSON.stringify(credit.json));

    driver = await phone();
    await signInAndAccept(driver, DRIVER, /\/provider$/);
    await driver.getByRole('navigation').getByRole('link', { name: 'کیف پول' }).click();
    await driver.waitForURL(/\/provider\/wallet$/);
    await driver.locator('.balance-card').getByText('۳۰۰٬۰۰۰ تومان').waitFor();
    await driver.getByLabel('مبلغ تسویه').fill('۱۰۰۰۰۰');
    await driver.getByRole('button', { name: 'ثبت درخواست تسویه' }).click();
    await driver.locator('.settlement-row', { hasText: '۱۰۰٬۰۰۰ تومان' }).getByText('در انتظار بررسی').waitFor();
    // The requested amount is held: only the rest is available.
    await driver.getByText('۱۰۰٬۰۰۰ تومان موقتاً کنار گذاشته شده و ۲۰۰٬۰۰۰ تومان قابل استفاده است.').waitFor();
    await assertFitsPhone(driver);
    await assertPersianDigits(driver);
    await shot(driver, 'provider-wallet-fa');

    await finance.goto('/ops/money');
    await finance.getByRole('link', { name: /درخواست‌های تسویه/ }).click();
    const request = finance.locator('.settlement', { hasText: '۱۰۰٬۰۰۰ تومان' });
    await request.getByText('در انتظار بررسی').waitFor();
    await assertFitsPhone(finance);
    await shot(finance, 'ops-settlements-fa');
    await request.getByRole('button', { name: 'تأیید' }).click();
    await request.getByText('تأییدشده').waitFor();
    await request.getByRole('button', { name: 'ثبت پرداخت' }).click();
    await request.getByLabel('شماره پیگیری بانک').fill('۱۴۰۵۰۹۰۱۲۳');
    await request.getByRole('button', { name: 'ثبت پرداخت' }).click();
    await request.getByText('پرداخت‌شده').waitFor();
    await shot(finance, 'ops-settlements-paid-fa');

    await driver.reload();
    await driver.locator('.settlement-row', { hasText: '۱۰۰٬۰۰۰ تومان' }).getByText('پرداخت‌شده').waitFor();
    await driver.locator('.balance-card').getByText('۲۰۰٬۰۰۰ تومان').waitFor();
    await driver.locator('.line', { hasText: 'واریز به حساب بانکی' }).getByText(signed('−', '۱۰۰٬۰۰۰')).waitFor();
  });

  test('PAY-5 ops charge a provider with a payment link; it is paid on the public page through the sandbox gateway', async () => {
    await admin.goto('/ops/payment-links');
    await admin.getByLabel('موبایل پرداخت‌کننده').fill(COURIER);
    await admin.getByRole('button', { name: 'جستجو' }).click();
    await admin.locator('.payer').getByText('مهدی صادقی').waitFor();
    await admin.getByLabel('مبلغ (تومان)', { exact: true }).fill('۸۵۰۰۰');
    await admin.getByLabel('بابت').selectOption('equipment');
    await admin.getByLabel('شرح').fill('کلاه ایمنی و باکس');
    await admin.getByRole('button', { name: 'ساخت و ارسال' }).click();
    const card = admin.locator('.audit', { hasText: 'کلاه ایمنی و باکس' });
    await card.getByText('در انتظار پرداخت').waitFor();
    await assertFitsPhone(admin);
    await shot(admin, 'ops-payment-links-fa');
    const url = await card.locator('.link-url').innerText();
    const path = new URL(url.trim()).pathname;
    assert.match(path, /^\/p\/[a-z0-9]{10}$/);

    // Anyone holding the SMS link may pay, signed in or not.
    const payer = await phone();
    await payer.goto(path);
    await payer.getByRole('heading', { name: 'صورت‌حساب پیک' }).waitFor();
    await payer.getByText('مهدی عزیز،').waitFor();
    await assertFitsPhone(payer);
    await assertPersianDigits(payer);
    await shot(payer, 'payment-link-fa');
    await payer.getByRole('button', { name: 'پرداخت ۸۵٬۰۰۰ تومان' }).click();
    await payer.waitForURL(/\/sandbox-gateway\//);
    await payer.getByRole('button', { name: 'پرداخت', exact: true }).click();
    await payer.waitForURL(/\/p\/[a-z0-9]+\?payment=pay_/);
    await payer.getByText('پرداخت موفق بود').waitFor();
    await payer.getByText('زمان پرداخت').waitFor();
    await shot(payer, 'payment-link-paid-fa');

    await admin.reload();
    await admin.locator('.audit', { hasText: 'کلاه ایمنی و باکس' }).getByText('پرداخت‌شده').waitFor();
  });

  test('PAY-1 the wallet reads in Arabic and English: right-to-left Arabic digits, left-to-right English, same amounts', async () => {
    for (const [locale, title, amount, dir] of [['ar', 'المحفظة', '٢١٠٬٠٠٠ تومان', 'rtl'], ['en', 'Wallet', '210,000 Toman', 'ltr']] as const) {
      await customer.evaluate((l) => localStorage.setItem('peyk.locale', l), locale);
      await customer.goto('/wallet');
      await customer.getByRole('heading', { name: title, level: 1 }).waitFor();
      assert.equal(await customer.evaluate(() => document.documentElement.dir), dir);
      await customer.locator('.balance-card').getByText(amount).waitFor();
      await assertFitsPhone(customer);
      await shot(customer, `wallet-${locale}`);
    }
    await customer.evaluate(() => localStorage.setItem('peyk.locale', 'fa'));
  });

  test('PAY-8 the receipts list and the ops pages fit a phone (screenshots of the remaining screens)', async () => {
    await customer.goto('/wallet/receipts');
    await customer.locator('.list-link').first().waitFor();
    await assertFitsPhone(customer);
    await assertPersianDigits(customer);
    await shot(customer, 'receipts-fa');

    await admin.goto('/ops/ledger');
    await admin.getByLabel('صاحب حساب').fill('۰۹۱۴۰۰۰۰۱۰۱');
    await admin.getByRole('button', { name: 'جستجو' }).click();
    await admin.getByRole('link', { name: /سارا رضایی/ }).click();
    await admin.locator('.list-link', { hasText: 'کیف پول مشتری' }).waitFor();
    await assertFitsPhone(admin);
    await shot(admin, 'ops-ledger-person-fa');

    const promo = admin.locator('.list-link', { hasText: 'هدیه نوروزی' });
    await admin.goto('/ops/promotions');
    await promo.click();
    await admin.getByRole('button', { name: 'توقف' }).click();
    await admin.getByLabel('دلیل').fill('پایان بودجه کمپین');
    await admin.getByRole('button', { name: 'توقف پیشنهاد' }).click();
    await admin.locator('.card', { hasText: 'شرایط' }).first().getByText('متوقف', { exact: true }).waitFor();
    await assertFitsPhone(admin);
    await shot(admin, 'ops-promotion-suspended-fa');

    const { json } = await apiAs(driver, 'POST', '/v1/promotions/claim', { code: 'NOWRUZ' });
    assert.equal(json.error.code, 'PROMO_SUSPENDED', 'PAY-4 a suspended offer cannot be claimed');
  });
});
