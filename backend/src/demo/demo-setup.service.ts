import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { IntegrationsService } from '../connections/integrations/integrations.service.js';
import { PayTraceConnectionsService } from '../connections/paytrace/paytrace-connections.service.js';
import { SageProConnectionsService } from '../connections/sagepro/sagepro-connections.service.js';
import { AlertSettingsService } from '../monitoring/alerts/alert-settings.service.js';
import type { AppConfig } from '../platform/config/config.js';
import { PrismaService } from '../platform/database/prisma.service.js';
import { DEMO_OWNER_EMAIL, DEMO_TENANT_ID } from '../platform/database/seed.js';
import { TenantContext } from '../platform/database/tenant-context.js';
import { APP_CONFIG, PROCESS_ROLE, type ProcessRole, runsWorkers } from '../platform/tokens.js';
import { WebhookEndpointsService } from '../webhooks/webhook-endpoints.service.js';
import { SANDBOX_PAIR_POLL_INTERVAL_SECONDS } from '../flows/environments/sandbox-pairs.rules.js';
import { type DemoEnvironmentPair, missingDemoPairs } from './demo-environments.js';
import { DemoTraffic } from './demo-traffic.service.js';
import { DEMO_ALERT_KINDS, DEMO_NAMES, DEMO_POLL_INTERVAL_SECONDS, DEMO_RATE_LIMIT_PER_MINUTE, type DemoTenant } from './demo-tenant.js';

/** Processes starting together (--role=api and --role=worker) wire the demo once. */
const SETUP_LOCK = 'settle.demo.setup';

/**
 * The demo tenant (seeded at start by platform/database/seed.ts) gets both sandboxes connected and
 * paired, a Shopify-orders webhook endpoint, alerts by email to its owner, and sandbox pairs of its
 * own for dev and qa: through the same services the portal uses, as that owner. Idempotent: what
 * exists is found by name and kept.
 * Only with DEMO=on, SANDBOXES=on and SEED=on, and only once the seed has made the tenant.
 */
@Injectable()
export class DemoSetup implements OnApplicationBootstrap {
  private readonly logger = new Logger('Demo');
  private wired: DemoTenant | null = null;

  constructor(
    private readonly prisma: PrismaService,
    private readonly payTrace: PayTraceConnectionsService,
    private readonly sagePro: SageProConnectionsService,
    private readonly integrations: IntegrationsService,
    private readonly webhooks: WebhookEndpointsService,
    private readonly alerts: AlertSettingsService,
    private readonly traffic: DemoTraffic,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
  ) {}

  /** The demo tenant once this process has wired it (null with the demo off, or before/after a failure). */
  get tenant(): DemoTenant | null {
    return this.wired;
  }

  /** Whether this process generates the demo's traffic (one process acts at a time; see DemoTraffic). */
  get trafficHere(): boolean {
    return this.traffic.running;
  }

  get enabled(): boolean {
    return this.config.DEMO === 'on' && this.config.SANDBOXES === 'on' && this.config.SEED === 'on';
  }

  /** A demo that cannot be wired must not stop Settle from starting: it is logged instead. */
  async onApplicationBootstrap(): Promise<void> {
    await this.start().catch((error: Error) => this.logger.warn(`demo tenant not set up: ${error.message}`));
  }

  /**
   * Wires the demo tenant, then generates its traffic when this process runs workers: with split
   * roles that is the worker process (every worker starts it; the one holding the lock acts).
   */
  async start(): Promise<DemoTenant | null> {
    if (!this.enabled) return null;
    const demo = await this.ensure();
    if (!demo) return null;
    if (runsWorkers(this.role)) this.traffic.start(demo);
    this.logger.log(`demo tenant ready: PayTrace and Sage Pro sandboxes connected; ${runsWorkers(this.role) ? 'traffic generator running' : 'traffic comes from the worker process'}`);
    return demo;
  }

  /** The demo tenant wired (null when the seed has not made it). */
  async ensure(): Promise<DemoTenant | null> {
    const owner = await this.owner();
    if (!owner) return null;
    this.wired = await this.alone(() => TenantContext.run({ tenantId: DEMO_TENANT_ID, userId: owner.id, role: 'owner' }, () => this.wire(owner)));
    return this.wired;
  }

  private async owner(): Promise<{ id: string; email: string } | null> {
    const user = await this.prisma.client.user.findUnique({ where: { email: DEMO_OWNER_EMAIL }, select: { id: true, email: true } });
    if (!user) return null;
    const member = await this.prisma.inScope({ tenantId: DEMO_TENANT_ID }, (tx) => tx.membership.findFirst({ where: { tenantId: DEMO_TENANT_ID, userId: user.id } }));
    return member ? user : null;
  }

  private async wire(owner: { id: string; email: string }): Promise<DemoTenant> {
    const payTraceId = await this.payTraceConnection();
    const sagePro = await this.sageProConnection();
    const integration = await this.integration(payTraceId, sagePro.id);
    const shop = await this.shopEndpoint(integration.id);
    await this.alerting(owner.email);
    await this.environmentPairs();
    return {
      tenantId: DEMO_TENANT_ID,
      userId: owner.id,
      email: owner.email,
      payTraceConnectionId: payTraceId,
      sageProConnectionId: sagePro.id,
      companyId: sagePro.companyId,
      integrationId: integration.id,
      orderLocation: integration.orderLocation,
      shopEndpointId: shop.id,
      shopEndpointPath: `/webhooks/${shop.endpointId}`,
    };
  }

