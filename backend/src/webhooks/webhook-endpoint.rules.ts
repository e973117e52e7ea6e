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
 * settle_events: a Standard Webhooks secret (`whsec_` + base64 of the key bytes). shopify_orders:
 * Shopify's "webhook signing secret" is a plain shared string that is pasted into Shopify as it is.
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

export const newEndpointRules = z.object({
  integrationId: z.uuid('must be the id of an integration'),
  format: z.enum(WEBHOOK_FORMATS, `must be one of ${WEBHOOK_FORMATS.join(', ')}`),
  name: z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
});

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
