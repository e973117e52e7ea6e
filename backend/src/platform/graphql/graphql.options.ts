import type { ApolloServerPlugin } from '@apollo/server';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { FastifyReply } from 'fastify';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { GraphQLContext, SettleRequest } from '../http/request.js';
import { type FairUse, fairUsePlugin, resolveInRequestLanes } from './fair-use.plugin.js';
import { nulCharacterPlugin } from './nul-characters.plugin.js';
import type { AppConfig } from '../config/config.js';
import type { Actor } from '../database/tenant-context.js';
import type { RedisService } from '../redis/redis.service.js';
import { CostSemaphore } from './cost-semaphore.js';
import { GraphQLRateLimits } from './graphql-rate-limits.js';
import { DEFAULT_COST_LIMITS } from './query-cost.js';

const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'TOO_MANY_REQUESTS',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_COSTLY',
  'RATE_LIMITED',
]);

/**
 * Errors a caller can act on keep their message and code; anything else becomes a bare
 * INTERNAL_SERVER_ERROR: no stack trace, SQL or driver text ever leaves the server.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = String(formatted.extensions?.code ?? '');
  if (CLIENT_CODES.has(code)) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  const original = error instanceof GraphQLError ? error.originalError : error;
  const status = (original as { status?: number } | undefined)?.status;
  if (status === 400) return { message: formatted.message, path: formatted.path, extensions: { code: 'BAD_USER_INPUT' } };
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

export interface GraphQLServing {
  /** Schema introspection (off in production unless GRAPHQL_INTROSPECTION=on). */
  introspection?: boolean;
  /** The cost limit and rate limits (fair-use.plugin.ts); the limits alone by default. */
  fairUse?: FairUse;
}

/**
 * How the app serves GraphQL from its configuration: introspection off in production unless asked
 * for, the cost limit, and the tenants' and API keys' budgets in Redis.
 */
export function graphqlServing(
  config: Pick<AppConfig, 'NODE_ENV' | 'GRAPHQL_INTROSPECTION' | 'GRAPHQL_MAX_COST' | 'GRAPHQL_TENANT_COST_PER_WINDOW' | 'GRAPHQL_API_KEY_COST_PER_WINDOW' | 'GRAPHQL_RATE_WINDOW_SECONDS'>,
  redis: RedisService,
  identify: (request: SettleRequest) => Promise<Actor>,
): GraphQLServing {
  return {
    introspection: introspectionAllowed(config.NODE_ENV, config.GRAPHQL_INTROSPECTION),
    fairUse: {
      limits: { ...DEFAULT_COST_LIMITS, maxCost: config.GRAPHQL_MAX_COST },
      rateLimits: new GraphQLRateLimits(redis, {
        tenantCost: config.GRAPHQL_TENANT_COST_PER_WINDOW,
        apiKeyCost: config.GRAPHQL_API_KEY_COST_PER_WINDOW,
        windowSeconds: config.GRAPHQL_RATE_WINDOW_SECONDS,
      }),
      // One operation of the largest cost at a time per tenant (and API process); cheap ones beside it.
      concurrency: new CostSemaphore(config.GRAPHQL_MAX_COST),
      identify,
    },
  };
}

/** The schema is no production caller's business unless GRAPHQL_INTROSPECTION=on says so. */
export function introspectionAllowed(nodeEnv: string, setting: 'on' | 'off' | undefined): boolean {
  return setting ? setting === 'on' : nodeEnv !== 'production';
}

/** `plugins` come from the app module (e.g. monitoring's metrics), so platform depends on no domain. */
export function graphqlOptions(plugins: ApolloServerPlugin[] = [], serving: GraphQLServing = {}): ApolloDriverConfig {
  return {
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    graphiql: false,
    introspection: serving.introspection ?? true,
    includeStacktraceInErrorResponses: false,
    context: (req: SettleRequest, reply: FastifyReply): GraphQLContext => ({ req, reply }),
    formatError,
    transformSchema: resolveInRequestLanes,
    plugins: [...plugins, nulCharacterPlugin(), fairUsePlugin(serving.fairUse ?? { limits: DEFAULT_COST_LIMITS }) as ApolloServerPlugin],
  };
}
