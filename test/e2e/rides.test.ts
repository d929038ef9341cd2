// Browser tests of the rides-and-parcels screens (issue 4): a full car ride and a full motorbike
// parcel delivery, customer and provider each in their own browser context, on a phone, in Persian.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSuite, overflowingElements, readCodeFromInbox, screenshot, signInByCode } from './browser.js';

const CUSTOMER = '09140000101';
const DRIVER = '09140000201';
const COURIER = '09140000202';
const VAN = '09140000203';
const RECIPIENT = '09141234567';
const ADMIN = '09120000001';

/** Nothing wider than the phone; map tiles sit inside the map's clipped box and do not count. */
async function assertFitsPhone(page: Page) {
  const wide = (await overflowingElements(page)).filter((e) => !/leaflet|map-pin|\[object/.test(e));
  assert.deepEqual(wide, [], `${page.url()} is wider than the phone`);
}

async function assertPersianDigits(page: Page) {
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, /[0-9]/, `${page.url()} shows Latin digits: ${text.match(/.{0,30}[0-9].{0,30}/)?.[0]}`);
}

async function signInAndAccept(page: Page, mobile: string, home: RegExp) {
  await signInByCode(page, mobile);
  await page.waitForURL(/\/terms/);
  await page.getByRole('button', { name: 'قوانین را می‌پذیرم' }).click();
  await page.waitForURL(home);
}

async function shot(page: Page, name: string, fullPage = true) {
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, `rides/${name}`, { fullPage });
}

/** Taps the map at a fraction of its width and height (the map is centred on the city). */
async function tapMap(page: Page, fx: number, fy: number) {
  const box = await page.locator('.map-canvas').boundingBox();
  assert.ok(box, 'the map is on the page');
  await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
}

/** The provider's work screen, online at the demo position (the browser refuses geolocation here). */
async function goOnline(page: Page) {
  await page.getByRole('link', { name: 'شروع کار' }).click();
  await page.waitForURL(/\/provider\/work$/);
  await page.getByText('موقعیت: نمایشی').waitFor({ timeout: 10_000 });
  await page.getByRole('button', { name: 'آنلاین شوید' }).click();
  await page.getByText('منتظر پیشنهاد').waitFor();
}

