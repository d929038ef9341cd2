import fs from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../harness/server.js';

/** Debian's Chromium (scripts/ensure-system.sh installs it); Playwright's download cannot work here. */
export const CHROMIUM = process.env.PEYK_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

export const ARTIFACTS = path.resolve(import.meta.dirname, 'artifacts');

/** A phone a little larger than the smallest we support (360-420 px wide). */
export const PHONE = { width: 390, height: 844 };

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

/** A fresh phone-sized context (empty localStorage) on the given server. */
export async function phoneContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, timezoneId: 'Asia/Tehran' });
}

export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  // Fonts load lazily per script; wait so the picture shows Vazirmatn, not a fallback.
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: file, fullPage: opts.fullPage ?? true });
  return file;
}

const PERSIAN = '۰۱۲۳۴۵۶۷۸۹';
const ARABIC = '٠١٢٣٤٥٦٧٨٩';
export function asciiDigits(text: string): string {
  return text.replace(/[۰-۹٠-٩]/g, (c) => String(PERSIAN.includes(c) ? PERSIAN.indexOf(c) : ARABIC.indexOf(c)));
}

/**
 * Reads the newest sign-in code for a mobile the way a person would: opens the demo SMS inbox
 * page in another tab and reads the six digits of the first message.
 */
export async function readCodeFromInbox(context: BrowserContext, mobile: string, notBefore = ''): Promise<string> {
  const inbox = await context.newPage();
  try {
    await inbox.goto(`/demo/sms?mobile=${mobile}`);
    const first = inbox.locator('.sms-list .sms').first();
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (await first.count()) {
        const text = asciiDigits(await first.locator('.sms-body').innerText());
        const code = /(\d{6})/.exec(text)?.[1];
        if (code && code !== notBefore) return code;
      }
      if (Date.now() > deadline) throw new Error(`no sign-in code for ${mobile} in the demo inbox`);
      await inbox.waitForTimeout(300);
    }
  } finally {
    await inbox.close();
  }
}

/** Signs in through the sign-in page by SMS code; leaves the page wherever the app sends it next. */
export async function signInByCode(page: Page, mobile: string, typed = mobile): Promise<void> {
  await page.goto('/signin');
  await page.locator('input[name=mobile]').fill(typed);
  await page.locator('form button[type=submit]').click();
  await page.locator('input[name=code]').waitFor();
  const code = await readCodeFromInbox(page.context(), mobile);
  await page.locator('input[name=code]').fill(code);
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

// Plain JavaScript run in the page (a string, so the TypeScript loader adds no helpers to it).
const FIND_OVERFLOW = `(() => {
  const width = document.documentElement.clientWidth;
  const sticksOut = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && (r.right > width + 1 || r.left < -1); };
  const skip = (el) => { const s = getComputedStyle(el); return ['auto', 'scroll'].includes(s.overflowX) || s.position === 'fixed' || el.classList.contains('skip-link'); };
  const out = [];
  const walk = (el) => {
    for (const child of Array.from(el.children)) {
      if (skip(child)) continue;
      if (sticksOut(child) && !Array.from(child.children).some(sticksOut)) {
        const r = child.getBoundingClientRect();
        out.push(child.tagName.toLowerCase() + '.' + String(child.className).split(' ')[0] + ' [' + Math.round(r.left) + '..' + Math.round(r.right) + '] ' + (child.textContent || '').trim().slice(0, 50));
      } else walk(child);
    }
  };
  walk(document.body);
  return out.slice(0, 10);
})()`;

/**
 * Elements that stick out past the edges of the viewport (sideways scrolling on a phone); only the
 * innermost offender of each branch, and nothing inside a container meant to scroll sideways.
 */
export async function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(FIND_OVERFLOW) as Promise<string[]>;
}

/**
 * A describe block's server, browser and phone-sized contexts: started before its tests (call it
 * first in the block, so its hook runs before the block's own) and closed after them.
 */
export function browserSuite() {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });
  const suite = {
    get server(): TestServer { return server!; },
    async context(): Promise<BrowserContext> {
      const c = await phoneContext(browser!, server!.url);
      contexts.push(c);
      return c;
    },
    async phone(): Promise<Page> { return (await suite.context()).newPage(); },
  };
  return suite;
}
