import { z } from 'zod';
import { ENVIRONMENTS } from '../../flows/definition/flow-definition.js';

/** Which PayTrace field carries the Sage Pro invoice or order number. */
export const REFERENCE_FIELDS = ['invoice_id', 'customer_reference_id', 'description'] as const;
export type ReferenceField = (typeof REFERENCE_FIELDS)[number];

/** What happens to a payment no invoice matches: a person places it, or it goes on account. */
export const UNMATCHED_POLICIES = ['manual_review', 'payment_on_account'] as const;
export type UnmatchedPolicy = (typeof UNMATCHED_POLICIES)[number];

const connectionId = z.uuid('must be the id of a connection');

const settings = {
  name: z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
  referenceField: z.enum(REFERENCE_FIELDS, `must be one of ${REFERENCE_FIELDS.join(', ')}`),
  unmatchedPolicy: z.enum(UNMATCHED_POLICIES, `must be one of ${UNMATCHED_POLICIES.join(', ')}`),
  matchWindowDays: z.number().int().min(0, 'must be at least 0').max(90, 'must be at most 90'),
  // iciloc.loctid is six characters wide.
  orderLocation: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(6, 'must be at most 6 characters (a Sage Pro location id)')
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a Sage Pro location id such as MAIN'),
  enabled: z.boolean(),
  environment: z.enum(ENVIRONMENTS, `must be one of ${ENVIRONMENTS.join(', ')}`),
};

/** A new integration: the Sage Pro company is required; PayTrace may be paired later. */
export const newIntegrationRules = z.object({
  name: settings.name,
  payTraceConnectionId: connectionId.optional(),
  sageProConnectionId: connectionId,
  referenceField: settings.referenceField.default('invoice_id'),
  unmatchedPolicy: settings.unmatchedPolicy.default('manual_review'),
  matchWindowDays: settings.matchWindowDays.default(7),
  orderLocation: settings.orderLocation.default('MAIN'),
  enabled: settings.enabled.default(true),
  environment: settings.environment.default('prod'),
});
export type NewIntegration = z.infer<typeof newIntegrationRules>;

export const integrationChangesRules = z.object({
  name: settings.name.optional(),
  payTraceConnectionId: connectionId.optional(),
  sageProConnectionId: connectionId.optional(),
  referenceField: settings.referenceField.optional(),
  unmatchedPolicy: settings.unmatchedPolicy.optional(),
  matchWindowDays: settings.matchWindowDays.optional(),
  orderLocation: settings.orderLocation.optional(),
  enabled: settings.enabled.optional(),
  environment: settings.environment.optional(),
});
export type IntegrationChanges = z.infer<typeof integrationChangesRules>;

/**
 * A PayTrace account feeds exactly one integration, or its payments would be posted twice. Returns why
 * `integrationId` (undefined for a new one) may not take the connection, or null when it may.
 */
export function payTraceConnectionConflict(owner: { id: string; name: string } | null, integrationId?: string): string | null {
  if (!owner || owner.id === integrationId) return null;
  return alreadyPaired(owner.name);
}

export function alreadyPaired(ownerName?: string): string {
  const owner = ownerName ? `the integration "${ownerName}"` : 'another integration';
  return `is already paired in ${owner}; a PayTrace connection feeds one integration only`;
}

/**
 * What to do with an integration's held events (those waiting while it is paused) when it, or a
 * connection it uses, is deleted: post them first (the integration is resumed, nothing is deleted), or
 * discard them (they are ignored, and the deletion goes ahead).
 */
export const HELD_EVENTS_CHOICES = ['PROCESS_FIRST', 'DISCARD'] as const;
export type HeldEventsChoice = (typeof HELD_EVENTS_CHOICES)[number];

export type HeldEventsVerdict = { kind: 'delete' } | { kind: 'discard_then_delete' } | { kind: 'resume_instead' } | { kind: 'ask'; message: string };

/** A deletion with held events goes ahead only on an explicit choice; without one, the caller is asked. */
export function heldEventsVerdict(held: number, choice: HeldEventsChoice | null | undefined): HeldEventsVerdict {
  if (held === 0) return { kind: 'delete' };
  if (choice === 'DISCARD') return { kind: 'discard_then_delete' };
  if (choice === 'PROCESS_FIRST') return { kind: 'resume_instead' };
  const events = held === 1 ? '1 event is' : `${held} events are`;
  return {
    kind: 'ask',
    message: `${events} held while the integration is paused and may carry money; choose PROCESS_FIRST (resume it so they are posted to Sage Pro; nothing is deleted) or DISCARD (they are ignored and it is deleted)`,
  };
}
