// Takes phone-size screenshots of every page (fa, plus sign-in in ar and en) into
// test/e2e/artifacts/screens/, for looking at the UI. Run: npx tsx test/e2e/screens.ts
// (build the web app first: npx vite build --config web/vite.config.ts).
import type { Page } from 'playwright-core';
import { startTestServer } from '../harness/server.js';
import { launchBrowser, overflowingElements, phoneContext, screenshot, signInByCode } from './browser.js';

const only = process.argv[2];
const server = await startTestServer();
const browser = await launchBrowser();
async function shot(page: Page, name: string, full = true) {
  const wide = await overflowingElements(page);
  if (wide.length) console.log(`${name}: wider than the phone:\n  ${wide.join('\n  ')}`);
  if (full) await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, `screens/${name}`, { fullPage: full });
}

async function fresh(locale = 'fa') {
  const context = await phoneContext(browser, server.url);
  if (locale !== 'fa') await context.addInitScript((l) => localStorage.setItem('peyk.locale', l), locale);
  return { context, page: await context.newPage() };
}

try {
  if (!only || only === 'signin') {
    for (const locale of ['fa', 'ar', 'en']) {
      const { context, page } = await fresh(locale);
      await page.goto('/signin');
      await page.locator('.demo-account').first().waitFor();
      await shot(page, `signin-${locale}`);
      await shot(page, `signin-${locale}-fold`, false);
      await page.locator('input[name=mobile]').fill('0912');
      await page.locator('form button[type=submit]').click();
      await page.locator('.banner-error, .field-error').first().waitFor();
      await shot(page, `signin-${locale}-error`, false);
      await context.close();
    }
  }

  if (!only || only === 'customer') {
    const { context, page } = await fresh();
    await page.goto('/signin');
    await page.locator('input[name=mobile]').fill('۰۹۱۴۵۵۵۰۰۰۱');
    await page.locator('form button[type=submit]').click();
    await page.locator('input[name=code]').waitFor();
    await page.locator('.sms-peek-body').waitFor();
    await shot(page, 'code-fa', false);
    await page.locator('input[name=code]').fill('000000');
    await page.locator('.field-error').waitFor();
    await shot(page, 'code-wrong-fa', false);
    const inbox = await context.newPage();
    await inbox.goto('/demo/sms');
    await inbox.locator('.sms').first().waitFor();
    await shot(inbox, 'inbox-fa');
    await inbox.close();
    await signInByCode(page, '09145550001');
    await page.locator('input[autocomplete=given-name]').waitFor();
    await shot(page, 'profile-welcome-fa');
    await page.locator('form button[type=submit]').click();
    await shot(page, 'profile-welcome-errors-fa');
    await page.locator('input[autocomplete=given-name]').fill('سارا');
    await page.locator('input[autocomplete=family-name]').fill('کاظمی');
    await page.getByLabel('کد ملی').fill('0012345679');
    const selects = page.locator('.date-parts select');
    await selects.nth(0).selectOption('15');
    await selects.nth(1).selectOption('6');
    await selects.nth(2).selectOption('1370');
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(/\/terms/);
    await page.locator('.terms-text').waitFor();
    await shot(page, 'terms-fa');
    await page.getByRole('button', { name: 'قوانین را می‌پذیرم' }).click();
    await page.waitForURL(/\/home/);
    await page.locator('.tile').first().waitFor();
    await shot(page, 'home-customer-fa');
    await page.goto('/profile');
    await page.locator('.empty').waitFor();
    await shot(page, 'profile-fa');
    await page.locator('.topbar .menu').nth(1).locator('button').click();
    await shot(page, 'account-menu-fa', false);
    await context.close();
  }

  if (!only || only === 'provider') {
    const { context, page } = await fresh();
    await signInByCode(page, '09140000201');
    await page.waitForURL(/\/terms/);
    await page.getByRole('button', { name: 'قوانین را می‌پذیرم' }).click();
    await page.waitForURL(/\/provider/);
    await page.locator('.status-hero').waitFor();
    await shot(page, 'home-provider-fa');
    await context.close();
  }

  if (!only || only === 'ops') {
    const { context, page } = await fresh();
    await signInByCode(page, '09120000001');
    await page.waitForURL(/\/ops\/users/);
    await page.locator('.list-link').first().waitFor();
    await shot(page, 'ops-users-fa');
    await page.locator('.list-link', { hasText: '۰۹۱۴۰۰۰۰۱۰۲' }).click();
    await page.locator('.details').waitFor();
    await shot(page, 'ops-user-fa');
    await page.locator('textarea[name=reason]').fill('گزارش رفتار نامناسب با سفیر');
    await page.getByRole('button', { name: 'مسدود کردن حساب' }).click();
    await page.locator('.badge-bad').first().waitFor();
    await shot(page, 'ops-user-blocked-fa');
    await page.goto('/ops/settings');
    await page.locator('.setting').first().waitFor();
    await shot(page, 'ops-settings-fa', false);
    await page.locator('.setting', { hasText: 'otp.ttlSeconds' }).getByRole('button').click();
    await page.locator('.setting-editor').scrollIntoViewIfNeeded();
    await shot(page, 'ops-settings-edit-fa', false);
    await page.locator('.setting', { hasText: 'order.cancellationFeeRials' }).scrollIntoViewIfNeeded();
    await shot(page, 'ops-settings-money-fa', false);
    await page.goto('/ops/audit');
    await page.locator('.audit').first().waitFor();
    await page.waitForTimeout(500);
    await shot(page, 'ops-audit-fa');
    await page.goto('/ops/terms');
    await page.locator('textarea').first().waitFor();
    await shot(page, 'ops-terms-fa');
    await context.close();

    const blocked = await fresh();
    await signInByCode(blocked.page, '09140000102');
    await blocked.page.locator('.banner-error').waitFor();
    await shot(blocked.page, 'home-blocked-fa');
    await blocked.context.close();
  }
  if (!only || only === 'misc') {
    const { context, page } = await fresh();
    await page.goto('/forgot-password?mobile=09140000101');
    await page.locator('input[name=mobile]').waitFor();
    await shot(page, 'forgot-fa');
    await page.locator('form button[type=submit]').click();
    await page.locator('input[name=code]').waitFor();
    await page.locator('.sms-peek-body').waitFor();
    await page.locator('input[name=code]').fill('123456');
    await page.locator('input[type=password]').fill('short');
    await page.locator('form button[type=submit]').click();
    await page.locator('.field-error, .banner-error').first().waitFor();
    await shot(page, 'forgot-code-fa');
    await page.goto('/no-such-page');
    await shot(page, 'not-found-fa');
    await page.goto('/reset-password?token=abc');
    await shot(page, 'reset-link-fa');
    await context.close();
  }

  if (!only || only === 'other-languages') {
    // Each number once per run: a second code within a minute is refused (otp.resendSeconds).
    for (const [locale, provider, staff] of [['ar', '09140000202', '09120000002'], ['en', '09140000203', '09120000003']]) {
      const { context, page } = await fresh(locale);
      await signInByCode(page, provider);
      await page.waitForURL(/\/terms/);
      await page.locator('.terms-text').waitFor();
      await shot(page, `terms-${locale}`);
      await page.locator('.sticky-action button').click();
      await page.waitForURL(/\/provider/);
      await page.goto('/home');
      await page.locator('.tile').first().waitFor();
      await shot(page, `home-customer-${locale}`);
      await page.goto('/profile');
      await page.locator('.date-parts').waitFor();
      await shot(page, `profile-${locale}`);
      await context.close();
      const ops = await fresh(locale);
      await signInByCode(ops.page, staff);
      await ops.page.goto('/ops/settings');
      await ops.page.locator('.setting').first().waitFor();
      await shot(ops.page, `ops-settings-${locale}`, false);
      await ops.page.goto('/ops/audit');
      await ops.page.locator('.filter-box').waitFor();
      await shot(ops.page, `ops-audit-${locale}`, false);
      await ops.context.close();
    }
  }
  console.log('screenshots in test/e2e/artifacts/screens/');
} finally {
  await browser.close();
  await server.close();
}
