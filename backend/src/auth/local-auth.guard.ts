import { type ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AuthGuard } from '@nestjs/passport';
import { Unauthenticated } from '../platform/errors.js';
import type { GraphQLContext, SettleRequest } from '../platform/http/request.js';

type LoginRequest = SettleRequest & { body: unknown; user?: unknown };

/**
 * Runs the passport-local strategy for the GraphQL `logIn` mutation. Passport reads credentials from
 * `request.body`, so it gets a view of the request whose body is the mutation's input; the user it
 * authenticates is then put on the real request for the resolver.
 */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  private readonly views = new WeakMap<object, LoginRequest>();

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const allowed = (await super.canActivate(context)) as boolean;
    const req = this.realRequest(context) as LoginRequest;
    req.user = this.views.get(req)?.user;
    return allowed;
  }

  getRequest(context: ExecutionContext): LoginRequest {
    const req = this.realRequest(context);
    let view = this.views.get(req);
    if (!view) {
      const { input } = GqlExecutionContext.create(context).getArgs<{ input: { email: string; password: string } }>();
      view = Object.create(req) as LoginRequest;
      view.body = { email: input.email, password: input.password };
      this.views.set(req, view);
    }
    return view;
  }

  getResponse() {
    return {};
  }

  handleRequest<T>(error: unknown, user: T): T {
    if (error) throw error;
    if (!user) throw new Unauthenticated('Wrong email or password');
    return user;
  }

  private realRequest(context: ExecutionContext): SettleRequest {
    return GqlExecutionContext.create(context).getContext<GraphQLContext>().req;
  }
}
