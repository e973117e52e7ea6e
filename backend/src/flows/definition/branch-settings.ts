/**
 * What a flow's steps say about one branch (trigger) of one pair, with every setting they leave out
 * taken from the pair: the status map, GL rules, time zone, matching and unmatched policy. The
 * pipeline and the preview both read a flow through this, so a preview shows what a run would do.
 */
import type { GlAccounts } from '../../pipeline/workflows/posting-rules.js';
import type { PaymentStatus } from '../../sagepro/payment-status.js';
import type { PaymentEvent } from '../../pipeline/events/settle-event.js';
import { type GlChoice, glAccountFor, glFactsOf } from '../transformations/gl-accounts.js';
import { type MatchDefaults, toleranceOf } from '../transformations/reference-matching.js';
import { statusFor } from '../transformations/status-map.js';
import type { FlowDefinition, MatchConfig, PaymentTrigger, StepOf, StepType, TransformConfig, Trigger } from './flow-definition.js';

/** The pair's own settings: the integration's and its Sage Pro connection's. */
export interface PairSettings {
  matchWindowDays: number;
  unmatchedPolicy: 'manual_review' | 'payment_on_account';
  timeZone: string;
  gl: GlAccounts;
}

export interface BranchSettings {
  trigger: PaymentTrigger;
  timeZone: string;
  match: MatchConfig | undefined;
  matchDefaults: MatchDefaults;
  toleranceMinor: number;
  unmatched: PairSettings['unmatchedPolicy'];
  /** The transform step's field mappings (cash_receipt fields apply to payments). */
  mappings: TransformConfig['mappings'];
  /** A payment in another currency than its invoice's: refused (today's rule) or converted with the rate table. */
  currencyMode: 'refuse' | 'convert';
  /** The status the map writes for what a decision chose (Paid and Partly paid kept apart); null: none. */
  status(decided: PaymentStatus): PaymentStatus | null;
  /** The GL account for the event and the rule that chose it (`default:<trigger>`: the connection's). */
  gl(event: PaymentEvent): GlChoice | null;
  /** The account a rule of the flow chose, if one fired: else the connector posts as it always has. */
  ruledAccount(event: PaymentEvent): string | undefined;
}

/** The flow's steps of a type that apply to a branch, in order. */
export function stepsOn<T extends StepType>(definition: FlowDefinition, type: T, trigger: Trigger): StepOf<T>[] {
  return definition.steps.filter((step): step is StepOf<T> => step.type === type && (!step.on || step.on.includes(trigger)));
}

export function branchSettings(definition: FlowDefinition, trigger: PaymentTrigger, pair: PairSettings): BranchSettings {
  const match = stepsOn(definition, 'match', trigger)[0]?.config;
  const transform: TransformConfig | undefined = stepsOn(definition, 'transform', trigger)[0]?.config;
  const timeZone = transform?.timeZone ?? pair.timeZone;
  const gl = (event: PaymentEvent) => glAccountFor(glFactsOf(event), transform?.glRules, pair.gl);
  return {
    trigger,
    timeZone,
    match,
    matchDefaults: { referenceField: 'documentNumber', windowDays: pair.matchWindowDays, timeZone },
    toleranceMinor: toleranceOf(match),
    unmatched: match?.unmatched ?? pair.unmatchedPolicy,
    currencyMode: transform?.currency?.mode ?? 'refuse',
    mappings: transform?.mappings,
    status: (decided) => (transform?.statusMap ? statusFor(trigger, transform.statusMap, decided === 'partly_paid' ? 1 : 0) : decided),
    gl,
    ruledAccount: (event) => {
      const choice = gl(event);
      return choice && !choice.rule.startsWith('default:') ? choice.account : undefined;
    },
  };
}
