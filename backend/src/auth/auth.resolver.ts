import { UseGuards } from '@nestjs/common';
import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../platform/database/tenant-context.js';
import type { GraphQLContext } from '../platform/http/request.js';
import { AuthService, type AuthenticatedUser, type AuthResult } from './auth.service.js';
import { AuthPayload, LogInInput, Me, SignUpInput, SignUpPartnerInput } from './auth.types.js';
import { CurrentActor, Public, SignedIn } from './decorators.js';
import { LocalAuthGuard } from './local-auth.guard.js';
import { MeReader } from './me.reader.js';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './refresh-cookie.js';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly meReader: MeReader,
  ) {}

  @Public()
  @Mutation(() => AuthPayload, { description: 'Creates a company (tenant) and its owner, and signs the owner in.' })
  async signUp(@Args('input') input: SignUpInput, @Context() ctx: GraphQLContext): Promise<AuthPayload> {
    return respond(ctx, await this.auth.signUp(input, clientOf(ctx)));
  }

  @Public()
  @Mutation(() => AuthPayload, { description: 'Creates a partner firm and its first user.' })
  async signUpPartner(@Args('input') input: SignUpPartnerInput, @Context() ctx: GraphQLContext): Promise<AuthPayload> {
    return respond(ctx, await this.auth.signUpPartner(input, clientOf(ctx)));
  }

  @Public()
  @UseGuards(LocalAuthGuard)
  @Mutation(() => AuthPayload, { description: 'Email + password; sets the httpOnly refresh cookie.' })
  async logIn(@Args('input') _input: LogInInput, @Context() ctx: GraphQLContext): Promise<AuthPayload> {
    const user = (ctx.req as unknown as { user: AuthenticatedUser }).user;
    return respond(ctx, await this.auth.logIn(user, clientOf(ctx)));
  }

  @Public()
  @Mutation(() => AuthPayload, { description: 'Trades the refresh cookie for a new access token and a new cookie.' })
  async refresh(@Context() ctx: GraphQLContext): Promise<AuthPayload> {
    return respond(ctx, await this.auth.refresh(readRefreshCookie(ctx.req), clientOf(ctx)));
  }

  @SignedIn()
  @Mutation(() => Boolean, { description: 'Revokes this login everywhere and clears the cookie.' })
  async logOut(@CurrentActor() actor: Actor, @Context() ctx: GraphQLContext): Promise<boolean> {
    await this.auth.logOut(actor);
    clearRefreshCookie(ctx.reply);
    return true;
  }

  @SignedIn()
  @Mutation(() => AuthPayload, { description: 'Acts in another tenant the user belongs to or their partner firm was granted.' })
  async switchTenant(
    @Args('tenantId', { type: () => ID }) tenantId: string,
    @CurrentActor() actor: Actor,
    @Context() ctx: GraphQLContext,
  ): Promise<AuthPayload> {
    return respond(ctx, await this.auth.switchTenant(actor, tenantId, clientOf(ctx)));
  }

  @SignedIn()
  @Query(() => Me)
  me(@CurrentActor() actor: Actor): Promise<Me> {
    return this.meReader.read({ userId: actor.userId!, tenantId: actor.tenantId ?? null, partnerId: actor.partnerId ?? null });
  }
}

/** Every sign-in answers alike: the refresh token goes into the httpOnly cookie, the rest into the payload. */
export function respond(ctx: GraphQLContext, result: AuthResult): AuthPayload {
  setRefreshCookie(ctx.reply, result.refreshToken, result.refreshExpiresAt);
  return result.payload;
}

export function clientOf(ctx: GraphQLContext) {
  return { ip: ctx.req.ip, userAgent: ctx.req.headers['user-agent'] };
}
