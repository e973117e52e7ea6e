import {
  type DocumentNode,
  type GraphQLCompositeType,
  type GraphQLField,
  GraphQLError,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isLeafType,
  isListType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
// The CommonJS build: it shares the app's graphql instance (the ESM build imports graphql/index.mjs,
// a second copy whose schema classes the app's are not).
import { type ComplexityEstimatorArgs, getComplexity } from 'graphql-query-complexity/cjs';
// A page left out is the server's default; a bigger one than it serves is refused by the field's own
// check, naming the argument (BAD_USER_INPUT), so it is counted as the largest.
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination.js';

/**
 * What one GraphQL operation may ask of the server. Cost counts every alias: a root field is a
 * resolver, an authentication and a database transaction; a list multiplies what it selects by its
 * page size; outbound fields (a connection test logs in somewhere else) cost far more.
 */
export interface CostLimits {
  maxCost: number;
  /** Field selections, fragments expanded: bounds the work of merely reading the operation. */
  maxFields: number;
  maxDepth: number;
}

export const DEFAULT_COST_LIMITS: CostLimits = { maxCost: 1_000, maxFields: 2_500, maxDepth: 15 };

/** Each Query or Mutation field: a resolver run, its access rule checked, a transaction. */
export const ROOT_FIELD_COST = 10;
/** A list without a page-size argument (a user's tenants, a tenant's alert channels) is assumed this long. */
export const ASSUMED_LIST_LENGTH = 10;
const PAGE_SIZE_ARGUMENTS = ['first', 'limit', 'perPage'];

/**
 * Fields that reach outside Settle (PayTrace, SQL Server, a new sandbox database) or start heavy
 * work: a handful per operation at most. Named here rather than on the resolvers so the platform
 * imports no domain module; a field may also declare `complexity` in its decorator options.
 */
export const OUTBOUND_FIELD_COST: Record<string, number> = {
  'Mutation.testPayTraceConnection': 200,
  'Mutation.testSageProConnection': 200,
  'Mutation.chargePayTraceCustomer': 200,
  'Mutation.pollPayTraceConnection': 200,
  'Mutation.backfillPayTraceConnection': 200,
  'Mutation.createPayTraceConnection': 200,
  'Mutation.createSageProConnection': 200,
  'Query.sageProChartOfAccounts': 200,
  'Query.sageProSandboxView': 100,
};

/** The cost of one field: its own, plus what it selects, times how many items it returns. */
export function estimateFieldCost({ type, field, args, childComplexity }: ComplexityEstimatorArgs): number {
  if (type.name.startsWith('__') || field.name.startsWith('__')) return 0; // introspection: served from memory
  const own = ownCost(type, field);
  const pageSize = pageSizeOf(field, args);
  // Each item of a page is a row read, whatever is selected of it.
  if (pageSize !== undefined) return own + pageSize * Math.max(1, childComplexity);
  const returnsList = isListType(getNullableType(field.type));
  // A connection's `nodes` are already counted by its field's page size.
  if (returnsList && !type.name.endsWith('Connection')) return own + ASSUMED_LIST_LENGTH * childComplexity;
  return own + childComplexity;
}

function ownCost(type: GraphQLCompositeType, field: GraphQLField<unknown, unknown>): number {
  const declared = field.extensions?.complexity;
  if (typeof declared === 'number') return declared;
  const outbound = OUTBOUND_FIELD_COST[`${type.name}.${field.name}`];
  if (outbound !== undefined) return outbound;
  if (type.name === 'Query' || type.name === 'Mutation') return ROOT_FIELD_COST;
  return isLeafType(getNamedType(field.type)) ? 0 : 1;
}

/** The page size a field was asked for, its declared default, or the server's default; undefined if it has none. */
export function pageSizeOf(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number | undefined {
  const argument = field.args.find((arg) => PAGE_SIZE_ARGUMENTS.includes(arg.name));
  if (!argument) return undefined;
  const asked = args[argument.name] ?? argument.defaultValue;
  return typeof asked === 'number' && Number.isFinite(asked) ? Math.min(MAX_PAGE_SIZE, Math.max(1, asked)) : DEFAULT_PAGE_SIZE;
}

/** An operation over the limits, refused before any resolver runs (HTTP 400). */
export class QueryTooCostly extends GraphQLError {
  constructor(message: string, measured: Record<string, number>) {
    super(message, { extensions: { code: 'QUERY_TOO_COSTLY', ...measured, http: { status: 400 } } });
  }
}

export interface OperationMeasure {
  cost: number;
  depth: number;
}

/**
 * Measures the operation a request runs (`operationName` picks it in a multi-operation document) and
 * refuses it when it is too deep, has too many fields or costs too much. Variables that do not fit
 * the operation are left to execution, which refuses them without running a resolver.
 */
export function checkOperationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
  limits: CostLimits,
): OperationMeasure {
  const depth = operationDepth(document, operationName);
  if (depth > limits.maxDepth) {
    throw new QueryTooCostly(`The operation is ${depth} levels deep; at most ${limits.maxDepth} are allowed`, { depth, maxDepth: limits.maxDepth });
  }
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      variables,
      operationName,
      estimators: [estimateFieldCost],
      maxQueryNodes: limits.maxFields,
    });
  } catch (error) {
    if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
      throw new QueryTooCostly(`The operation selects more than ${limits.maxFields} fields (aliases and fragments included)`, {
        maxFields: limits.maxFields,
      });
    }
    return { cost: 0, depth };
  }
  if (cost > limits.maxCost) {
    throw new QueryTooCostly(
      `The operation costs ${cost}; at most ${limits.maxCost} is allowed per request (every alias counts, lists count by page size): split it or ask for smaller pages`,
      { cost, maxCost: limits.maxCost },
    );
  }
  return { cost, depth };
}

/** Nesting depth of the operation's selections, fragments followed (each fragment measured once). */
export function operationDepth(document: DocumentNode, operationName?: string): number {
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])),
  );
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation) return 0;
  const known = new Map<string, number>();
  const depthOf = (set: SelectionSetNode, visiting: Set<string>): number => {
    let deepest = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        deepest = Math.max(deepest, 1 + (selection.selectionSet ? depthOf(selection.selectionSet, visiting) : 0));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, visiting));
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue; // unknown or cyclic: validation refuses it
        if (!known.has(name)) known.set(name, depthOf(fragment, new Set([...visiting, name])));
        deepest = Math.max(deepest, known.get(name)!);
      }
    }
    return deepest;
  };
  return depthOf(operation.selectionSet, new Set());
}
