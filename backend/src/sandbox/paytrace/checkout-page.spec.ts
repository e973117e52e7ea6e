import { describe, expect, it } from 'vitest';
import { checkoutPolicy, renderCheckoutPage } from './checkout-page.js';

const page = { merchantName: 'Acme <Tools>', clientKey: 'ck_1', amountCents: 1999, returnUrl: 'https://settle.test/pay/return?x=1', nonce: 'n0nce' };

describe('checkout page', () => {
  it('shows the amount and escapes what it echoes', () => {
    const html = renderCheckoutPage(page);
    expect(html).toContain('Pay $19.99');
    expect(html).toContain('Acme &lt;Tools&gt;');
    expect(html).not.toContain('Acme <Tools>');
  });

  it('names no card input, so the browser never posts the card to the return_url', () => {
    const html = renderCheckoutPage(page);
    expect(html).not.toMatch(/<input[^>]*\bname=/);
    expect(html).toContain("['hpf_token', 'enc_key']");
  });

  it('cannot be broken out of by a hostile return_url', () => {
    const html = renderCheckoutPage({ ...page, returnUrl: 'https://evil.test/</script><script>alert(1)</script>' });
    expect(html).not.toContain('</script><script>alert(1)');
  });

  it('lets the form go only to the return_url origin', () => {
    expect(checkoutPolicy(page)).toContain('form-action https://settle.test;');
    expect(checkoutPolicy(page)).toContain("script-src 'nonce-n0nce'");
  });
});
