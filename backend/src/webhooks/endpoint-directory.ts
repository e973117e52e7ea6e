import { Injectable } from '@nestjs/common';
import { PrismaService } from '../platform/database/prisma.service.js';
import { TenantContext } from '../platform/database/tenant-context.js';
import { SecretVault } from '../platform/secrets/secret-vault.service.js';
import { ENDPOINT_ID_PATTERN, type WebhookFormatName } from './webhook-endpoint.rules.js';

/** An endpoint as the route needs it, secrets decrypted; only ever held in memory. */
export interface ReceivingEndpoint {
  id: string;
  endpointId: string;
  tenantId: string;
  integrationId: string;
  format: WebhookFormatName;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
}

/** Long enough that a busy endpoint costs no lookup per delivery, short enough for other processes' rotations. */
const CACHE_TTL_MS = 30_000;
const SWEEP_ABOVE_ENTRIES = 10_000;

/**
 * Finds the endpoint a delivery names. The sender is unauthenticated, so the tenant comes from the
 * SECURITY DEFINER function webhook_find_endpoint, which reveals nothing but the tenant and row id;
 * the row itself is then read inside that tenant. Results are cached per endpoint id for 30 s.
 */
@Injectable()
export class EndpointDirectory {
  private readonly cache = new Map<string, { endpoint: ReceivingEndpoint; expiresAt: number }>();
  private readonly loading = new Map<string, Promise<ReceivingEndpoint | null>>();
  /** Bumped by `forget`: a lookup that started before it must not cache what it read. */
  private generation = 0;

  constructor(
    private readonly prisma: PrismaService,
    private readonly vault: SecretVault,
  ) {}

  find(endpointId: string): Promise<ReceivingEndpoint | null> {
    if (!ENDPOINT_ID_PATTERN.test(endpointId)) return Promise.resolve(null);
    const cached = this.cache.get(endpointId);
    if (cached && cached.expiresAt > Date.now()) return Promise.resolve(cached.endpoint);
    // Concurrent first deliveries share one lookup.
    let pending = this.loading.get(endpointId);
    if (!pending) {
      pending = this.load(endpointId).finally(() => this.loading.delete(endpointId));
      this.loading.set(endpointId, pending);
    }
    return pending;
  }

  /** After a rotation or deletion in this process; other processes see it within the cache's 30 s. */
  forget(endpointId: string): void {
    this.generation++;
    this.cache.delete(endpointId);
    this.loading.delete(endpointId);
  }

  private async load(endpointId: string): Promise<ReceivingEndpoint | null> {
    const generation = this.generation;
    const { rows } = await this.prisma.pool.query<{ id: string; tenant_id: string }>('SELECT id, tenant_id FROM webhook_find_endpoint($1)', [endpointId]);
    if (!rows[0]) return null;
    const tenantId = rows[0].tenant_id;
    const endpoint = await TenantContext.run({ tenantId }, () => this.read(rows[0].id, tenantId));
    if (endpoint && generation === this.generation) this.remember(endpointId, endpoint);
    return endpoint;
  }

  private async read(id: string, tenantId: string): Promise<ReceivingEndpoint | null> {
    const row = await this.prisma.inTenant((tx) => tx.webhookEndpoint.findUnique({ where: { id } }));
    if (!row) return null;
    const previousLive = row.previousSecretCiphertext && row.previousSecretExpiresAt && row.previousSecretExpiresAt > new Date();
    return {
      id: row.id,
      endpointId: row.endpointId,
      tenantId,
      integrationId: row.integrationId,
      format: row.format,
      secret: await this.vault.decrypt(row.secretCiphertext),
      previousSecret: previousLive ? await this.vault.decrypt(row.previousSecretCiphertext!) : null,
      previousSecretExpiresAt: previousLive ? row.previousSecretExpiresAt : null,
    };
  }

  private remember(endpointId: string, endpoint: ReceivingEndpoint): void {
    const now = Date.now();
    if (this.cache.size > SWEEP_ABOVE_ENTRIES) {
      for (const [key, entry] of this.cache) if (entry.expiresAt <= now) this.cache.delete(key);
    }
    this.cache.set(endpointId, { endpoint, expiresAt: now + CACHE_TTL_MS });
  }
}
