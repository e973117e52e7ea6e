import type { AuthProvider, UserIdentity } from 'react-admin';
import {
  AUTH_FIELDS, ME_FIELDS, ApiError, getSession, gql, gqlAnonymous, refreshSession, setMe, setSession,
  type AuthPayload, type Me, type Role,
} from './graphql';
import { resetCursors } from './data';

export interface Identity extends UserIdentity {
  email: string;
  tenantId: string | null;
  tenantName: string | null;
  role: Role | null;
  me: Me;
}

export const isAdminRole = (role: unknown) => role === 'owner' || role === 'admin';
export const isOperatorRole = (role: unknown) => role === 'operator' || isAdminRole(role);

/** `login({ email, password })`, or `login({ payload })` with an AuthPayload from signUp/acceptInvitation. */
type LoginParams = { email: string; password: string } | { payload: AuthPayload };

const LOG_IN = `mutation LogIn($input: LogInInput!) { logIn(input: $input) { ${AUTH_FIELDS} } }`;

async function loadMe(): Promise<Me> {
  const { me } = await gql<{ me: Me }>(`query Me { me { ${ME_FIELDS} } }`);
  setMe(me);
  return me;
}

export const authProvider: AuthProvider = {
  async login(params: LoginParams) {
    resetCursors();
    if ('payload' in params) return void setSession(params.payload);
    const { logIn } = await gqlAnonymous<{ logIn: AuthPayload }>(LOG_IN, {
      input: { email: params.email, password: params.password },
    });
    setSession(logIn);
  },

  async logout() {
    resetCursors();
    if (getSession()) await gql('mutation LogOut { logOut }').catch(() => undefined);
    setSession(null);
  },

  async checkAuth() {
    if (getSession()) return;
    // New tab or reload after sessionStorage was cleared: the refresh cookie may still be valid.
    await refreshSession().catch(() => Promise.reject({ message: false }));
  },

  async checkError(error: unknown) {
    const status = (error as { status?: number } | null)?.status;
    if (status !== 401) return; // FORBIDDEN / NOT_FOUND: stay logged in, the page shows the error
    if ((error as ApiError).refreshFailed) throw error;
    await refreshSession(); // rejects (→ logout) when the cookie is no longer valid
  },

  async getIdentity(): Promise<Identity> {
    const me = await loadMe();
    return {
      id: me.user.id,
      fullName: me.user.name || me.user.email,
      email: me.user.email,
      tenantId: me.tenant?.id ?? null,
      tenantName: me.tenant?.name ?? null,
      role: me.role,
      me,
    };
  },

  // From the session (set by logIn/refresh/switchTenant, updated by getIdentity): no extra round trip.
  async getPermissions() {
    if (!getSession()) await refreshSession().catch(() => undefined); // shares checkAuth's refresh
    return getSession()?.me.role ?? null;
  },
};
