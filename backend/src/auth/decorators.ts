import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor } from '../platform/database/tenant-context.js';
import { requestOf } from '../platform/http/request.js';
import type { Role } from './roles.js';

export const PUBLIC_KEY = 'settle:public';
export const ROLE_KEY = 'settle:role';
export const PLATFORM_ADMIN_KEY = 'settle:platform-admin';
export const SIGNED_IN_KEY = 'settle:signed-in';

/** Open to anyone (sign-up, login, health). Every other operation requires authentication. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Requires a tenant and at least this role in it (API keys: the role their scopes grant). */
export const RequireRole = (role: Role) => SetMetadata(ROLE_KEY, role);

/** Requires a signed-in user, with or without a tenant (me, switchTenant, partnerTenants). */
export const SignedIn = () => SetMetadata(SIGNED_IN_KEY, true);

export const PlatformAdminOnly = () => SetMetadata(PLATFORM_ADMIN_KEY, true);

/** The authenticated actor of this request. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  return requestOf(context).actor ?? {};
});
