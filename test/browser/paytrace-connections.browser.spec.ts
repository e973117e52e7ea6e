/// <reference lib="dom" />
/**
 * The Connections screen as a person uses it, in Debian's Chromium against the real app: connect the
 * built-in PayTrace sandbox with one click, test the connection, and rotate the notification URL.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signUpThroughPortal } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let browser: Browser;
let baseUrl: string;

const OWNER = { company: 'Juniper Tools Inc', email: 'owner@juniper.test', password: 'juniper-owner-pw' };

beforeAll(async () => {
  t = await startTestApp();
  baseUrl = await t.listen();
  // Notification URLs (and the sandbox's base URL) are built from the public URL.
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const signUp = (page: Page) => signUpThroughPortal(page, baseUrl, OWNER);

const notificationUrl = (page: Page) => page.getByTestId('notification-url').inputValue();

describe('PayTrace connections', () => {
  it('connects the sandbox in one click, tests it, and rotates the notification URL', async () => {
    const page = await browser.newPage();
    await signUp(page);

    await page.getByRole('menuitem', { name: 'Connections' }).click();
    await page.getByRole('button', { name: 'Connect PayTrace sandbox' }).click();
    await page.waitForURL(/\/connections\/[0-9a-f-]{36}$/);

    // The notification URL is shown (read-only) and belongs to this server.
    await page.getByTestId('notification-url').waitFor();
    const before = await notificationUrl(page);
    expect(before).toMatch(new RegExp(`^${baseUrl}/notifications/paytrace/[A-Za-z0-9_-]{20,}$`));

    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByTestId('connection-test-result');
    await result.waitFor();
    expect(await result.getAttribute('data-status'), (await result.textContent()) ?? '').toBe('ok');
    await result.getByText('ok', { exact: true }).waitFor(); // the status as shown

    await page.getByRole('button', { name: 'Rotate URL' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForFunction(
      (old) => (document.querySelector('[data-testid="notification-url"]') as HTMLInputElement | null)?.value !== old,
      before,
    );
    const after = await notificationUrl(page);
    expect(after).not.toBe(before);
    expect(after).toMatch(new RegExp(`^${baseUrl}/notifications/paytrace/[A-Za-z0-9_-]{20,}$`));

    // The rotated URL is what the server has now, not only what the page shows.
    await page.reload();
    await page.getByTestId('notification-url').waitFor();
    await page.waitForFunction(
      (old) => (document.querySelector('[data-testid="notification-url"]') as HTMLInputElement | null)?.value !== old,
      before,
    );
    expect(await notificationUrl(page)).toBe(after);

    // The list shows the new connection.
    await page.getByRole('menuitem', { name: 'Connections' }).click();
    await page.getByText('PayTrace sandbox').first().waitFor();
    await page.close();
  });
});
