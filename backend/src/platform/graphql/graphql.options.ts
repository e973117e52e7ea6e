import type { ApolloServerPlugin } from '@apollo/server';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { FastifyReply } from 'fastify';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { GraphQLContext, SettleRequest } from '../http/request.js';
import { nulCharacterPlugin } from './nul-characters.plugin.js';

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

/** `plugins` come from the app module (e.g. monitoring's metrics), so platform depends on no domain. */
export function graphqlOptions(plugins: ApolloServerPlugin[] = []): ApolloDriverConfig {
  return {
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    graphiql: false,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    context: (req: SettleRequest, reply: FastifyReply): GraphQLContext => ({ req, reply }),
    formatError,
    plugins: [...plugins, nulCharacterPlugin()],
  };
}