describe('rides and parcels in the browser', () => {
  const suite = browserSuite();
  const phone = () => suite.phone();
  // One page per person, reused: a second sign-in code within a minute is refused.
  let customer: Page;
  let driver: Page;
  let courier: Page;
  let admin: Page;

  before(async () => {
    [customer, driver, courier] = await Promise.all([phone(), phone(), phone()]);
    await signInAndAccept(customer, CUSTOMER, /\/home$/);
    await signInAndAccept(driver, DRIVER, /\/provider$/);
    await signInAndAccept(courier, COURIER, /\/provider$/);
  });

  test('ORD-2 ORD-12 ORD-13 ORD-14 a customer orders a car ride on the map, the driver accepts a passenger offer, drives it and the customer pays and rates', async () => {
    await goOnline(driver);
    await shot(driver, 'work-online-fa');

    await customer.getByRole('link', { name: 'سفر با خودرو' }).click();
    await customer.waitForURL(/\/rides\/new\?service=car_ride$/);
    await customer.locator('.map-canvas').waitFor();
    await tapMap(customer, 0.4, 0.4);
    await tapMap(customer, 0.75, 0.8);
    await customer.locator('.map-pin-origin .map-pin-label').waitFor();
    await customer.locator('.map-pin-destination .map-pin-label').waitFor();
    // ORD-4: two passengers ride (the car carries four).
    await customer.getByRole('heading', { name: 'جزئیات سفر' }).waitFor();
    await customer.getByRole('button', { name: '+' }).click();
    await customer.locator('.stepper output').getByText('۲').waitFor();
    await customer.getByRole('button', { name: /^دیدن کرایه/ }).click();
    await customer.getByRole('heading', { name: 'کرایه' }).waitFor();
    await customer.getByRole('timer').waitFor();
    await assertFitsPhone(customer);
    await assertPersianDigits(customer);
    await shot(customer, 'ride-quote-fa');

    await customer.getByRole('button', { name: /^درخواست سفر، .+ تومان$/ }).click();
    await customer.waitForURL(/\/rides\/ord_/);
    await customer.getByRole('heading', { name: 'در جستجوی سفیر…' }).waitFor();
    await shot(customer, 'ride-searching-fa');

    // ORD-12: the offer says what it carries, and counts down.
    const offer = driver.locator('.offer-card');
    await offer.waitFor({ timeout: 20_000 });
    await offer.getByText('مسافر', { exact: true }).waitFor();
    await offer.getByRole('timer').waitFor();
    await assertFitsPhone(driver);
    await assertPersianDigits(driver);
    await shot(driver, 'ride-offer-fa');
    await offer.getByRole('button', { name: 'می‌پذیرم' }).click();
    const job = driver.locator('.job-card');
    await job.getByText('سارا').waitFor();
    await shot(driver, 'ride-job-fa');

    // ORD-13: the customer sees the provider coming, with a share link that shows no number.
    await customer.locator('.provider-head').getByText('سفیر در راه است').waitFor({ timeout: 15_000 });
    await customer.locator('.map-pin-provider .map-pin-label').waitFor();
    // The driver's demo position drives towards the pickup; the customer's map follows (WebSocket /v1/live).
    await customer.getByText('زنده', { exact: true }).waitFor({ timeout: 10_000 });
    const pin = customer.locator('.map-pin-provider');
    const before = await pin.getAttribute('style');
    await driver.getByLabel('شبیه‌سازی حرکت').check();
    await customer.waitForFunction((b) => document.querySelector('.map-pin-provider')?.getAttribute('style') !== b, before, { timeout: 15_000 });
    await driver.getByLabel('شبیه‌سازی حرکت').uncheck();
    await customer.getByRole('button', { name: 'اشتراک‌گذاری سفر' }).click();
    const shared = new URL(await customer.locator('.link-url').innerText());
    const viewer = await phone();
    await viewer.goto(shared.pathname);
    await viewer.getByRole('heading', { name: 'سفر سارا' }).waitFor();
    await viewer.getByText('حسن', { exact: false }).first().waitFor();
    assert.doesNotMatch(await viewer.locator('main').innerText(), /[0-9۰-۹]{4}/, 'no phone number on the shared page');
    await assertFitsPhone(viewer);
    await shot(viewer, 'ride-shared-fa');
    // ORD-18: calls go through a relay number, never the driver's own.
    await customer.getByRole('button', { name: 'تماس' }).click();
    await customer.getByRole('link', { name: /^تماس / }).waitFor();
    await assertFitsPhone(customer);
    await shot(customer, 'ride-coming-fa');

    // ORD-3: a new destination is priced first and applies only once the customer confirms it.
    await customer.getByRole('button', { name: 'مقصد جدید' }).click();
    const changeMap = customer.locator('.map-canvas').last();
    const mapBox = await changeMap.boundingBox();
    assert.ok(mapBox);
    await customer.mouse.click(mapBox.x + mapBox.width * 0.3, mapBox.y + mapBox.height * 0.3);
    await customer.getByRole('button', { name: 'دیدن قیمت جدید' }).click();
    await customer.getByText(/^مبلغ جدید: /).waitFor();
    assert.doesNotMatch(await customer.locator('.confirm-box').innerText(), /[0-9]/);
    await shot(customer, 'ride-change-destination-fa');
    await customer.getByRole('button', { name: 'تأیید تغییر' }).click();
    await customer.getByRole('button', { name: 'مقصد جدید' }).waitFor();

    await job.getByRole('button', { name: 'رسیدم' }).click();
    await customer.getByText('سفیر به مبدأ رسیده است.').waitFor({ timeout: 15_000 });
    // ORD-5: the customer buys five more minutes of waiting at the pickup.
    await customer.getByRole('button', { name: 'درخواست توقف بیشتر' }).click();
    await customer.getByRole('button', { name: '۵ دقیقه بیشتر', exact: true }).click();
    await customer.getByText(/^مبلغ جدید: /).waitFor();
    await customer.getByRole('button', { name: 'تأیید تغییر' }).click();
    await customer.getByRole('button', { name: 'درخواست توقف بیشتر' }).waitFor();
    await job.getByRole('button', { name: 'شروع سفر' }).click();
    await customer.locator('.provider-head').getByText('در مسیر').waitFor({ timeout: 15_000 });
    await job.getByRole('button', { name: 'پایان سفر' }).click();
    await driver.getByText('منتظر پیشنهاد').waitFor();
    // ORD-14 both ways: the driver rates the customer once the trip is over.
    const rateCustomer = driver.getByRole('heading', { name: 'سارا چطور بود؟' });
    await rateCustomer.waitFor();
    await shot(driver, 'ride-rate-customer-fa');
    await driver.getByRole('radio', { name: '۴ از ۵ ستاره' }).click();
    await rateCustomer.waitFor({ state: 'detached' });

    await customer.getByRole('heading', { name: 'سفر به پایان رسید' }).waitFor({ timeout: 15_000 });
    await customer.getByText('از کیف پول شما پرداخت شد.').waitFor();
    await assertFitsPhone(customer);
    await assertPersianDigits(customer);
    await customer.getByRole('radio', { name: '۵ از ۵ ستاره' }).click();
    await shot(customer, 'ride-completed-fa');
    await customer.getByRole('button', { name: 'ثبت امتیاز' }).click();
    await customer.getByText('از امتیاز شما سپاسگزاریم.').waitFor();

    await customer.getByRole('link', { name: 'مشاهده رسید' }).click();
    await customer.waitForURL(/\/wallet\/receipts/);
    await customer.goto('/rides');
    await customer.locator('.order-row').first().getByText('انجام شد').waitFor();
    await assertPersianDigits(customer);
    await shot(customer, 'history-fa');
  });

  test('ORD-7 ORD-8 ORD-9 ORD-12 a customer sends a parcel by motorbike, the courier collects it and the recipient signs on the courier\'s screen', async () => {
    await goOnline(courier);
    await customer.goto('/rides/new?service=moto_parcel');
    await customer.locator('.map-canvas').waitFor();
    await tapMap(customer, 0.45, 0.45);
    await tapMap(customer, 0.2, 0.7);
    await customer.getByRole('button', { name: /^دیدن کرایه/ }).click();
    await customer.getByRole('heading', { name: 'مشخصات مرسوله' }).waitFor();

    // ORD-8: the form refuses what a person can fix before the server sees it.
    await customer.getByRole('button', { name: /^ارسال مرسوله، / }).click();
    await customer.locator('.field-error').first().waitFor();
    await customer.getByLabel('نوع مرسوله').selectOption('documents');
    await customer.getByLabel('محتویات').fill('قرارداد اجاره، دو برگ');
    await customer.getByLabel('ارزش اظهارشده').fill('۶۰۰۰۰۰۰');
    await customer.getByLabel('نام گیرنده').fill('مریم احمدی');
    await customer.getByLabel('موبایل گیرنده').fill('۰۹۱۴۱۲۳۴۵۶۷');
    await customer.getByLabel('نشانی گیرنده').fill('تبریز، خیابان امام، کوچه گلستان، پلاک ۱۲');
    await customer.getByRole('button', { name: /^ارسال مرسوله، / }).click();
    await customer.getByText('ارزش اظهارشده حداکثر ۵٬۰۰۰٬۰۰۰ تومان است.').waitFor();
    await assertFitsPhone(customer);
    await shot(customer, 'parcel-form-error-fa');
    await customer.getByLabel('ارزش اظهارشده').fill('۲۰۰۰۰۰');
    await customer.getByRole('button', { name: /^ارسال مرسوله، / }).click();
    await customer.waitForURL(/\/rides\/ord_/);

    const offer = courier.locator('.offer-card');
    await offer.waitFor({ timeout: 20_000 });
    await offer.getByText('مرسوله', { exact: true }).waitFor();
    await shot(courier, 'parcel-offer-fa');
    await offer.getByRole('button', { name: 'می‌پذیرم' }).click();
    const job = courier.locator('.job-card');
    await job.getByText('گیرنده: مریم احمدی، تبریز، خیابان امام، کوچه گلستان، پلاک ۱۲').waitFor();
    await job.getByRole('button', { name: 'رسیدم' }).click();
    await job.getByRole('button', { name: 'مرسوله را گرفتم' }).click();
    await job.getByRole('heading', { name: 'گواهی تحویل' }).waitFor();

    // ORD-9: damage is declared before signing; the recipient signs with a finger.
    await job.getByLabel('نام امضاکننده').fill('مریم احمدی');
    const pad = job.locator('.signature-pad');
    await pad.scrollIntoViewIfNeeded();
    const box = await pad.boundingBox();
    assert.ok(box);
    await courier.mouse.move(box.x + 30, box.y + box.height * 0.7);
    await courier.mouse.down();
    await courier.mouse.move(box.x + box.width * 0.4, box.y + 30, { steps: 10 });
    await courier.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.6, { steps: 10 });
    await courier.mouse.up();
    await job.getByText('امضا شد').waitFor();
    assert.equal(await job.getByLabel('مرسوله آسیب دیده است').isDisabled(), true, 'damage is locked once signed');
    await assertFitsPhone(courier);
    await assertPersianDigits(courier);
    await shot(courier, 'parcel-signature-fa');
    await job.getByRole('button', { name: 'تأیید تحویل' }).click();
    await courier.getByText('منتظر پیشنهاد').waitFor();

    await customer.getByRole('heading', { name: 'مرسوله تحویل شد' }).waitFor({ timeout: 15_000 });
    await assertPersianDigits(customer);
    await shot(customer, 'parcel-delivered-fa');
  });

  test('ORD-7 ORD-9 a recipient who pays cash confirms a van delivery with the code sent to them by SMS', async () => {
    const van = await phone();
    await signInAndAccept(van, VAN, /\/provider$/);
    await goOnline(van);
    await customer.goto('/rides/new?service=van_parcel');
    await customer.locator('.map-canvas').waitFor();
    await tapMap(customer, 0.5, 0.5);
    await tapMap(customer, 0.8, 0.3);
    await customer.getByRole('button', { name: /^دیدن کرایه/ }).click();
    await customer.getByLabel('نوع مرسوله').selectOption('household');
    await customer.getByLabel('محتویات').fill('یخچال کوچک');
    await customer.getByLabel('نام گیرنده').fill('رضا کریمی');
    await customer.getByLabel('موبایل گیرنده').fill(RECIPIENT);
    await customer.getByLabel('نشانی گیرنده').fill('تبریز، ولیعصر، خیابان توانیر');
    await customer.getByRole('radio', { name: 'گیرنده، نقدی' }).click();
    // ORD-7: the recipient pays at the door, so the payment is cash.
    assert.equal(await customer.getByRole('radio', { name: 'نقدی', exact: true }).getAttribute('aria-checked'), 'true');
    await customer.getByRole('button', { name: /^ارسال مرسوله، / }).click();
    await customer.waitForURL(/\/rides\/ord_/);

    const offer = van.locator('.offer-card');
    await offer.waitFor({ timeout: 20_000 });
    await offer.getByRole('button', { name: 'می‌پذیرم' }).click();
    const job = van.locator('.job-card');
    await job.getByText('کرایه را نقدی دریافت کنید.').waitFor();
    await job.getByRole('button', { name: 'رسیدم' }).click();
    await job.getByRole('button', { name: 'مرسوله را گرفتم' }).click();
    await job.getByRole('radio', { name: 'کد پیامکی' }).click();
    await job.getByRole('button', { name: 'ارسال کد به گیرنده' }).click();
    await job.getByText('کدی برای گیرنده پیامک شد. آن را از او بپرسید.').waitFor();
    const code = await readCodeFromInbox(van.context(), RECIPIENT);
    await job.getByLabel('کد گیرنده').fill('000000' === code ? '111111' : '000000');
    await job.getByRole('button', { name: 'تأیید تحویل' }).click();
    await job.getByText('کد نادرست است یا منقضی شده است.').waitFor();
    await job.getByLabel('کد گیرنده').fill(code);
    await job.getByLabel(/را نقدی پرداخت کرد/).waitFor();
    await assertFitsPhone(van);
    await shot(van, 'parcel-code-fa');
    await job.getByRole('button', { name: 'تأیید تحویل' }).click();
    await van.getByText('منتظر پیشنهاد').waitFor();
    await customer.getByRole('heading', { name: 'مرسوله تحویل شد' }).waitFor({ timeout: 15_000 });
    await customer.getByText('نقدی پرداخت شد.').waitFor();
  });

  test('ORD-17 a customer books a car ride for tomorrow at a chosen time; it waits as scheduled and can be cancelled', async () => {
    await customer.goto('/rides/new?service=car_ride');
    await customer.locator('.map-canvas').waitFor();
    await tapMap(customer, 0.4, 0.4);
    await tapMap(customer, 0.75, 0.8);
    await customer.getByRole('radio', { name: 'زمان دیگر' }).click();
    await customer.getByLabel('روز').selectOption({ index: 1 });
    await customer.getByLabel('ساعت (به وقت تهران)').selectOption({ label: '۰۹:۳۰' });
    await customer.getByRole('button', { name: /^دیدن کرایه/ }).click();
    await customer.getByRole('heading', { name: 'کرایه' }).waitFor();
    await assertFitsPhone(customer);
    await assertPersianDigits(customer);
    await shot(customer, 'ride-scheduled-quote-fa');
    await customer.getByRole('button', { name: /^درخواست سفر، .+ تومان$/ }).click();
    await customer.waitForURL(/\/rides\/ord_/);
    await customer.getByText(/^زمان.بندی.شده$/).first().waitFor();
    await shot(customer, 'ride-scheduled-fa');
    await customer.getByRole('button', { name: 'لغو سفارش' }).click();
    await customer.getByRole('button', { name: 'بله، لغو شود' }).click();
    await customer.getByRole('heading', { name: 'سفارش لغو شد' }).waitFor();
  });

  test('ACC-1 the order and work screens read in Arabic and English, right to left and left to right', async () => {
    for (const [locale, getPrice, title] of [['ar', /^عرض السعر/, 'السعر'], ['en', /^See the price/, 'Price']] as const) {
      for (const page of [customer, driver]) await page.evaluate((l) => localStorage.setItem('peyk.locale', l), locale);
      await customer.goto('/rides/new?service=van_parcel');
      await customer.locator('.map-canvas').waitFor();
      assert.equal(await customer.evaluate(() => document.documentElement.dir), locale === 'ar' ? 'rtl' : 'ltr');
      await tapMap(customer, 0.5, 0.4);
      await tapMap(customer, 0.6, 0.7);
      await customer.getByRole('button', { name: getPrice }).click();
      await customer.getByRole('heading', { name: title, exact: true }).waitFor();
      const text = await customer.locator('main').innerText();
      assert.doesNotMatch(text, /\b(rides|work|error)\.[a-zA-Z]/, 'no message keys on the page');
      if (locale === 'ar') assert.doesNotMatch(text, /[0-9]/, 'Arabic pages show Arabic digits');
      await assertFitsPhone(customer);
      await shot(customer, `parcel-quote-${locale}`);
      await driver.goto('/provider/work');
      await driver.locator('.status-hero').waitFor();
      await driver.locator('.map-canvas').waitFor();
      assert.doesNotMatch(await driver.locator('main').innerText(), /\b(rides|work|error)\.[a-zA-Z]/);
      await assertFitsPhone(driver);
      await shot(driver, `work-${locale}`);
      await customer.goto('/rides');
      await customer.locator('.order-row').first().waitFor();
      await shot(customer, `history-${locale}`);
    }
    for (const page of [customer, driver]) await page.evaluate(() => localStorage.setItem('peyk.locale', 'fa'));
  });

  test('PRV-11 ops see the providers online on the live map and find the orders with their history', async () => {
    admin = await phone();
    await signInByCode(admin, ADMIN);
    await admin.waitForURL(/\/ops\//);
    await admin.getByRole('navigation').getByRole('link', { name: 'سفارش‌ها' }).click();
    await admin.waitForURL(/\/ops\/orders$/);
    await admin.locator('.order-row').first().waitFor();
    assert.equal(await admin.locator('.order-row').count(), 4, 'the ride, the cancelled scheduled ride and two parcels');
    await assertFitsPhone(admin);
    await shot(admin, 'ops-orders-fa');
    await admin.locator('.order-row', { hasText: 'پیک موتوری' }).click();
    await admin.getByRole('heading', { name: 'تاریخچه' }).waitFor();
    await admin.locator('.timeline-item').nth(3).waitFor();
    await assertFitsPhone(admin);
    await shot(admin, 'ops-order-fa');
    await admin.getByRole('link', { name: 'بازگشت' }).click();
    await admin.getByRole('link', { name: 'نقشه زنده' }).click();
    await admin.waitForURL(/\/ops\/live$/);
    await admin.locator('.map-pin-idle .map-pin-dot').nth(1).waitFor();
    await assertFitsPhone(admin);
    await shot(admin, 'ops-live-fa');
  });

  test('OPS-3 ops read the dashboard: the day\'s orders by outcome, per local hour and per service, in Persian digits', async () => {
    // The admin signed in for the live map (a second code within a minute is refused).
    await admin.goto('/ops/dashboard');
    await admin.getByRole('heading', { name: 'داشبورد' }).waitFor();
    const orders = admin.locator('.stat').first().locator('strong');
    await orders.waitFor();
    assert.equal(await orders.innerText(), '۴', 'the four orders of this suite, in Persian digits');
    assert.ok(await admin.locator('.dash-col').count() >= 24, 'a column for every hour of the last day');
    await admin.getByRole('heading', { name: 'به تفکیک سرویس' }).waitFor();
    await assertFitsPhone(admin);
    await shot(admin, 'ops-dashboard-fa');
    await admin.getByRole('radio', { name: '۷ روز' }).click();
    await admin.getByRole('heading', { name: 'سفارش در هر روز' }).waitFor();
    await shot(admin, 'ops-dashboard-week-fa');
  });
});
