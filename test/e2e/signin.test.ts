// Browser tests of the web app against the real server (PGlite, demo seed, outbox worker running).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DEMO_JWT_SECRET } from '../../src/config.js';
import { AccessTokens } from '../../src/modules/identity/tokens.js';
import { browserSuite, overflowingElements, readCodeFromInbox, screenshot, signInByCode } from './browser.js';

/** Dismissing nothing: every page a phone user sees must fit the screen width. */
async function assertFitsPhone(page: Page) {
  assert.deepEqual(await overflowingElements(page), [], `${page.url()} is wider than the phone`);
}

async function visibleText(page: Page): Promise<string> {
  return page.locator('main').innerText();
}

type Session = { accessToken: string; refreshToken: string };
const session = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('peyk.session') ?? 'null')) as Promise<Session | null>;

describe('web app in the browser', () => {
  const suite = browserSuite();
  const phone = () => suite.phone();


  test('ACC-1 ACC-9 a new customer signs in by SMS code in Persian, completes the profile and accepts the terms', async () => {
    const page = await phone();
    await page.goto('/signin');
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fa');
    await assertFitsPhone(page);

    // The person types the number in Persian digits and reads the code in the demo inbox.
    await page.getByLabel('شماره موبایل').fill('۰۹۱۴۵۵۵۰۱۰۱');
    await page.getByRole('button', { name: 'دریافت کد' }).click();
    await page.getByText('کد به این شماره پیامک شد').waitFor();
    const code = await readCodeFromInbox(page.context(), '09145550101');
    await page.getByLabel('کد شش‌رقمی').fill(code);

    await page.waitForURL(/\/profile\?welcome=1/);
    await page.getByLabel('نام', { exact: true }).fill('نرگس');
    await page.getByLabel('نام خانوادگی').fill('اکبری');
    await page.getByLabel('کد ملی').fill('۰۰۱۲۳۴۵۶۷۹');
    await page.getByLabel('روز').selectOption('15');
    await page.getByLabel('ماه').selectOption({ label: 'شهریور' });
    await page.getByLabel('سال').selectOption('1370');
    await assertFitsPhone(page);
    await page.getByRole('button', { name: 'ذخیره' }).click();

    await page.waitForURL(/\/terms\?welcome=1/);
    await page.getByText('حساب کاربری شخصی است').waitFor();
    await page.getByRole('button', { name: 'قوانین را می‌پذیرم' }).click();

    await page.waitForURL(/\/home$/);
    await page.getByRole('heading', { name: 'آماده سفارش هستید' }).waitFor();
    await page.getByText('سفر با خودرو').waitFor();
    assert.doesNotMatch(await visibleText(page), /[0-9]/, 'the Persian home page shows only Persian digits');
    await assertFitsPhone(page);
    await screenshot(page, 'signin-customer-home-fa');

    // The Jalali birth date 1370/06/15 reached the API as the Gregorian day 1991-09-06.
    const me = await page.evaluate(async () => {
      const { accessToken } = JSON.parse(localStorage.getItem('peyk.session')!);
      return (await fetch('/v1/me', { headers: { authorization: `Bearer ${accessToken}` } })).json();
    });
    assert.equal(me.birthDate, '1991-09-06');
    assert.equal(me.nationalId, '0012345679');
    assert.equal(me.profileComplete, true);
  });

  test('ACC-8 an ops admin blocks a customer with a reason and the customer home shows the blocked state', async () => {
    const admin = await phone();
    await signInByCode(admin, '09120000001');
    await admin.waitForURL(/\/ops\/users/);
    await admin.getByLabel('جستجو', { exact: true }).fill('۰۹۱۴۰۰۰۰۱۰۳');
    await admin.locator('form[role=search]').getByRole('button').click();
    await admin.getByRole('link', { name: /نگار حسینی/ }).click();
    await admin.getByLabel('دلیل').first().fill('ثبت سفارش‌های صوری پیاپی');
    await admin.getByRole('button', { name: 'مسدود کردن حساب' }).click();
    await admin.getByRole('heading', { name: 'رفع مسدودی حساب' }).waitFor();
    await assertFitsPhone(admin);
    await screenshot(admin, 'block-ops-user-fa');

    const customer = await phone();
    await signInByCode(customer, '09140000103');
    await customer.waitForURL(/\/home$/);
    const banner = customer.getByRole('alert');
    await banner.getByText('حساب شما مسدود است').waitFor();
    await banner.getByText('دلیل: ثبت سفارش‌های صوری پیاپی').waitFor();
    await assertFitsPhone(customer);
    await screenshot(customer, 'block-customer-home-fa');

    // The audit log names the action and the reason (FRD-3).
    await admin.goto('/ops/audit');
    await admin.locator('.audit', { hasText: 'مسدود شدن حساب' }).getByText('ثبت سفارش‌های صوری پیاپی').waitFor();
  });

  test('ACC-1 an expired access token is renewed with the rotating refresh token; sign-out ends the session', async () => {
    const page = await phone();
    await signInByCode(page, '09140000101');
    const first = (await session(page))!;
    const [, payload] = first.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub: string; sid: string };
    const hourAgo = new AccessTokens(DEMO_JWT_SECRET, 60, () => Date.now() - 3_600_000);
    const expired = (await hourAgo.issue({ sub: claims.sub, sid: claims.sid })).token;
    await page.evaluate((token) => {
      const s = JSON.parse(localStorage.getItem('peyk.session')!);
      localStorage.setItem('peyk.session', JSON.stringify({ ...s, accessToken: token }));
    }, expired);

    await page.goto('/profile');
    await page.getByRole('heading', { name: 'پروفایل شما' }).waitFor();
    const second = (await session(page))!;
    assert.notEqual(second.accessToken, expired);
    assert.notEqual(second.refreshToken, first.refreshToken, 'the rotated refresh token is stored');

    await page.getByRole('button', { name: 'حساب کاربری' }).click();
    await page.getByRole('menuitem', { name: 'خروج' }).click();
    await page.waitForURL(/\/signin$/);
    assert.equal(await session(page), null);
    const reuse = await page.evaluate(async (refreshToken) => (await fetch('/v1/auth/refresh', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken }),
    })).status, second.refreshToken);
    assert.equal(reuse, 401, 'the session ended on the server too');
  });

  test('ACC-1 Arabic and English are switchable from the language menu and remembered', async () => {
    const page = await phone();
    await page.goto('/signin');
    await page.getByRole('button', { name: 'زبان' }).click();
    await page.getByRole('menuitem', { name: 'العربية' }).click();
    await page.getByRole('heading', { name: 'تسجيل الدخول إلى بيك' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    await page.getByRole('button', { name: 'اللغة' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Sign in to Peyk' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'ltr');
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to Peyk' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');

    // Every error code of the sign-in API has its own sentence.
    await page.getByLabel('Mobile number').fill('0912');
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByText('Enter an Iranian mobile number').waitFor();
    await page.getByLabel('Mobile number').fill('09145550202');
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByLabel('Six-digit code').fill('000000');
    await page.getByText(/The code is not correct\. Tries left: 4/).waitFor();
    await assertFitsPhone(page);
    await screenshot(page, 'signin-en-wrong-code');
  });
});
