import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { TEST_PASSWORD } from '../support/org';
import { WAIT_BOUND_MS } from '../support/wait';

/** Debian's Chromium, headless, driven by playwright-core; screenshots land in data/test/screenshots. */

export const SCREENSHOTS = path.resolve(__dirname, '../../data/test/screenshots');

export function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/** A Vietnamese browser context whose every wait (locators, navigation) has the tests' common bound. */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', ...options });
  context.setDefaultTimeout(WAIT_BOUND_MS);
  return context;
}

export interface OpenPage {
  page: Page;
  /** Uncaught errors and console errors the page raised; a test expects none. */
  errors: string[];
  close(): Promise<void>;
}

/** A fresh browser context (its own localStorage) signed in as `username`. */
export async function signedIn(browser: Browser, baseUrl: string, username: string, viewport = { width: 1366, height: 900 }): Promise<OpenPage> {
  const context = await newContext(browser, { viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // A refused request is reported by the browser as a console error; those are part of the tests.
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((url) => url.hash !== '' && !url.hash.startsWith('#/dang-nhap'));
  return { page, errors, close: () => context.close() };
}

/** The leaf card of `code` on a sheet or appraisal screen. */
export const leaf = (page: Page, code: string) => page.locator(`article[id="leaf-${code}"]`);
