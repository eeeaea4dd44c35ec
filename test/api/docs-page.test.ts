import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from '@temporalio/client';
import type { Browser } from 'playwright-core';
import { createApp } from '../../api/app';
import { parseConfig } from '../../config';
import type { Db } from '../../lib/db/prisma';
import { createLogger } from '../../lib/logger';
import { launchBrowser, newContext, SCREENSHOTS } from '../web/browser';

/**
 * The API's documentation page in a real browser: it loads only from this server under its strict
 * Content-Security-Policy, lists every operation with who may call it, and filters them. The page
 * reads nothing but openapi.json, so the app runs here without a database or Temporal behind it.
 */
describe('API documentation page', () => {
  let server: Server;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    const app = createApp({ db: {} as Db, temporal: {} as Client, config: parseConfig({ LOG_LEVEL: 'silent' }), logger: createLogger('silent') });
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('lists and filters every operation, with no script or policy errors', async () => {
    const page = await (await newContext(browser)).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${baseUrl}/api/v1/docs`);
    await page.getByRole('heading', { level: 1, name: 'Chỉ số CCHC — Tài liệu API' }).waitFor();
    const doc = (await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    await page.locator('details.op').first().waitFor();
    expect(await page.locator('details.op').count()).toBe(operations);

    const draft = page.locator('details.op', { hasText: '/api/v1/years/{year}/units/{unitCode}/leaves/{leafCode}' }).filter({ hasText: 'Lưu nháp' });
    await draft.locator('summary').click();
    await draft.getByText('If-Match').first().waitFor();
    expect(await draft.locator('.roles').textContent()).toBe('unit_officer, unit_head (unit)');

    await page.getByLabel('Lọc:').fill('bảng theo dõi');
    await page.waitForFunction("document.querySelectorAll('details.op:not([hidden])').length === 1");
    await page.screenshot({ path: path.join(SCREENSHOTS, 'api-docs.png'), fullPage: false });
    expect(errors).toEqual([]);
    await page.close();
  });
});
