// Browser test of ACC-5 and ACC-3 in Persian on a phone: a customer sends identity documents, an ops
// agent verifies them, the customer sees "verified"; a company is registered, approved by ops, and a
// member invited by mobile accepts after signing in.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSuite, overflowingElements, screenshot, signInByCode } from './browser.js';

const CUSTOMER = '09140000101';
const MEMBER = '09140000102';
const ADMIN = '09120000001';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 3)]);

async function signInAndAccept(page: Page, mobile: string) {
  await signInByCode(page, mobile);
  await page.waitForURL(/\/terms/);
  await page.getByRole('button', { name: 'قوانین را می‌پذیرم' }).click();
  await page.waitForURL(/\/home/);
}

describe('KYC and company accounts in the browser', () => {
  const suite = browserSuite();
  const phone = () => suite.phone();
  let customer: Page;
  let admin: Page;


  test('ACC-5 a customer submits KYC with a card photo, ops verify it, the customer sees "verified"', async () => {
    customer = await phone();
    await signInAndAccept(customer, CUSTOMER);
    await customer.goto('/kyc');
    await customer.getByRole('heading', { name: 'احراز هویت' }).first().waitFor();
    await customer.locator('input[type=file]').setInputFiles({ name: 'کارت.png', mimeType: 'image/png', buffer: PNG });
    await customer.getByRole('button', { name: 'ارسال برای بررسی' }).click();
    await customer.getByText('در حال بررسی').first().waitFor();
    assert.deepEqual(await overflowingElements(customer), []);
    await screenshot(customer, 'kyc/customer-submitted');

    admin = await phone();
    await signInByCode(admin, ADMIN);
    await admin.goto('/ops/kyc');
    await admin.getByRole('link', { name: /سارا/ }).first().click();
    await admin.waitForURL(/\/ops\/kyc\/kyc_/);
    await admin.locator('img.kyc-card-photo').waitFor();
    await screenshot(admin, 'kyc/ops-review');
    await admin.getByRole('button', { name: 'تأیید هویت' }).click();
    await admin.getByText('تأیید شده').first().waitFor();

    await customer.reload();
    await customer.getByText('هویت شما تأیید شده است.').waitFor();
    await screenshot(customer, 'kyc/customer-verified');
  });

  test('ACC-3 a company is registered, approved by ops, and a member invited by mobile accepts', async () => {
    await customer.goto('/companies/new');
    await customer.locator('input[name=name]').fill('شرکت پخش آذر');
    await customer.locator('input[name=registrationNumber]').fill('۱۲۳۴۵');
    await customer.locator('input[name=nationalCompanyId]').fill('۱۰۳۸۰۲۸۴۷۹۰');
    await customer.locator('input[name=landline]').fill('04133334444');
    await customer.locator('input[name=staffCount]').fill('۲۵');
    await customer.locator('input[type=file]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
    await customer.getByRole('button', { name: 'ارسال برای بررسی' }).click();
    await customer.waitForURL(/\/companies\/cmp_/);
    const panelUrl = customer.url();
    await customer.getByText('در حال بررسی').first().waitFor();

    await admin.goto('/ops/companies');
    await admin.getByRole('link', { name: 'شرکت پخش آذر' }).click();
    await admin.getByRole('button', { name: 'تأیید', exact: true }).click();
    await admin.getByText('فعال', { exact: true }).first().waitFor();

    await customer.goto(panelUrl);
    await customer.locator('input[name=inviteMobile]').fill(MEMBER);
    await customer.getByRole('button', { name: 'دعوت', exact: true }).click();
    await customer.getByText('دعوت شده').first().waitFor();
    assert.deepEqual(await overflowingElements(customer), []);
    await screenshot(customer, 'companies/panel');

    const member = await phone();
    await signInAndAccept(member, MEMBER);
    await member.goto('/companies');
    await member.getByRole('button', { name: 'پذیرفتن', exact: true }).click();
    await member.waitForURL(/\/companies\/cmp_/);
    await member.getByRole('heading', { name: 'شرکت پخش آذر' }).waitFor();
    await member.getByText('کیف پول سازمان').waitFor();
    await screenshot(member, 'companies/member-panel');
  });
});
