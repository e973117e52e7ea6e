export const FORMAT_CHOICES = [
  { id: 'settle_events', name: 'Settle payment events (Standard Webhooks)' },
  { id: 'shopify_orders', name: 'Shopify orders (HMAC signed)' },
];

export const formatLabel = (format: string) => FORMAT_CHOICES.find(f => f.id === format)?.name ?? format;

/** Shopify signs with a secret only Shopify issues, so the tenant brings it; Settle generates the rest. */
export const bringsOwnSecret = (format: string | undefined) => format === 'shopify_orders';

/** Where a merchant finds the secret their store signs webhooks with (the create and rotate fields' help). */
export const SHOPIFY_SECRET_HELP = 'Shopify admin → Settings → Notifications → Webhooks: “Your webhooks will be signed with …” (or your Shopify app’s client secret)';

/** Who signs with which secret. */
export const signingNote = (format: string | undefined) =>
  bringsOwnSecret(format)
    ? 'Shopify signs each order webhook (X-Shopify-Hmac-Sha256) with your store’s signing secret: paste it below so Settle can verify them. '
      + 'Settle keeps it encrypted and never shows it again. Then add the endpoint’s URL in Shopify as an “Order creation” webhook in JSON format.'
    : 'Settle issues a Standard Webhooks secret (whsec_…), shown once: the sender signs webhook-id, webhook-timestamp and the body with it.';