  private async payTraceConnection(): Promise<string> {
    const found = await this.prisma.inTenant((tx) => tx.payTraceConnection.findFirst({ where: { name: DEMO_NAMES.payTrace, environment: 'sandbox' }, orderBy: { createdAt: 'asc' } }));
    if (found) return found.id;
    const created = await this.payTrace.create({
      environment: 'sandbox',
      name: DEMO_NAMES.payTrace,
      pollIntervalSeconds: DEMO_POLL_INTERVAL_SECONDS,
      rateLimitPerMinute: DEMO_RATE_LIMIT_PER_MINUTE,
    });
    return created.id;
  }

  /** The sandbox company is built on first use: the connection test is that use, as in the portal. */
  private async sageProConnection(): Promise<{ id: string; companyId: string }> {
    const found = await this.prisma.inTenant((tx) => tx.sageProConnection.findFirst({ where: { name: DEMO_NAMES.sagePro, edition: 'sandbox' }, orderBy: { createdAt: 'asc' } }));
    const connection = found ?? (await this.sagePro.create({ edition: 'sandbox', name: DEMO_NAMES.sagePro }));
    if (found?.lastTestResult !== 'ok') {
      const verdict = await this.sagePro.test(connection.id);
      if (verdict.status !== 'ok') throw new Error(`the sandbox Sage Pro company failed its test: ${verdict.status} ${verdict.message ?? ''}`.trim());
    }
    return { id: connection.id, companyId: connection.companyId };
  }

  private async integration(payTraceConnectionId: string, sageProConnectionId: string) {
    const found = await this.prisma.inTenant((tx) => tx.integration.findFirst({ where: { payTraceConnectionId } }));
    return found ?? this.integrations.create({ name: DEMO_NAMES.integration, payTraceConnectionId, sageProConnectionId });
  }

  private async shopEndpoint(integrationId: string): Promise<{ id: string; endpointId: string }> {
    const find = () => this.prisma.inTenant((tx) => tx.webhookEndpoint.findFirst({ where: { integrationId, format: 'shopify_orders' }, orderBy: { createdAt: 'asc' } }));
    const found = await find();
    if (found) return found;
    // The secret is shown once, here unused: the demo's shop reads it back encrypted, as Settle does.
    await this.webhooks.create({ integrationId, format: 'shopify_orders', name: DEMO_NAMES.shop });
    return (await find())!;
  }

  /** dev and qa each get a pair on the sandboxes unless they have one (see demo-environments.ts). */
  private async environmentPairs(): Promise<void> {
    const existing = await this.prisma.inTenant((tx) => tx.integration.findMany({ select: { environment: true } }));
    for (const pair of missingDemoPairs(existing)) await this.environmentPair(pair);
  }

  /** Connections left by an earlier start that failed half-way are found by name and used. */
  private async environmentPair(pair: DemoEnvironmentPair): Promise<void> {
    const payTrace =
      (await this.prisma.inTenant((tx) => tx.payTraceConnection.findFirst({ where: { name: pair.payTrace, environment: 'sandbox' }, orderBy: { createdAt: 'asc' } }))) ??
      (await this.payTrace.create({ environment: 'sandbox', name: pair.payTrace, pollIntervalSeconds: SANDBOX_PAIR_POLL_INTERVAL_SECONDS }));
    const sagePro =
      (await this.prisma.inTenant((tx) => tx.sageProConnection.findFirst({ where: { name: pair.sagePro, edition: 'sandbox' }, orderBy: { createdAt: 'asc' } }))) ??
      (await this.sagePro.create({ edition: 'sandbox', name: pair.sagePro, companyId: pair.companyId }));
    await this.integrations.create({ name: pair.integration, environment: pair.environment, payTraceConnectionId: payTrace.id, sageProConnectionId: sagePro.id });
  }

  /** Rules a person changed (or disabled) stay as they are; only missing ones are added. */
  private async alerting(email: string): Promise<void> {
    const existing = new Set((await this.alerts.rules()).map((rule) => rule.kind));
    for (const kind of DEMO_ALERT_KINDS.filter((k) => !existing.has(k))) await this.alerts.upsertRule({ kind, enabled: true });
    const channels = await this.alerts.channels();
    if (!channels.some((channel) => channel.kind === 'email' && channel.target === email)) {
      await this.alerts.createChannel({ kind: 'email', name: DEMO_NAMES.alertChannel, target: email });
    }
  }

  /** One process at a time, across processes: a session advisory lock on its own connection. */
  private async alone<T>(work: () => Promise<T>): Promise<T> {
    const client = await this.prisma.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [SETUP_LOCK]);
      try {
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [SETUP_LOCK]).catch(() => undefined);
      }
    } finally {
      client.release();
    }
  }
}
