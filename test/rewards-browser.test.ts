// Browser test of the rewards screens (issue 6) on a phone, in Persian: ops adjust a driver's
// points, the driver sees points, tier, gates and the Jalali peak calendar, and opts out and back.
// Needs the built web app (npx vite build --config web/vite.config.ts) and Debian's chromium.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { WEB_DIST, startTestServer, type TestServer } from './harness/server.js';
import { CHROMIUM, launchBrowser, overflowingElements, phoneContext, screenshot, signInByCode } from './e2e/browser.js';

const ADMIN = '09120000001';
const DRIVER = '09140000201';
const DRIVER_ID = 'usr_demo_driver_1';

// `npm test` builds the web app when it runs test/e2e; run alone, this file needs a build first.
const missing = !fs.existsSync(path.join(WEB_DIST, 'index.html')) ? 'the web app is not built' : !fs.existsSync(CHROMIUM) ? 'chromium is not installed' : null;

describe('RWD rewards screens (browser, fa)', { skip: missing ?? false }, () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('RWD-9 ops adjust a driver\'s points with a reason on the rewards page', async () => {
    const context = await phoneContext(browser, server.url);
    const page = await context.newPage();
    await signInByCode(page, ADMIN);
    await page.goto('/ops/rewards');
    await page.locator('input[name=providerId]').fill(DRIVER_ID);
    await page.locator('input[name=points]').fill('87');
    await page.locator('input[name=reason]').fill('جبران سفرهای ثبت‌نشده');
    await page.locator('form button[type=submit]').first().click();
    await page.locator('.rwd-standings .list-row').first().waitFor();
    assert.match(await page.locator('.rwd-standings').innerText(), /usr_demo_driver_1/);
    assert.deepEqual(await overflowingElements(page), []);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'screens/rewards-ops-fa', { fullPage: true });
    await context.close();
  });

  test('RWD-1 RWD-3 RWD-5 the driver sees points, next tier, gates and the peak calendar in Jalali, and may opt out', async () => {
    const context = await phoneContext(browser, server.url);
    const page = await context.newPage();
    await signInByCode(page, DRIVER);
    await page.goto('/provider/rewards');
    await page.locator('.rwd-hero').waitFor();
    const hero = await page.locator('.rwd-hero').innerText();
    assert.match(hero, /۸۷/, 'points in Persian digits');
    assert.match(hero, /آبی/, 'Blue tier');
    assert.match(hero, /۱۳ امتیاز دیگر تا سطح طلایی/);
    assert.match(await page.locator('.rwd-calendar').innerText(), /۰۶:۰۰/);
    assert.deepEqual(await overflowingElements(page), []);
    await screenshot(page, 'screens/rewards-driver-fa', { fullPage: true });
    await screenshot(page, 'screens/rewards-driver-fa-fold', { fullPage: false });
    await page.getByRole('button', { name: 'خروج از باشگاه' }).click();
    await page.locator('.banner-info').first().waitFor();
    assert.match(await page.locator('main').innerText(), /از باشگاه خارج شده‌اید/);
    await page.getByRole('button', { name: 'بازگشت به باشگاه' }).click();
    await page.getByRole('button', { name: 'خروج از باشگاه' }).waitFor();
    await context.close();
  });
});
