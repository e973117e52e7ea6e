import { randomBytes } from 'node:crypto';
import { z } from 'zod';

export const WEBHOOK_FORMATS = ['shopify_orders', 'settle_events'] as const;
export type WebhookFormatName = (typeof WEBHOOK_FORMATS)[number];

/** `we_` and 192 random bits: the URL is all an unauthenticated sender names, so it must not be guessable. */
export function newEndpointId(): string {
  return `we_${randomBytes(24).toString('base64url')}`;
}

/** What a URL's last segment must look like before the database is asked about it. */
export const ENDPOINT_ID_PATTERN = /^we_[A-Za-z0-9_-]{32}$/;

/**
 * settle_events: a Standard Webhooks secret (`whsec_` + base64 of the key bytes). shopify_orders, when
 * the tenant brings none (a relay that signs as Shopify does): a plain shared string, used as it is.
 */
export function newSigningSecret(format: WebhookFormatName): string {
  return format === 'settle_events' ? `whsec_${randomBytes(24).toString('base64')}` : randomBytes(32).toString('hex');
}

/** The last four characters, enough to tell which secret a sender has without revealing it. */
export function secretHint(secret: string): string {
  return secret.slice(-4);
}

export function endpointUrl(publicUrl: string, endpointId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/webhooks/${endpointId}`;
}

export const SUPPLIED_SECRET_MIN = 16;
export const SUPPLIED_SECRET_MAX = 256;

/**
 * A signing secret the tenant brings. Shopify signs with a secret only Shopify issues (the store's
 * webhook signing key, or the app's client secret), so Settle verifies with that one. Shopify's are 32
 * to 64 ASCII characters; whitespace is refused rather than trimmed, so the stored key is exactly the
 * one pasted. Messages never repeat the value.
 */
export const suppliedSigningSecret = z
  .string('must be a string')
  .min(SUPPLIED_SECRET_MIN, `must be at least ${SUPPLIED_SECRET_MIN} characters`)
  .max(SUPPLIED_SECRET_MAX, `must be at most ${SUPPLIED_SECRET_MAX} characters`)
  .regex(/^[\x21-\x7E]+$/, 'must be the secret alone: no spaces, line breaks or non-ASCII characters');

/** settle_events keeps Settle's own `whsec_` secrets: any Standard Webhooks library signs with one. */
function onlyShopifyTakesASecret(value: { format: WebhookFormatName; signingSecret?: string }, ctx: z.RefinementCtx): void {
  if (value.signingSecret !== undefined && value.format !== 'shopify_orders') {
    ctx.addIssue({ code: 'custom', path: ['signingSecret'], message: 'Settle generates the Standard Webhooks secret of a settle_events endpoint; leave it out' });
  }
}

const formatRule = z.enum(WEBHOOK_FORMATS, `must be one of ${WEBHOOK_FORMATS.join(', ')}`);
/** GraphQL sends an absent optional argument as null. */
const optionalSecret = suppliedSigningSecret.nullish().transform((secret) => secret ?? undefined);

export const newEndpointRules = z
  .object({
    integrationId: z.uuid('must be the id of an integration'),
    format: formatRule,
    name: z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
    signingSecret: optionalSecret,
  })
  .superRefine(onlyShopifyTakesASecret);

export const rotationRules = z.object({ format: formatRule, signingSecret: optionalSecret }).superRefine(onlyShopifyTakesASecret);

/** The secret an endpoint verifies with from now on: the one supplied, else a new one of Settle's. */
export function chooseSigningSecret(format: WebhookFormatName, supplied: string | undefined): { secret: string; supplied: boolean } {
  return supplied === undefined ? { secret: newSigningSecret(format), supplied: false } : { secret: supplied, supplied: true };
}

/** When the secret a rotation replaces stops verifying; with no grace, at once. */
export function previousSecretExpiry(rotatedAt: Date, graceHours: number): Date {
  return new Date(rotatedAt.getTime() + graceHours * 3_600_000);
}

/** The secrets a delivery may be signed with now: the current one, and the previous one until it expires. */
export function activeSecrets(endpoint: { secret: string; previousSecret: string | null; previousSecretExpiresAt: Date | null }, now: Date): string[] {
  const previousValid = endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now;
  return previousValid ? [endpoint.secret, endpoint.previousSecret!] : [endpoint.secret];
}

/** last_delivery_at is a hint for people, not a log: written at most this often per endpoint and process. */
export const DELIVERY_RECORD_INTERVAL_MS = 60_000;

export function isDeliveryRecordDue(lastRecordedAt: number | undefined, now: number): boolean {
  return lastRecordedAt === undefined || now - lastRecordedAt >= DELIVERY_RECORD_INTERVAL_MS;
}
