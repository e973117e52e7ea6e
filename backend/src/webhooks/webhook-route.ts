import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { AppConfig } from '../platform/config/config.js';
import type { SettleRequest } from '../platform/http/request.js';
import { APP_CONFIG } from '../platform/tokens.js';
import type { ReceivingEndpoint } from './endpoint-directory.js';
import { type Answer, WebhookReceiver } from './webhook-receiver.service.js';

const EMPTY = Buffer.alloc(0);

/**
 * POST /webhooks/<endpoint id>, as a Fastify route in its own plugin scope rather than a Nest
 * controller: signatures cover the bytes as sent, so this route (and only this one) takes any body
 * raw, with its own size limit; and the endpoint is looked up before the body is read, so an unknown
 * URL is a 404 before an oversized body is a 413. The route is public: the signature is the credential.
 */
export function webhookRoutes(receiver: WebhookReceiver, maxBytes: number): FastifyPluginAsync {
  return async (scope) => {
    const endpoints = new WeakMap<FastifyRequest, ReceivingEndpoint>();
    const send = (reply: { code(status: number): { send(body: unknown): unknown } }, answer: Answer) => reply.code(answer.status).send(answer.body);

    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    scope.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
      const format = endpoints.get(request)?.format;
      if (error.statusCode === 413) return send(reply, receiver.refuse(format, 'too_large', `the body is larger than ${maxBytes} bytes`));
      if (error.statusCode && error.statusCode < 500) return send(reply, { ...receiver.refuse(format, 'bad_request', error.message), status: error.statusCode });
      return send(reply, receiver.failed(format, error));
    });

    scope.post<{ Params: { endpointId: string } }>(
      '/webhooks/:endpointId',
      {
        bodyLimit: maxBytes,
        onRequest: async (request, reply) => {
          const endpoint = await receiver.find(request.params.endpointId);
          if (!endpoint) return send(reply, receiver.refuse(undefined, 'unknown_endpoint', 'no webhook endpoint at this URL'));
          endpoints.set(request, endpoint);
          // The request log line names the tenant, as it does for signed-in requests.
          (request as SettleRequest).actor = { tenantId: endpoint.tenantId, requestId: String(request.id) };
        },
      },
      async (request, reply) => send(reply, await receiver.receive(endpoints.get(request)!, (request.body as Buffer | undefined) ?? EMPTY, request.headers)),
    );
  };
}

/** Mounts the route on the app's Fastify instance while Nest initialises (none in a bare application context). */
@Injectable()
export class WebhookRoute implements OnModuleInit {
  constructor(
    private readonly host: HttpAdapterHost,
    private readonly receiver: WebhookReceiver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const fastify = this.host.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    await fastify.register(webhookRoutes(this.receiver, this.config.WEBHOOK_MAX_BYTES));
  }
}
