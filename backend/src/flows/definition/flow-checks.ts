/**
 * Whether a flow definition can run: its shape (the zod schema), then the rules a canvas cannot show
 * by shape alone: step order, one of each required step, branches the trigger has, GL accounts in the
 * company's chart. Every problem names where it is (`steps[3].config.glRules[0].account`), the step it
 * is in and, for expressions, the position, so the designer can show it on the step.
 */
import type { z } from 'zod';
import { compileMappings } from '../mappings/compile-mapping.js';
import { accountsNamedIn } from '../mappings/mapped-codes.js';
import { checkCondition } from '../transformations/flow-filter.js';
import { checkGlAccounts } from '../transformations/gl-accounts.js';
import { checkMatchConfig } from '../transformations/reference-matching.js';
import { type FlowDefinition, flowDefinition, type FlowStep, REQUIRED_STEPS, STEP_ORDER, TRIGGERS } from './flow-definition.js';

export interface FlowProblem {
  path: string;
  stepId?: string;
  message: string;
  /** The character in an expression where it breaks. */
  position?: number;
}

export interface FlowCheckContext {
  /** The Sage Pro company's GL accounts; unknown: accounts are checked when the chart can be read. */
  chart?: ReadonlySet<string>;
}

export type FlowCheck = { ok: true; definition: FlowDefinition } | { ok: false; problems: FlowProblem[] };

/** One rule of a well-formed definition: the problems it finds. */
type Rule = (definition: FlowDefinition, context: FlowCheckContext) => FlowProblem[];

export function checkFlowDefinition(input: unknown, context: FlowCheckContext = {}): FlowCheck {
  const parsed = flowDefinition.safeParse(input);
  if (!parsed.success) return { ok: false, problems: shapeProblems(parsed.error, input) };
  const problems = RULES.flatMap((rule) => rule(parsed.data, context));
  return problems.length ? { ok: false, problems } : { ok: true, definition: parsed.data };
}

/** A path as the designer shows it: steps[2].config.glRules[0].account. */
export function pathOf(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>((path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${String(key)}` : String(key)), '');
}

function shapeProblems(error: z.ZodError, input: unknown): FlowProblem[] {
  const steps = (input as { steps?: unknown } | null)?.steps;
  return error.issues.map((issue) => {
    const stepIndex = issue.path[0] === 'steps' && typeof issue.path[1] === 'number' ? issue.path[1] : undefined;
    const stepId = stepIndex !== undefined && Array.isArray(steps) ? (steps[stepIndex] as { id?: unknown } | undefined)?.id : undefined;
    return { path: pathOf(issue.path), ...(typeof stepId === 'string' ? { stepId } : {}), message: issue.message };
  });
}

const at = (index: number, step: FlowStep, rest = '') => ({ path: `steps[${index}]${rest}`, stepId: step.id });

const uniqueStepIds: Rule = (definition) =>
  definition.steps.flatMap((step, index) => (definition.steps.findIndex((other) => other.id === step.id) < index ? [{ ...at(index, step, '.id'), message: `another step is called "${step.id}"` }] : []));

const requiredSteps: Rule = (definition) =>
  REQUIRED_STEPS.flatMap((type) => {
    const count = definition.steps.filter((step) => step.type === type).length;
    if (count === 1) return [];
    return [{ path: 'steps', message: count === 0 ? `a ${definition.kind} flow needs a ${type} step` : `a flow has one ${type} step, not ${count}` }];
  });

/** trigger → filters → match → transform → validate → write → notifications. */
const stepOrder: Rule = (definition) => {
  const problems: FlowProblem[] = [];
  if (definition.steps[0]?.type !== 'trigger') problems.push({ path: 'steps[0]', message: 'a flow starts with its trigger' });
  definition.steps.forEach((step, index) => {
    const previous = definition.steps[index - 1];
    if (previous && STEP_ORDER.indexOf(step.type) < STEP_ORDER.indexOf(previous.type)) {
      problems.push({ ...at(index, step, '.type'), message: `a ${step.type} step cannot come after the ${previous.type} step "${previous.id}"` });
    }
  });
  return problems;
};

/** Branches (`on`, a notification's triggers) name triggers the flow has. */
const branches: Rule = (definition) => {
  const kindTriggers: readonly string[] = TRIGGERS[definition.kind];
  const trigger = definition.steps.find((step) => step.type === 'trigger');
  const flowTriggers = trigger?.type === 'trigger' ? trigger.config.triggers : [];
  const problems: FlowProblem[] = [];
  definition.steps.forEach((step, index) => {
    if (step.type === 'trigger') {
      step.config.triggers.forEach((name, i) => {
        if (!kindTriggers.includes(name)) problems.push({ ...at(index, step, `.config.triggers[${i}]`), message: `a ${definition.kind} flow has no trigger "${name}" (it has ${kindTriggers.join(', ')})` });
      });
    }
    const named = [...(step.on ?? []).map((name, i) => [name, `.on[${i}]`] as const), ...(step.type === 'notify' ? step.config.triggers.map((name, i) => [name, `.config.triggers[${i}]`] as const) : [])];
    for (const [name, where] of named) {
      if (!flowTriggers.includes(name)) problems.push({ ...at(index, step, where), message: `the flow's trigger does not take "${name}"` });
    }
  });
  return problems;
};

