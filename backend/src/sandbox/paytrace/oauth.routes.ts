/**
 * `POST /oauth/token` (no /v1): the password grant, form-encoded (or JSON, or multipart). Tokens are
 * three hex parts joined by colons and live 7200 s on the merchant's sandbox clock.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { OAuthError } from './errors.js';
import { findMerchantByUsername, issueToken, verifyPassword } from './merchants.store.js';
import { asBody, text } from './request-fields.js';
import { type SandboxDeps, withFaults } from './fault-injection.js';
import { merchantNow } from './work.js';

export const TOKEN_TTL_SECONDS = 7200;

export const oauthRoutes: FastifyPluginAsync<{ deps: SandboxDeps }> = async (app, { deps }) => {
  app.post('/oauth/token', async (request, reply) => {
    const body = asBody(request.body);
    const grantType = text(body, 'grant_type');
    const [username, password] = [text(body, 'username'), typeof body.password === 'string' ? body.password : ''];
    if (grantType && grantType !== 'password') throw OAuthError.unsupportedGrantType();
    if (!grantType || !username || !password) throw OAuthError.invalidRequest();
    const merchant = await findMerchantByUsername(deps.pool, username);
    if (!merchant) throw OAuthError.invalidGrant();
    return withFaults(deps, reply, merchant.faults, { export: false, oauth: true }, async () => {
      if (!(await verifyPassword(deps.pool, merchant, password))) throw OAuthError.invalidGrant();
      const now = merchantNow(deps.clock, merchant);
      const token = [14, 18, 32].map((bytes) => randomBytes(bytes).toString('hex')).join(':');
      await issueToken(deps.pool, merchant, 'access', token, new Date(now.getTime() + TOKEN_TTL_SECONDS * 1000), now);
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      return { access_token: token, token_type: 'bearer', expires_in: TOKEN_TTL_SECONDS, created_at: Math.floor(now.getTime() / 1000) };
    });
  });
};
