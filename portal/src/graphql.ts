// Tiny GraphQL-over-fetch client: bearer token in memory + sessionStorage,
// one shared refresh (httpOnly cookie) on UNAUTHENTICATED, then one retry.

export type Role = 'owner' | 'admin' | 'operator' | 'viewer';
export interface Tenant { id: string; name: string; timeZone: string; baseCurrency: string; createdAt: string }
export interface TenantAccess { tenant: Tenant; role: Role; viaPartner: boolean }
export interface Me {
  user: { id: string; email: string; name: string | null };
  tenant: Tenant | null;
  role: Role | null;
  partner: { id: string; name: string } | null;
  isPlatformAdmin: boolean;
  tenants: TenantAccess[];
}
export interface AuthPayload { accessToken: string; expiresAt: string; me: Me }

const STATUS: Record<string, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404 };

/** Shaped like react-admin's HttpError: `body.errors` feeds server-side form validation. */
export class ApiError extends Error {
  status: number;
  body: { errors?: Record<string, string> };
  code: string;
  field?: string;
  refreshFailed?: boolean;
  /** The response fields (or aliases) that failed, each with its error code: getMany leaves out records gone. */
  failedFields: { name: string; code?: string }[] = [];
  constructor(message: string, code = 'INTERNAL', field?: string, errors?: Record<string, string>) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.field = field;
    this.status = STATUS[code] ?? 500;
    this.body = errors && Object.keys(errors).length ? { errors } : {};
  }
}

export const ME_FIELDS = `user { id email name } tenant { id name timeZone baseCurrency createdAt } role
  partner { id name } isPlatformAdmin tenants { role viaPartner tenant { id name timeZone baseCurrency createdAt } }`;
export const AUTH_FIELDS = `accessToken expiresAt me { ${ME_FIELDS} }`;

// ---- session (token + cached `me`) -------------------------------------------------------
const KEY = 'settle.session';
type Session = { token: string; expiresAt: string; me: Me };
let session: Session | null = (() => {
  try { return JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null; } catch { return null; }
})();

export const getSession = () => session;
export function setSession(p: AuthPayload | null) {
  session = p ? { token: p.accessToken, expiresAt: p.expiresAt, me: p.me } : null;
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}
export function setMe(me: Me) {
  if (session) setSession({ accessToken: session.token, expiresAt: session.expiresAt, me });
}

// ---- transport ---------------------------------------------------------------------------
type GqlError = { message: string; path?: (string | number)[]; extensions?: { code?: string; field?: string } };
const fieldName = (f?: string) => f?.split('.').pop();
/** "input.baseUrl: must be …" → "must be …": shown next to the field, the prefix is noise. */
const withoutFieldPrefix = (message: string, field: string) =>
  message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;

async function send<T>(query: string, variables: object | undefined, token?: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      credentials: 'include',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError('Network error: the server could not be reached.', 'NETWORK');
  }
  const json = (await res.json().catch(() => null)) as { data?: T; errors?: GqlError[] } | null;
  if (!json) throw new ApiError(`Server error (HTTP ${res.status})`, res.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL');
  if (json.errors?.length) {
    const [first] = json.errors;
    const errors: Record<string, string> = {};
    for (const e of json.errors) {
      const f = fieldName(e.extensions?.field);
      if (e.extensions?.code === 'BAD_USER_INPUT' && f) errors[f] ??= withoutFieldPrefix(e.message, e.extensions.field!);
    }
    const error = new ApiError(first.message, first.extensions?.code, fieldName(first.extensions?.field), errors);
    for (const e of json.errors) {
      const name = e.path?.[0];
      if (typeof name === 'string') error.failedFields.push({ name, code: e.extensions?.code });
    }
    throw error;
  }
  if (!json.data) throw new ApiError(`Server error (HTTP ${res.status})`);
  return json.data;
}

let refreshing: Promise<void> | null = null;
/** Exchanges the httpOnly refresh cookie for a new access token. Concurrent callers share one request. */
export function refreshSession(): Promise<void> {
  refreshing ??= send<{ refresh: AuthPayload }>(`mutation { refresh { ${AUTH_FIELDS} } }`, undefined)
    .then(d => setSession(d.refresh))
    .catch((e: unknown) => {
      const err = e instanceof ApiError ? e : new ApiError('Session expired', 'UNAUTHENTICATED');
      if (err.code !== 'NETWORK') setSession(null); // keep the session through a network blip
      err.refreshFailed = true;
      throw err;
    })
    .finally(() => { refreshing = null; });
  return refreshing;
}

const expiringSoon = (s: Session) => Date.parse(s.expiresAt) - Date.now() < 10_000;

/** Authenticated request: refreshes a token about to expire, and retries once after UNAUTHENTICATED. */
export async function gql<T>(query: string, variables?: object): Promise<T> {
  if (!session || expiringSoon(session)) {
    await refreshSession().catch((e: unknown) => {
      if (!session) throw e; // no session and no valid refresh cookie: don't bother the API
    });
  }
  const token = session?.token;
  try {
    return await send<T>(query, variables, token);
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 'UNAUTHENTICATED') throw e;
    if (session?.token === token) await refreshSession(); // else a concurrent call already refreshed
    return send<T>(query, variables, session?.token);
  }
}

/** Anonymous request (logIn, signUp, acceptInvitation): never sends a possibly stale token. */
export const gqlAnonymous = <T>(query: string, variables?: object) => send<T>(query, variables);
