import { createHmac } from 'node:crypto';

/**
 * The refresh token that follows `spent` in its family. It is derived (an HMAC under the server's
 * key), not drawn at random, so that when two tabs refresh with the same token at once, the one that
 * lost the race can be handed the very token the winner got, without Settle storing any token.
 */
export function successorToken(spent: string, key: string): string {
  return createHmac('sha256', key).update(`settle-refresh-successor:${spent}`).digest('base64url');
}

/**
 * What presenting an already spent refresh token means. Within `graceSeconds` of its rotation it is
 * the race of two tabs refreshing together: answer the same successor. Later it can only be a copy
 * that leaked: every session of the login is revoked.
 */
export function spentTokenVerdict(rotatedAt: Date, now: Date, graceSeconds: number): 'same_successor' | 'reuse' {
  const age = now.getTime() - rotatedAt.getTime();
  return age >= 0 && age <= graceSeconds * 1000 ? 'same_successor' : 'reuse';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The claims Settle relies on in an access token whose signature checked out. */
export interface AccessTokenClaims {
  sub: string;
  fam: string;
  tid?: string;
  pid?: string;
  exp: number;
}

/**
 * Why a correctly signed access token is still not one Settle issued, or null. Every token Settle
 * signs expires (`exp`), names its user (`sub`) and the login's session family (`fam`); one without
 * would be valid for ever, or name nothing that could be revoked. Roles are not claims: they are
 * read from the database on each request.
 */
export function accessTokenProblem(claims: Record<string, unknown>): string | null {
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) return 'the access token has no expiry';
  if (typeof claims.sub !== 'string' || !UUID.test(claims.sub)) return 'the access token names no user';
  if (typeof claims.fam !== 'string' || !UUID.test(claims.fam)) return 'the access token names no session';
  for (const optional of ['tid', 'pid'] as const) {
    if (claims[optional] !== undefined && (typeof claims[optional] !== 'string' || !UUID.test(claims[optional] as string))) return `the access token's ${optional} is not an id`;
  }
  return null;
}
