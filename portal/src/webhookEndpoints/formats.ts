export const FORMAT_CHOICES = [
  { id: 'settle_events', name: 'Settle payment events (Standard Webhooks)' },
  { id: 'shopify_orders', name: 'Shopify orders (HMAC signed)' },
];

export const formatLabel = (format: string) => FORMAT_CHOICES.find(f => f.id === format)?.name ?? format;

/**
 * Who signs with which secret. Settle issues every endpoint's secret (the API takes none): a Shopify
 * store's own webhooks are signed with the app's client secret or the store's signing secret, which
 * Settle cannot verify, so Shopify orders come through the app or relay that is given this secret.
 */
export const signingNote = (format: string | undefined) =>
  format === 'shopify_orders'
    ? 'Settle issues the signing secret, shown once. Give it to the Shopify app or relay that forwards the shop\'s orders/create webhooks: '
      + 'it signs each body as Shopify does (X-Shopify-Hmac-Sha256). Shopify\'s own signing secret cannot be entered here.'
    : 'Settle issues a Standard Webhooks secret (whsec_…), shown once: the sender signs webhook-id, webhook-timestamp and the body with it.';
