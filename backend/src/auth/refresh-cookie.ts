import type { FastifyReply } from 'fastify';
import type { SettleRequest } from '../platform/http/request.js';

export const REFRESH_COOKIE = 'settle_refresh';

/**
 * The refresh token lives only in an httpOnly, SameSite=Strict cookie: page scripts never see it. The
 * cookie expires with its session (REFRESH_TOKEN_TTL_DAYS), so the browser never holds a dead token.
 */
export function setRefreshCookie(reply: FastifyReply, token: string, expiresAt: Date): void {
  reply.setCookie(REFRESH_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: reply.request.protocol === 'https',
    path: '/',
    expires: expiresAt,
  });
}

export function clearRefreshCookie(reply: FastifyReply): void {
  reply.clearCookie(REFRESH_COOKIE, { path: '/' });
}

export function readRefreshCookie(request: SettleRequest): string | undefined {
  return request.cookies?.[REFRESH_COOKIE];
}
