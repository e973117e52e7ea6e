import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Forbidden, Unauthenticated } from '../platform/errors.js';
import { requestOf } from '../platform/http/request.js';
import { Authenticator } from './authenticator.service.js';
import { PLATFORM_ADMIN_KEY, PUBLIC_KEY, ROLE_KEY, SIGNED_IN_KEY } from './decorators.js';
import { hasRole, type Role } from './roles.js';

/**
 * The one gate in front of every resolver and controller: authenticates the request, then enforces
 * what the handler declares (@Public, @SignedIn, @RequireRole, @PlatformAdminOnly). A handler that
 * declares nothing is refused, so a forgotten decorator fails closed.
 */
@Injectable()
export class ActorGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = requestOf(context);
    const declared = <T>(key: string) => this.reflector.getAllAndOverride<T>(key, [context.getHandler(), context.getClass()]);
    const isPublic = declared<boolean>(PUBLIC_KEY);
    const authorization = request.headers.authorization;
    const credentials = isPublic && !authorization ? {} : await this.authenticator.authenticateRequest(request);
    request.actor = { ...credentials, requestId: String(request.id), ip: request.ip };
    if (isPublic) return true;

    const actor = request.actor;
    if (!actor.userId && !actor.apiKeyId) throw new Unauthenticated();
    const role = declared<Role>(ROLE_KEY);
    if (role) {
      if (!actor.tenantId) throw new Forbidden('Select a tenant first');
      if (!hasRole(actor.role, role)) throw new Forbidden(`Requires the ${role} role`);
      return true;
    }
    if (declared<boolean>(PLATFORM_ADMIN_KEY)) {
      if (!actor.isPlatformAdmin) throw new Forbidden('Platform administrators only');
      return true;
    }
    if (declared<boolean>(SIGNED_IN_KEY)) {
      if (!actor.userId) throw new Forbidden('Sign in as a person, not with an API key');
      return true;
    }
    throw new Forbidden('This operation declares no access rule');
  }
}
