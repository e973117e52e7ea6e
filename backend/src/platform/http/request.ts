import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../database/tenant-context.js';

export type SettleRequest = FastifyRequest & { actor?: Actor };

export interface GraphQLContext {
  req: SettleRequest;
  reply: FastifyReply;
}

/** The Fastify request behind a GraphQL resolver or an HTTP handler. */
export function requestOf(context: ExecutionContext): SettleRequest {
  if (context.getType<string>() === 'graphql') return GqlExecutionContext.create(context).getContext<GraphQLContext>().req;
  return context.switchToHttp().getRequest<SettleRequest>();
}
