import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { WebhookEndpoint as Row } from '../generated/prisma/client.js';
import { AuditService } from '../monitoring/audit/audit.service.js';
import type { AppConfig } from '../platform/config/config.js';
import { PrismaService } from '../platform/database/prisma.service.js';
import { TenantContext } from '../platform/database/tenant-context.js';
import { InvalidInput, NotFound } from '../platform/errors.js';
import { type Connection, keysetQuery, type Page, toConnection } from '../platform/graphql/pagination.js';
import { SecretVault } from '../platform/secrets/secret-vault.service.js';
import { APP_CONFIG } from '../platform/tokens.js';
import { parseInput } from '../platform/validation.js';
import { EndpointDirectory } from './endpoint-directory.js';
import { chooseSigningSecret, endpointUrl, newEndpointId, newEndpointRules, previousSecretExpiry, rotationRules, secretHint } from './webhook-endpoint.rules.js';
import type { CreatedWebhookEndpoint, CreateWebhookEndpointInput, RotatedWebhookSecret, WebhookEndpoint } from './webhook-endpoint.types.js';

const uuid = z.uuid();

/**
 * The current tenant's webhook endpoints. Secrets are stored encrypted: one Settle generates is shown
 * once, when issued; one the tenant supplies (a Shopify store's) is never shown back, only its hint.
 */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly vault: SecretVault,
    private readonly audit: AuditService,
    private readonly directory: EndpointDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(page: Page): Promise<Connection<WebhookEndpoint>> {
    const rows = await this.prisma.inTenant((tx) => tx.webhookEndpoint.findMany(keysetQuery(page)));
    return toConnection(rows, page, (row) => this.toView(row));
  }

  async create(input: CreateWebhookEndpointInput): Promise<CreatedWebhookEndpoint> {
    const { signingSecret, ...values } = parseInput(newEndpointRules, input);
    const { secret, supplied } = chooseSigningSecret(values.format, signingSecret);
    const secretCiphertext = await this.vault.encrypt(secret);
    const row = await this.prisma.inTenant(async (tx) => {
      if (!(await tx.integration.findUnique({ where: { id: values.integrationId }, select: { id: true } }))) {
        throw new InvalidInput('integrationId', 'no such integration in this tenant');
      }
      const created = await tx.webhookEndpoint.create({
        data: { ...values, tenantId: TenantContext.actor().tenantId!, endpointId: newEndpointId(), secretCiphertext, secretHint: secretHint(secret) },
      });
      const details = { ...values, secretSource: supplied ? 'supplied' : 'generated' };
      await this.audit.record({ action: 'webhook_endpoint.created', targetType: 'webhook_endpoint', targetId: created.id, details }, tx);
      return created;
    });
    const endpoint = this.toView(row);
    return { endpoint, secret: supplied ? null : secret, url: endpoint.url };
  }

  /**
   * A new secret, the tenant's (Shopify) or Settle's; the previous one keeps verifying for
   * WEBHOOK_ROTATION_GRACE_HOURS (one before it, no longer).
   */
  async rotateSecret(id: string, signingSecret?: string | null): Promise<RotatedWebhookSecret> {
    const current = await this.find(id);
    const { signingSecret: given } = parseInput(rotationRules, { format: current.format, signingSecret });
    const { secret, supplied } = chooseSigningSecret(current.format, given);
    if (supplied && secret === (await this.vault.decrypt(current.secretCiphertext))) {
      throw new InvalidInput('signingSecret', 'is the secret the endpoint already has; enter the new one');
    }
    const secretCiphertext = await this.vault.encrypt(secret);
    const rotatedAt = new Date();
    const previousSecretExpiresAt = previousSecretExpiry(rotatedAt, this.config.WEBHOOK_ROTATION_GRACE_HOURS);
    const row = await this.prisma.inTenant(async (tx) => {
      // Only over the secret we read: of two rotations at once, one would otherwise hand out a dead secret.
      const { count } = await tx.webhookEndpoint.updateMany({
        where: { id, secretCiphertext: current.secretCiphertext },
        data: { secretCiphertext, secretHint: secretHint(secret), previousSecretCiphertext: current.secretCiphertext, previousSecretExpiresAt, rotatedAt },
      });
      if (count === 0) throw new InvalidInput('id', 'the secret was rotated by someone else at the same moment; rotate again if you need another');
      await this.audit.record({ action: 'webhook_endpoint.secret_rotated', targetType: 'webhook_endpoint', targetId: id, details: { previousSecretExpiresAt, secretSource: supplied ? 'supplied' : 'generated' } }, tx);
      return tx.webhookEndpoint.findUniqueOrThrow({ where: { id } });
    });
    this.directory.forget(row.endpointId);
    return { endpoint: this.toView(row), secret: supplied ? null : secret, previousSecretExpiresAt };
  }

  async remove(id: string): Promise<boolean> {
    const row = await this.find(id);
    await this.prisma.inTenant(async (tx) => {
      await tx.webhookEndpoint.delete({ where: { id } });
      await this.audit.record({ action: 'webhook_endpoint.deleted', targetType: 'webhook_endpoint', targetId: id, details: { name: row.name, format: row.format } }, tx);
    });
    this.directory.forget(row.endpointId);
    return true;
  }

  private async find(id: string): Promise<Row> {
    parseInput(uuid, id, 'id');
    const row = await this.prisma.inTenant((tx) => tx.webhookEndpoint.findUnique({ where: { id } }));
    if (!row) throw new NotFound('Webhook endpoint');
    return row;
  }

  private toView(row: Row): WebhookEndpoint {
    return {
      id: row.id,
      name: row.name,
      format: row.format,
      integrationId: row.integrationId,
      url: endpointUrl(this.config.publicUrl, row.endpointId),
      secretHint: row.secretHint,
      createdAt: row.createdAt,
      rotatedAt: row.rotatedAt,
      previousSecretExpiresAt: row.previousSecretExpiresAt,
      lastDeliveryAt: row.lastDeliveryAt,
    };
  }
}
