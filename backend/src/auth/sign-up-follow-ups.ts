import { Injectable, Logger } from '@nestjs/common';
import { TenantContext } from '../platform/database/tenant-context.js';

/** The company that just signed up, and its owner. */
export interface SignedUpTenant {
  tenantId: string;
  userId: string;
}

type FollowUp = (tenant: SignedUpTenant) => Promise<unknown>;

/**
 * What other modules do once a company's tenant exists (its sandbox pairs, say). Auth knows no
 * domain: a module registers its follow-up here. Each runs after the sign-up transaction committed,
 * as the new owner; one that fails is logged and the sign-up still succeeds (it can be done later).
 */
@Injectable()
export class SignUpFollowUps {
  private readonly logger = new Logger('SignUp');
  private readonly followUps: { name: string; run: FollowUp }[] = [];

  register(name: string, run: FollowUp): void {
    this.followUps.push({ name, run });
  }

  async run(tenant: SignedUpTenant): Promise<void> {
    for (const followUp of this.followUps) {
      try {
        await TenantContext.run({ ...TenantContext.actor(), tenantId: tenant.tenantId, userId: tenant.userId, role: 'owner' }, () => followUp.run(tenant));
      } catch (error) {
        this.logger.warn(`tenant ${tenant.tenantId}: ${followUp.name} not done at sign-up (${(error as Error).message}); it can be done later`);
      }
    }
  }
}
