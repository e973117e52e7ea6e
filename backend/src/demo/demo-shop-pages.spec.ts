import { describe, expect, it } from 'vitest';
import { agreedCents, checkoutUrl, isInvoiceNumber, paidPage, shopPage, usd } from './demo-shop-pages.js';

describe('demo shop pages', () => {
  it('shows cents as dollars from the digits', () => {
    expect(usd(5)).toBe('$0.05');
    expect(usd(123_450)).toBe('$1,234.50');
    expect(usd(100_000_000)).toBe('$1,000,000.00');
  });

  it('sends the buyer to the sandbox checkout with the amount in dollars and the return URL', () => {
    const url = new URL(checkoutUrl('http://h:1/sandbox/paytrace', 'ck_1', 123_405, 'http://h:1/demo/shop/paid/1001?cents=123405'));
    expect(url.pathname).toBe('/sandbox/paytrace/checkout');
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_key: 'ck_1', amount: '1234.05', return_url: 'http://h:1/demo/shop/paid/1001?cents=123405' });
  });

  it('takes back only whole positive cents and plain invoice numbers', () => {
    expect(agreedCents('12345')).toBe(12_345);
    for (const bad of ['0', '-1', '1.5', '1e3', '', undefined, '1234567890']) expect(agreedCents(bad)).toBeNull();
    expect(isInvoiceNumber('1001')).toBe(true);
    expect(isInvoiceNumber('1001<script>')).toBe(false);
    expect(isInvoiceNumber('12345678901')).toBe(false);
  });

  it('escapes what comes from Sage Pro and links each invoice to its payment', () => {
    const page = shopPage([{ invno: '1001', custno: 'C1', cents: 2_500, company: 'Smith & <Sons>' }], '/connections/sagepro/x');
    expect(page).toContain('Smith &amp; &lt;Sons&gt;');
    expect(page).toContain('<a href="/demo/shop/pay/1001">Pay invoice 1001</a>');
    expect(page).toContain('$25.00');
    expect(shopPage([], '/p')).toContain('No open invoice');
  });

  it('names the transaction and the receipt reference it becomes', () => {
    const page = paidPage({ invno: '1001', cents: 2_500, transactionId: 42, approved: true, statusMessage: 'Approved', sageProPath: '/connections/sagepro/x' });
    expect(page).toContain('Paid $25.00 on invoice 1001');
    expect(page).toContain('<strong data-testid="transaction-id">42</strong>');
    expect(page).toContain('PT42');
    expect(paidPage({ invno: '1001', cents: 29, transactionId: 43, approved: false, statusMessage: 'EXPIRED CARD', sageProPath: '/' })).toContain('Payment declined for invoice 1001');
  });
});
