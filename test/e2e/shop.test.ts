// Browser test of the equipment shop (issue 5, PRV-6): a courier orders a box and a helmet, ops confirm
// the price (charged to the provider wallet) and ship with a tracking number; the courier sees the
// tracking number and the wallet charge. Persian, on a phone.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { asciiDigits, browserSuite, overflowingElements, screenshot, signInByCode } from './browser.js';
import { userAccount } from '../../src/modules/wallet/index.js';

const COURIER = '09140000203';
const COURIER_ID = 'usr_demo_courier_2';
const AGENT = '09120000002';

async function assertFitsPhone(page: Page) {
  assert.deepEqual(await overflowingElements(page), [], `${page.url()} is wider than the phone`);
}

describe('equipment shop in the browser', () => {
  const suite = browserSuite();
  const phone = () => suite.phone();


  test('PRV-6 a courier orders a box and a helmet; ops confirm and ship; the courier sees the tracking number and the wallet charge', async () => {
    const courier = await phone();
    await signInByCode(courier, COURIER);
    if (new URL(courier.url()).pathname.startsWith('/terms')) {
      await courier.getByRole('button', { name: 'قوانین را می‌پذیرم' }).click();
      await courier.waitForURL((u) => !u.pathname.startsWith('/terms'));
    }
    await courier.goto('/provider/shop');
    await courier.getByText('باکس حمل مرسوله').first().waitFor();
    await courier.getByRole('button', { name: 'افزودن باکس حمل مرسوله' }).click();
    await courier.getByRole('button', { name: 'افزودن کلاه ایمنی' }).click();
    await assertFitsPhone(courier);
    await screenshot(courier, 'shop/catalogue-cart-fa');
    await courier.getByRole('button', { name: 'ثبت سفارش' }).click();
    await courier.waitForURL(/\/provider\/shop\/orders\/sho_/);
    const orderId = new URL(courier.url()).pathname.split('/').pop()!;
    await courier.getByTestId('order-status').filter({ hasText: 'در انتظار تأیید' }).waitFor();

    // Ops confirm the catalogue price (3,700,000 Toman), charged to the provider wallet, then ship.
    const agent = await phone();
    await signInByCode(agent, AGENT);
    await agent.goto(`/ops/shop/orders/${orderId}`);
    await agent.getByRole('button', { name: 'تأیید قیمت و دریافت وجه' }).click();
    await agent.getByTestId('order-status').filter({ hasText: 'پرداخت‌شده' }).waitFor();
    await agent.getByLabel('کد رهگیری پستی').fill('IR1234567890');
    await screenshot(agent, 'shop/ops-ship-fa');
    await agent.getByRole('button', { name: 'ارسال پستی' }).click();
    await agent.getByTestId('order-status').filter({ hasText: 'ارسال‌شده' }).waitFor();
    const balance = await suite.server.app.modules.ledger.balance(suite.server.app.platform.db, userAccount(COURIER_ID, 'provider_wallet'));
    assert.equal(balance.balanceRials, -37_000_000n);

    // The courier sees the status, the tracking number and the timeline, then the charge in the wallet.
    await courier.reload();
    await courier.getByTestId('order-status').filter({ hasText: 'ارسال‌شده' }).waitFor();
    assert.equal(asciiDigits(await courier.getByTestId('tracking').innerText()), 'IR1234567890');
    await courier.getByTestId('timeline').getByText('قیمت تأیید شد').waitFor();
    await assertFitsPhone(courier);
    await screenshot(courier, 'shop/order-shipped-fa', { fullPage: true });
    await courier.goto('/provider/wallet');
    await courier.getByText(/۳.۷۰۰.۰۰۰/).first().waitFor();
    const text = asciiDigits(await courier.locator('main').innerText());
    assert.match(text, /3\D?700\D?000/, 'the wallet shows the equipment charge');
    await screenshot(courier, 'shop/wallet-charge-fa', { fullPage: true });
  });
});
