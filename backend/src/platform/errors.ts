import { GraphQLError } from 'graphql';

/**
 * Errors a caller can act on. Each carries a GraphQL code; the HTTP layer maps the same codes to
 * 4xx statuses. Anything else is reported as INTERNAL_SERVER_ERROR with no detail.
 */
export class InvalidInput extends GraphQLError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`, { extensions: { code: 'BAD_USER_INPUT', field } });
  }
}

export class Unauthenticated extends GraphQLError {
  constructor(message = 'Authentication required') {
    super(message, { extensions: { code: 'UNAUTHENTICATED' } });
  }
}

export class Forbidden extends GraphQLError {
  constructor(message = 'You are not allowed to do this') {
    super(message, { extensions: { code: 'FORBIDDEN' } });
  }
}

export class NotFound extends GraphQLError {
  constructor(what: string) {
    super(`${what} not found`, { extensions: { code: 'NOT_FOUND' } });
  }
}

/**
 * The thing acted on changed under the caller (another operator, a retry): nothing was done. Names the
 * item (`id`) and, when one input decided it, the `field`, so a client can refresh that item.
 */
export class Conflict extends GraphQLError {
  constructor(
    readonly id: string,
    message: string,
    readonly field?: string,
  ) {
    super(message, { extensions: { code: 'CONFLICT', id, ...(field ? { field } : {}) } });
  }
}

export class TooManyRequests extends GraphQLError {
  constructor(retryAfterSeconds: number) {
    super(`Too many attempts; try again in ${retryAfterSeconds} s`, {
      extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds },
    });
  }
}

export const HTTP_STATUS_BY_CODE: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
};
