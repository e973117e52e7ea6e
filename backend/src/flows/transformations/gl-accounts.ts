/**
 * GL account determination: a flow's ordered rules pick the account a payment posts to; the first
 * rule whose every condition holds wins, and when none does the connection's account for the trigger
 * applies (posting-rules.ts glAccountFor), so a flow without rules posts exactly as before flows.
 * The rule that decided is returned to be recorded on the event's timeline.
 *
 * Declined and settled payments move no money in Sage Pro: they have no account, whatever the rules.
 */
import type { PaymentEvent } from '../../pipeline/events/settle-event.js';
import { type GlAccounts, glAccountFor as connectionAccountFor } from '../../pipeline/workflows/posting-rules.js';
import type { GlRule, PaymentTrigger } from '../definition/flow-definition.js';
import { triggerOf } from './status-map.js';

/** What the rules can look at. A fact the source does not give is left out, and a rule naming it does not fire. */
export interface GlFacts {
  trigger: PaymentTrigger;
  /**
   * The card brand, e.g. 'VISA', 'MASTERCARD', 'AMEX' (PayTrace's batch brands). PayTrace's exports
   * give only a masked number, so today's events carry none.
   */
  cardBrand?: string;
  /** The product lines or categories of the order's items (Sage Pro icitem.plinid): any one counts. */
  productLines?: readonly string[];
  /** The customer's class (Sage Pro arcust.type, C(8)). */
  customerClass?: string;
  /** Minor units of `currency`. */
  amountMinor: number;
  currency: string;
}

export interface GlChoice {
  account: string;
  /** The id of the rule that fired, or 'default:<trigger>' for the connection's account. */
  rule: string;
}

const POSTING_TRIGGERS: ReadonlySet<PaymentTrigger> = new Set(['approved', 'refunded', 'voided', 'charged_back']);

/** The facts of a payment event; what the event does not carry (brand, items, class) comes from the caller. */
export function glFactsOf(event: PaymentEvent, extra: Pick<GlFacts, 'cardBrand' | 'productLines' | 'customerClass'> = {}): GlFacts {
  return { trigger: triggerOf(event.type), amountMinor: event.amountMinor, currency: event.currency, ...extra };
}

export function glAccountFor(facts: GlFacts, rules: readonly GlRule[] | undefined, fallback: GlAccounts): GlChoice | null {
  if (!POSTING_TRIGGERS.has(facts.trigger)) return null;
  const fired = rules?.find((rule) => holds(rule.when, facts));
  if (fired) return { account: fired.account.trim(), rule: fired.id };
  const account = connectionAccountFor(`payment.${facts.trigger}`, fallback);
  return account === null ? null : { account, rule: `default:${facts.trigger}` };
}

/** Codes are compared as Sage Pro keys: trimmed and case-insensitive ('Visa' is 'VISA'). */
const key = (value: string) => value.trim().toUpperCase();
const among = (wanted: readonly string[], value: string | undefined) => value !== undefined && wanted.some((w) => key(w) === key(value));

function holds(when: GlRule['when'], facts: GlFacts): boolean {
  if (when.triggers && !when.triggers.includes(facts.trigger)) return false;
  if (when.cardBrands && !among(when.cardBrands, facts.cardBrand)) return false;
  if (when.productLines && !facts.productLines?.some((line) => among(when.productLines!, line))) return false;
  if (when.customerClasses && !among(when.customerClasses, facts.customerClass)) return false;
  if (when.currencies && !among(when.currencies, facts.currency)) return false;
  if (when.amount?.atLeast !== undefined && facts.amountMinor < when.amount.atLeast) return false;
  if (when.amount?.atMost !== undefined && facts.amountMinor > when.amount.atMost) return false;
  return true;
}

export interface GlAccountProblem {
  ruleId: string;
  account: string;
  message: string;
}

/**
 * The rules whose account is not in the company's chart (glacnt, trimmed as listGlAccounts gives it):
 * checked when a version is published, so a typo never reaches a posting. Pass the active accounts
 * to refuse inactive ones too.
 */
export function checkGlAccounts(rules: readonly GlRule[] | undefined, chart: ReadonlySet<string>): GlAccountProblem[] {
  return (rules ?? [])
    .filter((rule) => !chart.has(rule.account.trim()))
    .map((rule) => ({ ruleId: rule.id, account: rule.account.trim(), message: `GL rule "${rule.id}" posts to ${rule.account.trim()}, which is not in the company's chart of accounts` }));
}
