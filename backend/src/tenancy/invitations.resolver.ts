import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { clientOf, respond } from '../auth/auth.resolver.js';
import { AuthPayload } from '../auth/auth.types.js';
import { Public, RequireRole } from '../auth/decorators.js';
import { type Connection, PageArgs, readPage } from '../platform/graphql/pagination.js';
import type { GraphQLContext } from '../platform/http/request.js';
import { AcceptInvitationInput, InviteInput } from './invitations.inputs.js';
import { InvitationsService } from './invitations.service.js';
import { Invitation, InvitationConnection } from './invitations.types.js';

@Resolver(() => Invitation)
export class InvitationsResolver {
  constructor(private readonly service: InvitationsService) {}

  @RequireRole('admin')
  @Query(() => InvitationConnection, { description: "The tenant's invitations, newest first." })
  invitations(@Args() args: PageArgs): Promise<Connection<Invitation>> {
    return this.service.list(readPage(args));
  }

  @RequireRole('admin')
  @Mutation(() => Invitation, { description: 'Emails an invitation link; a pending invitation to the same email is replaced.' })
  invite(@Args('input') input: InviteInput): Promise<Invitation> {
    return this.service.invite(input);
  }

  @Public()
  @Mutation(() => AuthPayload, { description: "Joins the invitation's tenant and signs in there; sets the refresh cookie." })
  async acceptInvitation(@Args('input') input: AcceptInvitationInput, @Context() ctx: GraphQLContext): Promise<AuthPayload> {
    return respond(ctx, await this.service.accept(input, clientOf(ctx)));
  }
}
