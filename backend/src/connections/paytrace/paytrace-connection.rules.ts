import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { timeZoneRule } from '../../platform/time-zone.js';

export const PAYTRACE_PRODUCTION_URL = 'https://api.paytrace.com';
export const ENVIRONMENTS = ['sandbox', 'production', 'custom'] as const;
export type PayTraceEnvironmentName = (typeof ENVIRONMENTS)[number];

/** Stored as the base URL of sandbox connections: resolved at call time to wherever Settle listens. */
export const BUILT_IN_SANDBOX_URL = 'settle:sandbox/paytrace';

const timeZone = timeZoneRule;

const baseUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .transform((url) => url.replace(/\/+$/, ''));

const settings = {
  name: z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
  timeZone,
  pollIntervalSeconds: z.number().int().min(5, 'must be at least 5').max(3600, 'must be at most 3600'),
  rateLimitPerMinute: z.number().int().min(1, 'must be at least 1').max(6000, 'must be at most 6000'),
};

const credentials = {
  username: z.string().trim().min(1, 'is required').max(100),
  password: z.string().min(1, 'is required').max(200),
  integratorId: z.string().trim().min(1, 'is required').max(40),
};

/** A new connection: the sandbox brings its own credentials, the others must be given. */
export const newConnectionRules = z.discriminatedUnion('environment', [
  z.object({ environment: z.literal('sandbox'), name: settings.name.default('PayTrace sandbox') }).extend({
    timeZone: timeZone.optional(),
    pollIntervalSeconds: settings.pollIntervalSeconds.optional(),
    rateLimitPerMinute: settings.rateLimitPerMinute.optional(),
  }),
  z.object({
    environment: z.literal('production'),
    name: settings.name.default('PayTrace'),
    ...credentials,
    timeZone: timeZone.optional(),
    pollIntervalSeconds: settings.pollIntervalSeconds.optional(),
    rateLimitPerMinute: settings.rateLimitPerMinute.optional(),
  }),
  z.object({
    environment: z.literal('custom'),
    name: settings.name.default('PayTrace'),
    baseUrl,
    ...credentials,
    timeZone: timeZone.optional(),
    pollIntervalSeconds: settings.pollIntervalSeconds.optional(),
    rateLimitPerMinute: settings.rateLimitPerMinute.optional(),
  }),
]);

export const connectionChangesRules = z.object({
  name: settings.name.optional(),
  baseUrl: baseUrl.optional(),
  username: credentials.username.optional(),
  password: credentials.password.optional(),
  integratorId: credentials.integratorId.optional(),
  timeZone: timeZone.optional(),
  pollIntervalSeconds: settings.pollIntervalSeconds.optional(),
  rateLimitPerMinute: settings.rateLimitPerMinute.optional(),
});

export function baseUrlFor(environment: PayTraceEnvironmentName, given?: string, productionUrl = PAYTRACE_PRODUCTION_URL): string {
  if (environment === 'sandbox') return BUILT_IN_SANDBOX_URL;
  if (environment === 'production') return productionUrl.replace(/\/+$/, '');
  return given!;
}

/** 192 random bits: the only thing protecting a notification URL, so it must not be guessable. */
export function newNotificationEndpointId(): string {
  return randomBytes(24).toString('base64url');
}

export function notificationUrl(publicUrl: string, endpointId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/notifications/paytrace/${endpointId}`;
}

/** How far behind the change feed is: the time since the last instant it has fully seen. */
export function feedLagSeconds(cursor: Date | null, now: Date): number | null {
  return cursor ? Math.max(0, Math.round((now.getTime() - cursor.getTime()) / 1000)) : null;
}
