/**
 * The portal as a person uses it, in Debian's Chromium against the real app: sign up, log out, log in,
 * invite a member (who accepts through the emailed link), and create an API key that is shown once
 * and works.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signUpThroughPortal } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';

let t: TestApp;
let smtp: SmtpSink;
let browser: Browser;
let baseUrl: string;

const OWNER = { company: 'Harbor Supply Co', email: 'owner@harbor.test', password: 'harbor-owner-pw' };

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await startTestApp({ SMTP_URL: smtp.url });
  baseUrl = await t.listen();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await smtp?.close();
});

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('menuitem', { name: 'Team' }).waitFor();
}

describe('portal', () => {
  it('signs up, logs out and logs back in', async () => {
    const page = await browser.newPage();
    await signUpThroughPortal(page, baseUrl, { ...OWNER, name: 'Olive Owner' });
    await page.getByText(OWNER.company).first().waitFor();

    await page.getByRole('button', { name: /profile|account|Olive/i }).first().click();
    await page.getByRole('menuitem', { name: /log ?out|sign ?out/i }).click();
    await page.locator('input[name="password"]').waitFor();

    await signIn(page, OWNER.email, OWNER.password);
    await page.getByText(OWNER.company).first().waitFor();
    await page.close();
  });

  it('invites a member who accepts through the emailed link', async () => {
    const page = await browser.newPage();
    await signIn(page, OWNER.email, OWNER.password);
    await page.getByRole('menuitem', { name: 'Team' }).click();
    await page.fill('input[name="email"]', 'mia@harbor.test');
    await page.selectOption('form select[name="role"]', 'operator');
    await page.getByRole('button', { name: 'Invite' }).click();
    await page.getByText('mia@harbor.test').first().waitFor();

    const mail = await smtp.waitFor((message) => message.to.includes('mia@harbor.test'));
    const link = /(http\S+\/accept-invitation\?token=\S+)/.exec(mail.text)?.[1];
    expect(link).toBeDefined();

    const invitee = await browser.newPage();
    await invitee.goto(link!);
    await invitee.fill('input[name="password"]', 'mia-password-1');
    await invitee.fill('input[name="name"]', 'Mia Operator');
    await invitee.getByRole('button', { name: 'Accept invitation' }).click();
    await invitee.getByRole('menuitem', { name: 'Team' }).waitFor();
    await invitee.getByText(OWNER.company).first().waitFor();
    await invitee.close();

    await page.reload();
    await page.getByLabel('Role of mia@harbor.test').waitFor();
    expect(await page.getByLabel('Role of mia@harbor.test').inputValue()).toBe('operator');
    await page.close();
  });

  it('creates an API key, shows its secret once, and the key works', async () => {
    const page = await browser.newPage();
    await signIn(page, OWNER.email, OWNER.password);
    await page.getByRole('menuitem', { name: 'API keys' }).click();
    await page.fill('input[name="name"]', 'reporting script');
    await page.check('input[name="scopes"][value="read"]');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const secret = (await page.getByTestId('api-key-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^stl_[a-z0-9]{10}_/);

    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: '{ tenant { name } }' }),
    });
    const body = (await response.json()) as { data: { tenant: { name: string } } };
    expect(body.data.tenant.name).toBe(OWNER.company);

    await page.getByRole('button', { name: 'I have stored the secret' }).click();
    await page.getByText('reporting script').first().waitFor();
    expect(await page.textContent('body')).not.toContain(secret);
    await page.close();
  });
});
