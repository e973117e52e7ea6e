import { z } from 'zod';
import { emailRule } from '../../auth/auth.rules.js';
import { ALERT_KINDS } from './alert-signal.js';

export const CHANNEL_KINDS = ['email', 'webhook'] as const;
export type AlertChannelKindName = (typeof CHANNEL_KINDS)[number];

const name = z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters');
const webhookUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2_000, 'must be at most 2000 characters');

/** A new channel: an email address, or the URL of a Slack-compatible incoming webhook. */
export const newChannelRules = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('email'), name, target: emailRule }),
  z.object({ kind: z.literal('webhook'), name, target: z.string().trim().pipe(webhookUrl) }),
]);
export type NewChannel = z.infer<typeof newChannelRules>;

const thresholdPercent = z.number().int().min(1, 'must be 1 to 100').max(100, 'must be 1 to 100');
const windowMinutes = z.number().int().min(1, 'must be 1 to 1440').max(1_440, 'must be 1 to 1440 (one day)');
const waitMinutes = z.number().int().min(1, 'must be 1 to 10080').max(10_080, 'must be 1 to 10080 (one week)');

/**
 * A rule: failure_rate needs its threshold and window, manual_review_waiting its wait; other kinds
 * alert on every occurrence and take no numbers (a number there would be a misunderstanding).
 */
export const ruleRules = z
  .object({
    kind: z.enum(ALERT_KINDS),
    enabled: z.boolean(),
    thresholdPercent: thresholdPercent.nullish(),
    windowMinutes: windowMinutes.nullish(),
    waitMinutes: waitMinutes.nullish(),
  })
  .superRefine((rule, context) => {
    const needs: Record<string, readonly ('thresholdPercent' | 'windowMinutes' | 'waitMinutes')[]> = {
      failure_rate: ['thresholdPercent', 'windowMinutes'],
      manual_review_waiting: ['waitMinutes'],
    };
    const needed = needs[rule.kind] ?? [];
    for (const field of ['thresholdPercent', 'windowMinutes', 'waitMinutes'] as const) {
      const given = rule[field] !== null && rule[field] !== undefined;
      if (needed.includes(field) && !given) context.addIssue({ code: 'custom', path: [field], message: `is required for ${rule.kind}` });
      if (!needed.includes(field) && given) context.addIssue({ code: 'custom', path: [field], message: `does not apply to ${rule.kind}` });
    }
  })
  .transform((rule) => ({
    kind: rule.kind,
    enabled: rule.enabled,
    thresholdPercent: rule.thresholdPercent ?? null,
    windowMinutes: rule.windowMinutes ?? null,
    waitMinutes: rule.waitMinutes ?? null,
  }));
export type RuleValues = z.infer<typeof ruleRules>;

/**
 * What the API shows of a channel's target. A Slack incoming-webhook URL is itself a credential (its
 * path is the token), so only its origin and last characters are shown, like other secrets' hints.
 */
export function displayTarget(kind: AlertChannelKindName, target: string): string {
  if (kind === 'email') return target;
  try {
    const url = new URL(target);
    const rest = `${url.pathname}${url.search}`;
    return rest.length > 1 ? `${url.origin}/…${rest.slice(-4)}` : url.origin;
  } catch {
    return '…';
  }
}
