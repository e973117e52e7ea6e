import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { SignUpFollowUps } from '../../auth/sign-up-follow-ups.js';
import { IntegrationsService } from '../../connections/integrations/integrations.service.js';
import { PayTraceConnectionsService } from '../../connections/paytrace/paytrace-connections.service.js';
import { SageProConnectionsService } from '../../connections/sagepro/sagepro-connections.service.js';
import type { Integration } from '../../generated/prisma/client.js';
import { BUILT_IN_SANDBOXES, type BuiltInSandboxes } from '../../platform/built-in-sandboxes.js';
import type { AppConfig } from '../../platform/config/config.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import { Conflict, Forbidden } from '../../platform/errors.js';
import { APP_CONFIG } from '../../platform/tokens.js';
import { missingSandboxPairs, SANDBOX_PAIR_ENVIRONMENTS, SANDBOX_PAIR_POLL_INTERVAL_SECONDS, type SandboxPairPlan, sandboxPairsRefusal } from './sandbox-pairs.rules.js';

/** How long a second request waits for the first to finish making the tenant's pairs. */
const WAIT_FOR_OTHER_MS = 30_000;
const RETRY_MS = 100;

/**
 * Gives dev and qa an integration pair each on the built-in sandboxes: a sandbox PayTrace merchant and
 * a sandbox Sage Pro company, made by the same services the portal's one-click connections use (so
 * they are audited, encrypted and scheduled as any other), only where the environment has no pair.
 */
@Injectable()
export class SandboxPairsService implements OnModuleInit {
  constructor(
    private readonly prisma: PrismaService,
    private readonly payTrace: PayTraceConnectionsService,
    private readonly sagePro: SageProConnectionsService,
    private readonly integrations: IntegrationsService,
    private readonly followUps: SignUpFollowUps,
    @Inject(BUILT_IN_SANDBOXES) private readonly sandboxes: BuiltInSandboxes,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.SANDBOX_PAIRS_ON_SIGNUP === 'on') this.followUps.register('sandbox pairs for dev and qa', () => this.provision());
  }

  /** Makes the missing pairs; answers the dev and qa pairs there are afterwards. */
  async provision(): Promise<Integration[]> {
    const refusal = sandboxPairsRefusal(this.sandboxes.enabled);
    if (refusal) throw new Forbidden(refusal);
    await this.oneAtATimePerTenant(async (tenant) => {
      const existing = await this.pairs();
      for (const plan of missingSandboxPairs(existing)) await this.makePair(plan, tenant.timeZone);
    });
    return this.pairs();
  }

  private pairs(): Promise<Integration[]> {
    return this.prisma.inTenant((tx) =>
      tx.integration.findMany({ where: { environment: { in: [...SANDBOX_PAIR_ENVIRONMENTS] } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    );
  }

  /**
   * Runs `work` while this transaction holds the tenant's sandbox-pairs advisory lock, so two requests
   * at once never both find an environment unpaired. The work's own writes commit on their own
   * transactions (the connection services open them) before the lock goes with this one. A request
   * that finds the lock taken holds no connection while it waits, then looks again: it finds the
   * pairs the first one made.
   */
  private async oneAtATimePerTenant(work: (tenant: { timeZone: string }) => Promise<void>): Promise<void> {
    const tenantId = TenantContext.actor().tenantId!;
    const deadline = Date.now() + WAIT_FOR_OTHER_MS;
    for (;;) {
      const done = await this.prisma.inTenant(
        async (tx) => {
          const [{ locked }] = await tx.$queryRaw<{ locked: boolean }[]>`
            SELECT pg_try_advisory_xact_lock(hashtext('settle.sandbox_pairs'), hashtext(${tenantId})) AS locked`;
          if (!locked) return false;
          await work(await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { timeZone: true } }));
          return true;
        },
        { timeoutMs: WAIT_FOR_OTHER_MS },
      );
      if (done) return;
      if (Date.now() > deadline) throw new Conflict(tenantId, 'sandbox pairs are being made for this tenant by another request; try again in a moment');
      await sleep(RETRY_MS);
    }
  }

  /** One pair; when a step fails, the connections already made for it are taken back. */
  private async makePair(plan: SandboxPairPlan, timeZone: string): Promise<void> {
    const payTrace = await this.payTrace.create({ environment: 'sandbox', name: plan.name, timeZone, pollIntervalSeconds: SANDBOX_PAIR_POLL_INTERVAL_SECONDS });
    try {
      const sagePro = await this.sagePro.create({ edition: 'sandbox', name: plan.name, companyId: plan.companyId });
      try {
        await this.integrations.create({ name: plan.name, environment: plan.environment, payTraceConnectionId: payTrace.id, sageProConnectionId: sagePro.id });
      } catch (error) {
        await this.sagePro.remove(sagePro.id).catch(() => undefined);
        throw error;
      }
    } catch (error) {
      await this.payTrace.remove(payTrace.id).catch(() => undefined);
      throw error;
    }
  }
}
