// Browser test of errands (issue 7): a customer requests, ops quote, the customer pays from the wallet,
// ops assign, the assistant dispatches and completes, the customer sees the timeline; Persian, on a phone.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSuite, overflowingElements, screenshot, signInByCode } from './browser.js';
import { platformAccount, userAccount } from '../../src/modules/wallet/index.js';

const CUSTOMER = '09140000101';
const CUSTOMER_ID = 'usr_demo_customer_1';
const AGENT = '09120000002';
const ASSISTANT = '09140000204';

async function assertFitsPhone(page: Page) {
  assert.deepEqual(await overflowingElements(page), [], `${page.url()} is wider than the phone`);
}

async function signInAndAccept(page: Page, mobile: string) {
  await signInByCode(page, mobile);
  await page.waitForURL(/\/terms/);
  await page.getByRole('button', { name: 'قوانین را می‌پذیرم' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/terms'));
}

describe('errands in the browser', () => {
  const suite = browserSuite();
  const phone = () => suite.phone();


  test('ERR-3 ERR-5 an errand from request to done: request, quote, wallet payment, assignment, dispatch, completion, timeline', async () => {
    // The customer has money in the wallet (a top-up, posted straight to the ledger here).
    await suite.server.app.modules.ledger.transfer(suite.server.app.platform.db, {
      idempotencyKey: 'e2e-errand-fund', reason: 'wallet.topup',
      legs: [{ from: platformAccount('gateway_clearing'), to: userAccount(CUSTOMER_ID, 'customer_wallet'), amountRials: 5_000_000n }],
    });

    const customer = await phone();
    await signInAndAccept(customer, CUSTOMER);
    await customer.getByRole('navigation').getByRole('link', { name: 'کارپردازی' }).click();
    await customer.waitForURL(/\/errands$/);
    await customer.getByText('پرداخت قبض').first().waitFor();
    await assertFitsPhone(customer);
    await screenshot(customer, 'errands/catalogue-fa');
    await customer.locator('a[href="/errands/new?service=bill_payment"]').click();
    await customer.waitForURL(/\/errands\/new/);
    await customer.getByLabel('تعداد موارد').fill('۲');
    await customer.getByLabel('شرح کار').fill('پرداخت قبض برق و گاز منزل');
    await customer.getByLabel('نشانی').fill('تبریز، خیابان امام، کوچه ۱۲');
    await assertFitsPhone(customer);
    await screenshot(customer, 'errands/request-fa');
    await customer.getByRole('button', { name: 'ثبت درخواست' }).click();
    await customer.waitForURL(/\/errands\/err_/);
    const errandId = new URL(customer.url()).pathname.split('/').pop()!;
    await customer.getByText('در حال بررسی').first().waitFor();

    // Ops: feasibility; the price rule quotes at once (500,000 + 2 x 100,000 Rials = 70,000 Toman).
    const agent = await phone();
    await signInByCode(agent, AGENT);
    await agent.goto(`/ops/errands/${errandId}`);
    await agent.getByRole('button', { name: 'شدنی است' }).click();
    await agent.getByText('قیمت‌گذاری شد، در انتظار پرداخت').first().waitFor();

    // The customer pays from the wallet.
    await customer.reload();
    await customer.getByRole('button', { name: 'پرداخت از کیف پول' }).click();
    await customer.getByText('پرداخت‌شده').first().waitFor();

    // Ops assign the suggested assistant.
    await agent.reload();
    await agent.getByText('پیشنهادی', { exact: false }).first().waitFor();
    await screenshot(agent, 'errands/ops-assign-fa');
    await agent.getByRole('button', { name: 'سپردن' }).first().click();
    await agent.getByText('سپرده به کارپرداز').first().waitFor();

    // The assistant dispatches, starts and completes.
    const assistant = await phone();
    await signInAndAccept(assistant, ASSISTANT);
    await assistant.goto('/provider/errands');
    await assistant.locator(`a[href="/provider/errands/${errandId}"]`).click();
    await assistant.getByRole('button', { name: 'اعزام شدم' }).click();
    await assistant.getByRole('button', { name: 'شروع کار' }).click();
    await assistant.getByRole('button', { name: 'انجام شد' }).waitFor();
    await assertFitsPhone(assistant);
    await screenshot(assistant, 'errands/assistant-fa');
    await assistant.getByRole('button', { name: 'انجام شد' }).click();
    await assistant.getByRole('button', { name: 'انجام شد' }).waitFor({ state: 'detached' });

    // The customer sees every step.
    await customer.reload();
    const timeline = customer.getByRole('list', { name: 'روند کار' });
    for (const step of ['در حال بررسی', 'قیمت‌گذاری شد، در انتظار پرداخت', 'پرداخت‌شده', 'سپرده به کارپرداز', 'کارپرداز اعزام شد', 'در حال انجام', 'انجام شد']) {
      await timeline.getByText(step, { exact: true }).first().waitFor();
    }
    const text = await customer.locator('main').innerText();
    assert.doesNotMatch(text, /[0-9]/, `Persian digits only: ${text.match(/.{0,20}[0-9].{0,20}/)?.[0]}`);
    await assertFitsPhone(customer);
    await screenshot(customer, 'errands/timeline-fa', { fullPage: true });
    const e = await suite.server.app.modules.errands.errands.forOps(errandId);
    assert.equal(e.status, 'done');
    assert.equal(e.paidRials, 700_000n);
  });
});
