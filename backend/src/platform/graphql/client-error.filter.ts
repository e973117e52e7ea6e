import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';

/**
 * Errors meant for the caller (bad input, not signed in, forbidden, not found) go back to the client
 * as they are, without an error-level log line each; unexpected errors still reach Nest's handler.
 */
@Catch(GraphQLError)
export class ClientErrorFilter implements GqlExceptionFilter {
  catch(error: GraphQLError): GraphQLError {
    return error;
  }
}