const timeZone: Rule = (definition) =>
  definition.steps.flatMap((step, index) => {
    if (step.type !== 'transform' || !step.config.timeZone) return [];
    try {
      new Intl.DateTimeFormat('en', { timeZone: step.config.timeZone });
      return [];
    } catch {
      return [{ ...at(index, step, '.config.timeZone'), message: `"${step.config.timeZone}" is not an IANA time zone` }];
    }
  });

/** Payment sync settings mean nothing to an order: refused rather than silently ignored. */
const kindSettings: Rule = (definition) => {
  if (definition.kind === 'payment_sync') return [];
  return definition.steps.flatMap((step, index) => {
    if (step.type === 'transform') {
      return (['statusMap', 'glRules', 'currency'] as const).filter((key) => step.config[key] !== undefined).map((key) => ({ ...at(index, step, `.config.${key}`), message: `${key} applies to payment sync flows` }));
    }
    if (step.type === 'match' && Object.keys(step.config).length) return [{ ...at(index, step, '.config'), message: "an order's customer is found by its email; a match step of an order flow has no settings" }];
    return [];
  });
};

const glRules: Rule = (definition, context) =>
  definition.steps.flatMap((step, index) => {
    if (step.type !== 'transform' || !step.config.glRules) return [];
    return step.config.glRules.flatMap((rule, i) => {
      const problems: FlowProblem[] = [];
      if (step.config.glRules!.findIndex((other) => other.id === rule.id) < i) problems.push({ ...at(index, step, `.config.glRules[${i}].id`), message: `another GL rule is called "${rule.id}"` });
      const amount = rule.when.amount;
      if (amount?.atLeast !== undefined && amount.atMost !== undefined && amount.atLeast > amount.atMost) {
        problems.push({ ...at(index, step, `.config.glRules[${i}].when.amount`), message: 'atLeast is more than atMost: the rule can never fire' });
      }
      return problems;
    });
  });

const glChart: Rule = (definition, context) =>
  definition.steps.flatMap((step, index) => {
    if (step.type !== 'transform' || !context.chart) return [];
    const rules = step.config.glRules ?? [];
    return checkGlAccounts(rules, context.chart).map((problem) => ({ ...at(index, step, `.config.glRules[${rules.findIndex((rule) => rule.id === problem.ruleId)}].account`), message: problem.message }));
  });

/** Accounts the mappings name outright (constants, lookup values) must be in the chart too. */
const mappedAccounts: Rule = (definition, context) =>
  definition.steps.flatMap((step, index) => {
    if (step.type !== 'transform' || !context.chart) return [];
    return accountsNamedIn(step.config.mappings)
      .filter(({ account }) => !context.chart!.has(account))
      .map(({ rule, account }) => ({ ...at(index, step, `.config.mappings.${rule}`), message: `maps to account ${account}, which is not in the company's chart of accounts` }));
  });

const matchSettings: Rule = (definition) =>
  definition.steps.flatMap((step, index) => (step.type === 'match' ? checkMatchConfig(step.config).map((problem) => ({ ...at(index, step, `.config.${problem.path}`), message: problem.message })) : []));

/** What Settle can alert on today: declines and chargebacks (the alert rules' kinds). */
const ALERTABLE = ['declined', 'charged_back'];
const notifications: Rule = (definition) =>
  definition.steps.flatMap((step, index) =>
    step.type === 'notify'
      ? step.config.triggers.flatMap((name, i) => (ALERTABLE.includes(name) ? [] : [{ ...at(index, step, `.config.triggers[${i}]`), message: `Settle alerts on declined and charged back payments, not on ${name}` }]))
      : [],
  );

const conditions: Rule = (definition) =>
  definition.steps.flatMap((step, index) => {
    const broken = step.type === 'filter' ? checkCondition(step.config.condition) : null;
    return broken ? [{ ...at(index, step, '.config.condition'), ...broken }] : [];
  });

/** Field mappings compile (paths, JSONata, known and mappable fields); each problem names its rule. */
const mappings: Rule = (definition) =>
  definition.steps.flatMap((step, index) => {
    if (step.type !== 'transform' || !step.config.mappings) return [];
    const compiled = compileMappings(step.config.mappings);
    if (compiled.ok) return [];
    return compiled.errors.map((error) => ({
      ...at(index, step, `.config.mappings.${error.rule}`),
      message: error.message,
      ...(error.position === undefined ? {} : { position: error.position }),
    }));
  });

const RULES: Rule[] = [uniqueStepIds, requiredSteps, stepOrder, branches, timeZone, kindSettings, glRules, glChart, matchSettings, notifications, conditions, mappings, mappedAccounts];
