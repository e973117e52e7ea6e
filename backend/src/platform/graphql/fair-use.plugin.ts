import type { ApolloServerPlugin } from '@apollo/server';
import { type GraphQLSchema, isObjectType } from 'graphql';
import type { Actor } from '../database/tenant-context.js';
import { inLane, laneOf } from '../database/request-lane.js';
import type { GraphQLContext, SettleRequest } from '../http/request.js';
import type { CostSemaphore } from './cost-semaphore.js';
import { bucketsOf, type GraphQLRateLimits } from './graphql-rate-limits.js';
import { checkOperationCost, type CostLimits } from './query-cost.js';

export interface FairUse {
  limits: CostLimits;
  /** Spends each operation's cost from its caller's budgets; none: no rate limit (tools, schema printing). */
  rateLimits?: GraphQLRateLimits;
  /** Cost a tenant may have running at once in this process; more waits for its own operations to end. */
  concurrency?: CostSemaphore;
  /** Who calls (the same credentials the guard checks); a bad credential is the guard's to refuse. */
  identify?: (request: SettleRequest) => Promise<Actor>;
}

/** A permit a response never released (it should not happen) is given back after this long. */
const PERMIT_SAFETY_MS = 120_000;

/**
 * One tenant must not starve the others: before any resolver runs, an operation over the cost limit
 * is refused (QUERY_TOO_COSTLY, 400), then its cost is spent from the caller's tenant and API key
 * budgets (RATE_LIMITED, 429), and it waits while its tenant has too much cost running already.
 */
export function fairUsePlugin(fairUse: FairUse): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      let release: (() => void) | undefined;
      // Another plugin may refuse the operation while this one still waits for its permit.
      let answered = false;
      return {
        async didResolveOperation({ schema, document, request, contextValue, operation }) {
          // A read is one transaction, whatever number of fields it asks for (request-lane.ts).
          if (operation?.operation === 'query') laneOf(contextValue?.req ?? contextValue).shareOneTransaction();
          const { cost } = checkOperationCost(schema, document, request.variables, request.operationName ?? undefined, fairUse.limits);
          if (!fairUse.rateLimits && !fairUse.concurrency) return;
          const req = contextValue.req;
          // In the request's lane: for a read, the caller's look-up is a turn of its one transaction.
          const actor = fairUse.identify ? await inLane(laneOf(req), () => fairUse.identify!(req)).catch((): Actor => ({})) : {};
          await fairUse.rateLimits?.spend(actor, req.ip, cost);
          if (fairUse.concurrency) {
            const permit = await fairUse.concurrency.acquire(bucketsOf(actor, req.ip)[0].key, cost);
            const safety = setTimeout(permit, PERMIT_SAFETY_MS).unref();
            release = () => {
              clearTimeout(safety);
              permit();
            };
            if (answered) release();
          }
        },
        async willSendResponse({ contextValue }) {
          answered = true;
          release?.();
          await laneOf(contextValue?.req ?? contextValue).end();
        },
      };
    },
  };
}

/**
 * Runs every resolver (and the guard in front of it) in its request's lane, so that the request's
 * transactions take turns on one pooled connection (platform/database/request-lane.ts).
 */
export function resolveInRequestLanes(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve;
      if (!resolve) continue;
      field.resolve = (source, args, context: GraphQLContext, info) =>
        inLane(laneOf(context?.req ?? context), () => resolve(source, args, context, info));
    }
  }
  return schema;
}
