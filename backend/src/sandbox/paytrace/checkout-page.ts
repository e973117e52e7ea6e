/**
 * The sandbox's stand-in for a Protect.js checkout: a self-contained page whose card form talks only
 * to the sandbox (POST protect/tokenize) and then posts nothing but `hpf_token` and `enc_key` to the
 * merchant's return_url. The card inputs have no `name`, so the browser can never submit them.
 */
import { formatDollars } from './money.js';

export interface CheckoutPage {
  merchantName: string;
  clientKey: string;
  amountCents: number;
  returnUrl: string;
  nonce: string;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Only the page's own script runs; it may call the sandbox; its form may only go to the return_url's origin. */
export function checkoutPolicy(page: Pick<CheckoutPage, 'nonce' | 'returnUrl'>): string {
  const target = new URL(page.returnUrl).origin;
  return `default-src 'none'; script-src 'nonce-${page.nonce}'; style-src 'nonce-${page.nonce}'; connect-src 'self'; form-action ${target}; base-uri 'none'`;
}

export function renderCheckoutPage(page: CheckoutPage): string {
  const config = JSON.stringify({ clientKey: page.clientKey, returnUrl: page.returnUrl }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pay ${escapeHtml(page.merchantName)} (PayTrace sandbox)</title>
<style nonce="${page.nonce}">
  body { font-family: system-ui, sans-serif; max-width: 26rem; margin: 3rem auto; padding: 0 1rem; color: #1f2933; }
  label { display: block; margin-top: .8rem; font-size: .9rem; }
  input { width: 100%; padding: .5rem; font-size: 1rem; box-sizing: border-box; }
  .row { display: flex; gap: .5rem; } .row label { flex: 1; }
  button { margin-top: 1.2rem; width: 100%; padding: .7rem; font-size: 1rem; }
  #errors { color: #b42318; min-height: 1.2rem; margin-top: .8rem; }
  .note { color: #667085; font-size: .8rem; }
</style>
</head>
<body>
<h1>Pay $${escapeHtml(formatDollars(page.amountCents))}</h1>
<p>to ${escapeHtml(page.merchantName)}</p>
<form id="pt_hpf_form" autocomplete="off">
  <label>Card number <input id="number" inputmode="numeric" autocomplete="cc-number" required></label>
  <div class="row">
    <label>Month <input id="expiration_month" inputmode="numeric" placeholder="MM" required></label>
    <label>Year <input id="expiration_year" inputmode="numeric" placeholder="YYYY" required></label>
    <label>CSC <input id="csc" inputmode="numeric"></label>
  </div>
  <button type="submit">Pay</button>
  <div id="errors" role="alert"></div>
</form>
<p class="note">PayTrace sandbox: try 4111111111111111, any future expiry. The card goes to the sandbox only.</p>
<script type="application/json" id="config">${config}</script>
<script nonce="${page.nonce}">
  const config = JSON.parse(document.getElementById('config').textContent);
  const value = (id) => document.getElementById(id).value.trim();
  document.getElementById('pt_hpf_form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const errors = document.getElementById('errors');
    errors.textContent = '';
    const response = await fetch('protect/tokenize', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_key: config.clientKey,
        credit_card: { number: value('number'), expiration_month: value('expiration_month'), expiration_year: value('expiration_year') },
        csc: value('csc'),
      }),
    });
    const result = await response.json().catch(() => ({}));
    if (!response.ok) {
      errors.textContent = Object.values(result.errors ?? {}).flat().join(' ') || result.error_description || 'The card could not be read.';
      return;
    }
    const post = document.createElement('form');
    post.method = 'POST';
    post.action = config.returnUrl;
    for (const name of ['hpf_token', 'enc_key']) {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = result[name];
      post.append(input);
    }
    document.body.append(post);
    post.submit();
  });
</script>
</body>
</html>
`;
}
