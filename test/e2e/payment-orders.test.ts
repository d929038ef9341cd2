// Browser test of cross-border payment orders (issue 7, XPO-1..XPO-6): ops set a rate, a customer
// orders with a live quote, pays the cart at the gateway, KYC is verified, an operator takes the
// order, reads the login, attaches the receipt, and the customer sees it done. Phone size, Persian.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../harness/server.js';
import { launchBrowser, overflowingElements, phoneContext, screenshot, signInByCode } from './browser.js';

const CUSTOMER = '09140000101';
const ADMIN = '09120000001';
const PASSWORD = 'Browser-Xpo-Pass-77';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function assertFitsPhone(page: Page) {
  assert.deepEqual(await overflowingElements(page), [], `${page.url()} is wider than the phone`);
}

describe('payment orders in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let customer: Page;
  let ops: Page;

  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    for (let i = 0; i < 2; i++) contexts.push(await phoneContext(browser, server.url));
    [customer, ops] = await Promise.all(contexts.map((c) => c.newPage()));
    await signInByCode(customer, CUSTOMER);
    await customer.waitForURL(/\/terms/);
    await customer.getByRole('button', { name: 'قوانین را می‌پذیرم' }).click();
    await customer.waitForURL(/\/home$/);
    await signInByCode(ops, ADMIN);
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  test('XPO-1..XPO-6 a payment order from the cart to fulfilment', async () => {
    // XPO-3: ops set the dollar rate on the rates screen.
    await ops.goto('/ops/payment-orders/rates');
    await ops.locator('input[name=rialsPerUnit]').fill('1000000');
    await ops.locator('input[name=reason]').fill('نرخ امروز');
    await ops.getByRole('button', { name: 'ثبت نرخ' }).click();
    await ops.getByText('جاری', { exact: true }).first().waitFor();
    await screenshot(ops, 'payment-orders/ops-rates-fa');

    // XPO-1 / XPO-2 / XPO-3: the customer picks games, fills the form and sees the quote before the cart.
    await customer.getByRole('link', { name: 'پرداخت ارزی' }).first().click();
    await customer.waitForURL(/\/payment-orders$/);
    await customer.locator('a[href="/payment-orders/new?category=games"]').click();
    await customer.locator('input[name=siteName]').fill('Steam');
    await customer.locator('input[name=pageUrl]').fill('https://store.steampowered.com/checkout');
    await customer.locator('input[name=amount]').fill('20');
    await customer.locator('input[name=username]').fill('sara.gamer');
    await customer.locator('input[name=password]').fill(PASSWORD);
    await customer.locator('textarea[name=instructions]').fill('کارت هدیه ۲۰ دلاری را بخرید.');
    const quote = customer.getByTestId('xpo-quote');
    await quote.waitFor();
    // 20 x 1,000,000 = 20,000,000 Rials + 1,500,000 fee = 21,500,000 Rials = 2,150,000 Toman
    await quote.getByText('۲٬۱۵۰٬۰۰۰ تومان').waitFor();
    await assertFitsPhone(customer);
    await screenshot(customer, 'payment-orders/order-quote-fa', { fullPage: true });
    await customer.getByRole('button', { name: 'افزودن به سبد' }).click();
    await customer.waitForURL(/\/payment-orders\/cart$/);
    await customer.getByTestId('xpo-cart-total').getByText('۲٬۱۵۰٬۰۰۰ تومان').waitFor();
    await screenshot(customer, 'payment-orders/cart-fa');

    // XPO-4 / XPO-5: one payment at the (sandbox) gateway.
    await customer.getByRole('button', { name: 'پرداخت با کارت' }).click();
    await customer.waitForURL(/\/sandbox-gateway\//);
    await customer.getByRole('button', { name: 'پرداخت' }).click();
    await customer.waitForURL(/\/payments\/pay_/);
    const [order] = await server.app.modules.paymentOrders.orders.mine('usr_demo_customer_1');
    assert.equal(order.status, 'awaiting_verification', 'without KYC the paid order waits');
    // ACC-5 verification happens in the KYC module; its event releases the order into the queue.
    await server.app.platform.events.publish('kyc.verified', { userId: 'usr_demo_customer_1' });

    // XPO-5: the operator takes it from the queue, reads the login, attaches the receipt.
    await ops.goto('/ops/payment-orders');
    await ops.getByText('Steam').first().click();
    await ops.waitForURL(/\/ops\/payment-orders\/xpo_/);
    await ops.getByRole('button', { name: 'برداشتن سفارش' }).click();
    await ops.getByRole('button', { name: 'نمایش اطلاعات ورود' }).click();
    await ops.getByTestId('xpo-password').getByText(PASSWORD).waitFor();
    await ops.locator('input[type=file][name=receipt]').setInputFiles({ name: 'steam-receipt.pdf', mimeType: 'application/pdf', buffer: PDF });
    await ops.locator('input[name=reference]').fill('STEAM-42');
    await ops.getByRole('button', { name: 'پیوست رسید و پایان کار' }).click();
    await ops.getByText('انجام شد؛ پیامک و ایمیل برای مشتری رفت').waitFor();
    await screenshot(ops, 'payment-orders/ops-fulfilled-fa');

    // XPO-6: the customer sees the order done, with the receipt and the advice to change the password.
    await customer.goto('/payment-orders');
    await customer.getByText('انجام شد', { exact: true }).waitFor();
    await customer.getByText('لطفاً رمز عبور خود را در آن سایت عوض کنید').waitFor();
    await customer.getByRole('button', { name: 'رسید' }).or(customer.getByRole('link', { name: 'رسید' })).first().waitFor();
    await assertFitsPhone(customer);
    await screenshot(customer, 'payment-orders/my-orders-fa');
    const body = await customer.locator('main').innerText();
    assert.doesNotMatch(body, new RegExp(PASSWORD), 'the customer never sees the stored password');
  });
});
