/**
 * The demo merchant's web store: plain HTML pages (no framework), so a newcomer can pay an open Sage
 * Pro invoice at the PayTrace sandbox checkout page and then watch the receipt land in the portal.
 */
import type { ShopInvoice } from './demo-company.js';

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** "$1,234.50" for 123450, from the digits (no float). */
export function usd(cents: number): string {
  const whole = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+$)/g, ',');
  return `$${whole}.${String(cents % 100).padStart(2, '0')}`;
}

/** The sandbox's "8.10": the checkout link's amount. */
const plainDollars = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/** Where the buyer goes to pay: the PayTrace sandbox's checkout page, which posts the token pair to `returnUrl`. */
export function checkoutUrl(sandboxBaseUrl: string, clientKey: string, cents: number, returnUrl: string): string {
  const query = new URLSearchParams({ client_key: clientKey, amount: plainDollars(cents), return_url: returnUrl });
  return `${sandboxBaseUrl}/checkout?${query}`;
}

/** The amount the buyer agreed to at checkout, carried back in the return URL: whole cents, within the sandbox's range. */
export function agreedCents(value: unknown): number | null {
  const cents = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  return cents > 0 && cents < 1_000_000_000 ? cents : null;
}

/** A Sage Pro invoice number as the shop's URLs carry it. */
export const isInvoiceNumber = (value: string) => /^[A-Za-z0-9-]{1,10}$/.test(value);

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1f2933}
table{border-collapse:collapse;width:100%}td,th{padding:.4rem .6rem;border-bottom:1px solid #e4e7eb;text-align:left}
td.money{text-align:right;font-variant-numeric:tabular-nums}.note{color:#667085;font-size:.9rem}</style>
</head><body>${body}</body></html>`;

export function shopPage(invoices: readonly ShopInvoice[], sageProPath: string): string {
  const rows = invoices
    .map(
      (i) => `<tr data-invno="${escapeHtml(i.invno)}"><td>${escapeHtml(i.invno)}</td><td>${escapeHtml(i.company || i.custno)}</td>` +
        `<td class="money">${usd(i.cents)}</td><td><a href="/demo/shop/pay/${encodeURIComponent(i.invno)}">Pay invoice ${escapeHtml(i.invno)}</a></td></tr>`,
    )
    .join('');
  return page(
    'Demo Company: pay an invoice',
    `<h1>Demo Company: pay an invoice</h1>
<p class="note">The demo merchant's customer portal. Paying sends you to the PayTrace sandbox checkout page; the card never
touches Settle. Settle then picks the payment up from PayTrace and writes the cash receipt in
<a href="${escapeHtml(sageProPath)}">the Sage Pro company</a> within seconds.</p>
${rows ? `<table><thead><tr><th>Invoice</th><th>Customer</th><th>Balance</th><th></th></tr></thead><tbody>${rows}</tbody></table>` : '<p>No open invoice to pay right now.</p>'}`,
  );
}

export interface PaidPage {
  invno: string;
  cents: number;
  transactionId: number;
  approved: boolean;
  statusMessage: string;
  sageProPath: string;
}

export function paidPage(p: PaidPage): string {
  const title = p.approved ? `Paid ${usd(p.cents)} on invoice ${p.invno}` : `Payment declined for invoice ${p.invno}`;
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p>PayTrace transaction <strong data-testid="transaction-id">${p.transactionId}</strong>: ${escapeHtml(p.statusMessage)}</p>
<p>Settle writes it to Sage Pro as cash receipt <code>PT${p.transactionId}</code>.
<a href="${escapeHtml(p.sageProPath)}">Watch it land in the Sage Pro company</a> (sign in as the demo user), or
<a href="/demo/shop">pay another invoice</a>.</p>`,
  );
}

export function problemPage(message: string): string {
  return page('Demo shop', `<h1>Demo shop</h1><p role="alert">${escapeHtml(message)}</p><p><a href="/demo/shop">Back to the open invoices</a></p>`);
}
