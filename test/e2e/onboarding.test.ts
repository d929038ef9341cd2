// Browser test of provider onboarding (issue 5, PRV-1..PRV-3): a customer applies as a motorcycle
// courier and uploads documents on a phone; an ops agent approves them, records the guarantee and
// activates; the user then opens the provider area. Persian throughout.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSuite, overflowingElements, screenshot, signInByCode } from './browser.js';

const APPLICANT = '09140000103';
const AGENT = '09120000002';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

async function assertFitsPhone(page: Page) {
  assert.deepEqual(await overflowingElements(page), [], `${page.url()} is wider than the phone`);
}

async function uploadDoc(page: Page, type: string, label: string, expiring: boolean) {
  const form = page.locator('form', { has: page.locator('select[name=docType]') });
  await form.locator('select[name=docType]').selectOption(type);
  await form.locator('input[type=file]').setInputFiles({ name: `${type}.png`, mimeType: 'image/png', buffer: PNG });
  if (expiring) {
    const parts = form.locator('.date-parts select');
    await parts.nth(0).selectOption({ index: 10 });
    await parts.nth(1).selectOption({ index: 6 });
    await parts.nth(2).selectOption({ index: 3 });
  }
  await form.getByRole('button', { name: 'بارگذاری' }).click();
  await page.getByTestId(`doc-${type}`).getByText('در انتظار بررسی').waitFor();
  assert.ok(label);
}

describe('provider onboarding in the browser', () => {
  const suite = browserSuite();
  const phone = () => suite.phone();


  test('PRV-1 PRV-2 PRV-3 PRV-6 OPS-1 a customer applies as a motorcycle courier, ops take it from the review queue, approve and activate; the courier goes online and buys a box', async () => {
    const applicant = await phone();
    await signInByCode(applicant, APPLICANT);
    await applicant.waitForURL(/\/terms/);
    await applicant.getByRole('button', { name: 'قوانین را می‌پذیرم' }).click();
    await applicant.waitForURL(/\/home$/);
    // The account menu leads to the application.
    await applicant.getByRole('button', { name: 'حساب کاربری' }).click();
    await applicant.getByRole('menuitem', { name: 'همکاری با پیک' }).click();
    await applicant.waitForURL(/\/onboarding$/);

    await applicant.locator('select[name=fleetType]').selectOption('motorcycle');
    await applicant.locator('select[name=motorcycleKind]').selectOption('parcel');
    await applicant.locator('input[name=make]').fill('هوندا');
    await applicant.locator('input[name=model]').fill('CG125');
    await applicant.locator('input[name=modelYear]').fill('۱۴۰۰');
    await applicant.locator('input[name=plate]').fill('۱۲۳-۴۵۶۷۸');
    await applicant.locator('input[name=colour]').fill('قرمز');
    await applicant.getByText('قوانین همکاری را خوانده‌ام و می‌پذیرم').click();
    await screenshot(applicant, 'onboarding/apply-form-fa');
    await applicant.getByRole('button', { name: 'ارسال درخواست' }).click();
    await applicant.getByTestId('onb-status').getByText('در حال بررسی').waitFor();
    await assertFitsPhone(applicant);

    await uploadDoc(applicant, 'national_card', 'کارت ملی', false);
    await uploadDoc(applicant, 'vehicle_card', 'کارت خودرو', false);
    await uploadDoc(applicant, 'motorcycle_licence', 'گواهینامه موتورسیکلت', true);
    await uploadDoc(applicant, 'insurance', 'بیمه‌نامه', true);
    await screenshot(applicant, 'onboarding/documents-fa');
    await assertFitsPhone(applicant);

    const ops = await phone();
    await signInByCode(ops, AGENT);
    await ops.waitForURL(/\/ops\//);
    // OPS-1: the application waits in the review queue; the agent claims it, then opens it.
    await ops.getByRole('navigation').getByRole('link', { name: 'بررسی‌ها' }).click();
    await ops.waitForURL(/\/ops\/reviews/);
    await ops.getByRole('tab', { name: /درخواست همکاری/ }).click();
    const item = ops.locator('.review-row', { hasText: 'نگار' }).first();
    await item.getByRole('button', { name: 'برداشتن' }).click();
    await item.getByText('شما در حال بررسی هستید').waitFor();
    await assertFitsPhone(ops);
    await screenshot(ops, 'onboarding/ops-reviews-fa');
    await item.getByRole('link').first().click();
    await ops.waitForURL(/\/ops\/providers\/usr_/);
    await ops.getByRole('button', { name: 'دیدن فایل' }).first().click();
    await ops.locator('img.onb-file').first().waitFor();
    for (let i = 0; i < 4; i++) {
      const approve = ops.getByRole('button', { name: 'تأیید', exact: true }).first();
      await approve.click();
      await ops.waitForFunction((n) => document.querySelectorAll('[data-testid^="doc-"] .badge-good').length >= n, i + 1);
    }
    await ops.locator('input[name=serial]').fill('سفته-۱۲۳۴');
    await ops.getByRole('button', { name: 'ثبت سفته' }).click();
    await ops.getByText('سفته دریافت شده').first().waitFor();
    await screenshot(ops, 'onboarding/ops-applicant-fa');
    await ops.getByRole('button', { name: 'فعال‌سازی همکار' }).click();
    await ops.locator('.badge', { hasText: 'فعال شد' }).first().waitFor();

    await applicant.reload();
    await applicant.getByTestId('onb-status').getByText('فعال شد').waitFor();
    await applicant.getByRole('button', { name: 'ورود به بخش همکار' }).click();
    await applicant.waitForURL(/\/provider$/);
    await screenshot(applicant, 'onboarding/provider-area-fa');
    // PRV-11: the new courier goes online; PRV-6: and buys a delivery box in the equipment shop.
    await applicant.goto('/provider/work');
    await applicant.getByText('موقعیت: نمایشی').waitFor({ timeout: 10_000 });
    await applicant.getByRole('button', { name: 'آنلاین شوید' }).click();
    await applicant.getByText('منتظر پیشنهاد').waitFor();
    await applicant.goto('/provider/shop');
    await applicant.getByRole('button', { name: 'افزودن باکس حمل مرسوله' }).click();
    await applicant.getByRole('button', { name: 'ثبت سفارش' }).click();
    await applicant.waitForURL(/\/provider\/shop\/orders\/sho_/);
    await applicant.getByTestId('order-status').filter({ hasText: 'در انتظار تأیید' }).waitFor();
    await assertFitsPhone(applicant);
  });
});
