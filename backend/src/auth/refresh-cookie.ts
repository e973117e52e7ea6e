import type { FastifyReply } from 'fastify';
import type { SettleRequest } from '../platform/http/request.js';

export const REFRESH_COOKIE = 'settle_refresh';
const MAX_AGE_SECONDS = 30 * 86_400;

/** The refresh token lives only in an httpOnly, SameSite=Strict cookie: page scripts never see it. */
export function setRefreshCookie(reply: FastifyReply, token: string): void {
  reply.setCookie(REFRESH_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: reply.request.protocol === 'https',
    path: '/',
    maxAge: MAX_AGE_SECONDS,
  });
}

export function clearRefreshCookie(reply: FastifyReply): void {
  reply.clearCookie(REFRESH_COOKIE, { path: '/' });
}

export function readRefreshCookie(request: SettleRequest): string | undefined {
  return request.cookies?.[REFRESH_COOKIE];
}
