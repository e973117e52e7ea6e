/**
 * A flow: what happens to one kind of trigger in one integration pair, as data. A version of a flow is
 * an immutable copy of this definition; the pipeline runs the version published to the pair's
 * environment, and the designer (a canvas of these steps) edits a draft of it.
 *
 * Every setting a step leaves out is inherited from the pair (integration and Sage Pro connection
 * settings), so the default flows (default-flows.ts) are nearly empty and behave exactly as Settle
 * did before flows existed, and a change to a pair's settings still reaches a flow that never set it.
 */
import { z } from 'zod';

export const ENVIRONMENTS = ['dev', 'qa', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

export const FLOW_KINDS = ['payment_sync', 'order_to_cash'] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

/** The triggers of each kind: a payment sync's branches are its PayTrace outcomes. */
export const TRIGGERS = {
  payment_sync: ['approved', 'declined', 'refunded', 'voided', 'charged_back', 'settled'],
  order_to_cash: ['order_created'],
} as const satisfies Record<FlowKind, readonly string[]>;
export type PaymentTrigger = (typeof TRIGGERS.payment_sync)[number];
export type Trigger = (typeof TRIGGERS)[FlowKind][number];

/** Sage Pro payment statuses a status map may name (sagepro/payment-status.ts). */
export const SAGE_PAYMENT_STATUSES = ['paid', 'partly_paid', 'failed', 'refunded', 'voided', 'charged_back'] as const;

const stepId = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be 1–40 of a-z, 0-9, _ and -, starting with a letter');
const expression = z.string().min(1).max(4000);

// ---- field mappings: one rule per target field of a Sage Pro record ----

/** The Sage Pro records a flow writes, each a table (or a part of one) of the connector's writes. */
export const TARGET_RECORDS = ['cash_receipt', 'invoice_status', 'customer', 'sales_order', 'sales_order_line', 'gl_distribution'] as const;
export type TargetRecord = (typeof TARGET_RECORDS)[number];

export const mappingRule = z.discriminatedUnion('kind', [
  /** A dotted path into the source ('customer.email', 'lines[0].sku'): compiled to a direct accessor. */
  z.object({ kind: z.literal('path'), path: z.string().min(1).max(400) }),
  z.object({ kind: z.literal('constant'), value: z.union([z.string().max(4000), z.number().int(), z.boolean(), z.null()]) }),
  /** A table of values keyed by what a path holds ('VISA' → '1100'), with a value when none matches. */
  z.object({ kind: z.literal('lookup'), path: z.string().min(1).max(400), table: z.record(z.string().max(200), z.string().max(4000)), otherwise: z.string().max(4000).nullable() }),
  z.object({ kind: z.literal('expression'), expression }),
]);
export type MappingRule = z.infer<typeof mappingRule>;

/** target record → Sage Pro field (lower case, as in field-rules.ts) → its rule. Unmapped: Settle's default. */
export const fieldMappings = z.partialRecord(z.enum(TARGET_RECORDS), z.record(z.string().regex(/^[a-z][a-z0-9_]{0,19}$/), mappingRule));
export type FieldMappings = z.infer<typeof fieldMappings>;

// ---- built-in transformations ----

/** Which Sage Pro status each trigger writes; leave one out and the default applies (status-map.ts). */
export const statusMap = z.partialRecord(z.enum(TRIGGERS.payment_sync), z.enum(SAGE_PAYMENT_STATUSES).nullable());
export type StatusMap = z.infer<typeof statusMap>;

const minor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code');

/** One GL rule: every condition it names must hold; the first rule that holds gives the account. */
export const glRule = z.object({
  id: stepId,
  when: z
    .object({
      triggers: z.array(z.enum(TRIGGERS.payment_sync)).min(1).optional(),
      cardBrands: z.array(z.string().min(1).max(20)).min(1).optional(),
      productLines: z.array(z.string().min(1).max(20)).min(1).optional(),
      customerClasses: z.array(z.string().min(1).max(8)).min(1).optional(),
      currencies: z.array(currencyCode).min(1).optional(),
      /** Inclusive minor units of the payment's currency. */
      amount: z.object({ atLeast: minor.optional(), atMost: minor.optional() }).optional(),
    })
    .strict(),
  account: z.string().trim().min(1).max(24, 'must be at most 24 characters (glacnt)'),
});
export type GlRule = z.infer<typeof glRule>;

/** Where a payment's reference is read from and which Sage Pro key it is compared with. */
export const referenceRule = z.object({
  source: z.string().min(1).max(400).default('documentNumber'),
  /** A regular expression whose first group (or whole match) is the reference, e.g. 'INV-(\\d+)'. */
  extract: z.string().min(1).max(200).optional(),
  target: z.enum(['invoice_number', 'order_number', 'po_number']),
});
export type ReferenceRule = z.infer<typeof referenceRule>;

export const matchConfig = z
  .object({
    /** Tried in order; the first that finds exactly one open invoice wins. */
    references: z.array(referenceRule).min(1).max(10).optional(),
    /** The customer + amount + date fallback; null turns it off. */
    customerAmount: z.object({ windowDays: z.number().int().min(0).max(365), toleranceMinor: minor.max(100_000) }).nullable().optional(),
    unmatched: z.enum(['manual_review', 'payment_on_account']).optional(),
  })
  .strict();
export type MatchConfig = z.infer<typeof matchConfig>;

export const transformConfig = z
  .object({
    statusMap: statusMap.optional(),
    /** A payment in another currency than the books': refused (today's rule) or converted with the rate table. */
    currency: z.object({ mode: z.enum(['refuse', 'convert']) }).strict().optional(),
    /** Ordered GL rules; none that fires → the connection's account for the trigger. */
    glRules: z.array(glRule).max(100).optional(),
    /** The time zone Sage Pro dates are taken in; default: the PayTrace connection's. */
    timeZone: z.string().min(1).max(64).optional(),
    mappings: fieldMappings.optional(),
  })
  .strict();
export type TransformConfig = z.infer<typeof transformConfig>;

export const filterConfig = z
  .object({
    /** A JSONata expression over the event: true lets it through. */
    condition: expression,
    /** What happens to an event the condition stops. */
    otherwise: z.enum(['ignore', 'review']),
    reason: z.string().min(1).max(200),
  })
  .strict();

export const writeConfig = z.object({ statusOnOrder: z.boolean().optional(), statusOnInvoice: z.boolean().optional() }).strict();
export const notifyConfig = z.object({ triggers: z.array(z.enum(TRIGGERS.payment_sync)).min(1), message: z.string().min(1).max(500).optional() }).strict();

const stepBase = {
  id: stepId,
  name: z.string().trim().min(1).max(80).optional(),
  /** The triggers (branches) the step applies to; all when left out. */
  on: z.array(z.string()).min(1).optional(),
};

export const flowStep = z.discriminatedUnion('type', [
  z.object({ ...stepBase, type: z.literal('trigger'), config: z.object({ triggers: z.array(z.string()).min(1) }).strict() }),
  z.object({ ...stepBase, type: z.literal('filter'), config: filterConfig }),
  z.object({ ...stepBase, type: z.literal('match'), config: matchConfig }),
  z.object({ ...stepBase, type: z.literal('transform'), config: transformConfig }),
  z.object({ ...stepBase, type: z.literal('validate'), config: z.object({}).strict() }),
  z.object({ ...stepBase, type: z.literal('write'), config: writeConfig }),
  z.object({ ...stepBase, type: z.literal('notify'), config: notifyConfig }),
]);
export type FlowStep = z.infer<typeof flowStep>;
export type StepType = FlowStep['type'];
export type StepOf<T extends StepType> = Extract<FlowStep, { type: T }>;

/** The order steps run in; filters and notifications may be added, removed and moved among their kind. */
export const STEP_ORDER: readonly StepType[] = ['trigger', 'filter', 'match', 'transform', 'validate', 'write', 'notify'];
/** Steps every flow has exactly once. */
export const REQUIRED_STEPS: readonly StepType[] = ['trigger', 'match', 'transform', 'validate', 'write'];

export const flowDefinition = z
  .object({
    kind: z.enum(FLOW_KINDS),
    steps: z.array(flowStep).min(1).max(40),
  })
  .strict();
export type FlowDefinition = z.infer<typeof flowDefinition>;

/** The first step of a type, if the flow has one. */
export function stepOf<T extends StepType>(definition: FlowDefinition, type: T): StepOf<T> | undefined {
  return definition.steps.find((step): step is StepOf<T> => step.type === type);
}
