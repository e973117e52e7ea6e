/**
 * The browser side of Protect.js: `GET checkout?client_key&amount&return_url` serves the card page,
 * `POST protect/tokenize` takes the card from that page and answers `{hpf_token, enc_key}`.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { checkoutPolicy, renderCheckoutPage } from './checkout-page.js';
import { OAuthError } from './errors.js';
import { parseAmount } from './money.js';
import { clientKeyMerchant, tokenizeCard } from './protect.js';
import { asBody, text } from './request-fields.js';
import type { SandboxDeps } from './fault-injection.js';

export const checkoutRoutes: FastifyPluginAsync<{ deps: SandboxDeps }> = async (app, { deps }) => {
  app.get('/checkout', async (request, reply) => {
    const query = asBody(request.query);
    const merchant = await clientKeyMerchant(deps.pool, deps.clock, text(query, 'client_key'));
    const amountCents = parseAmount(query.amount);
    const returnUrl = text(query, 'return_url', 2000);
    const problem = !merchant
      ? 'This checkout link is invalid or has expired (client_key).'
      : !amountCents
        ? 'This checkout link has no valid amount.'
        : !/^https?:\/\/[^\s]+$/i.test(returnUrl) || !URL.canParse(returnUrl)
          ? 'This checkout link has no valid return_url.'
          : undefined;
    if (problem) return reply.code(400).type('text/plain; charset=utf-8').send(problem);
    const nonce = randomBytes(16).toString('base64');
    const page = { merchantName: merchant!.name, clientKey: text(query, 'client_key'), amountCents: amountCents!, returnUrl, nonce };
    return reply
      .header('content-security-policy', checkoutPolicy(page))
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8')
      .send(renderCheckoutPage(page));
  });

  app.post('/protect/tokenize', async (request) => {
    const body = asBody(request.body);
    const merchant = await clientKeyMerchant(deps.pool, deps.clock, text(body, 'client_key'));
    if (!merchant) throw OAuthError.invalidToken();
    return tokenizeCard(deps.pool, deps.clock, merchant, body);
  });
};
