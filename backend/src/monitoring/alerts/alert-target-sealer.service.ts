import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PrismaService } from '../../platform/database/prisma.service.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import { SecretVault } from '../../platform/secrets/secret-vault.service.js';
import { displayTarget } from './alert.rules.js';

/**
 * Encrypts webhook URLs stored in the clear before they were secrets (migration
 * 20261126100000_alert_channel_secrets: SQL cannot encrypt). Runs at every start and finds nothing
 * once done; several processes may run it at once, each row is sealed once.
 */
@Injectable()
export class AlertTargetSealer implements OnApplicationBootstrap {
  private readonly logger = new Logger('AlertTargetSealer');

  constructor(
    private readonly prisma: PrismaService,
    private readonly vault: SecretVault,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Delivery falls back to the plaintext meanwhile, so a failure here only postpones the sealing.
    const sealed = await this.sealAll().catch((error: Error) => this.logger.warn(`webhook URLs not sealed yet: ${error.message}`));
    if (sealed) this.logger.log(`${sealed} alert webhook URL(s) encrypted`);
  }

  /** Seals every tenant's plaintext webhook URLs; returns how many this call sealed. */
  async sealAll(): Promise<number> {
    const tenants = await this.prisma.client.$queryRaw<{ tenant_id: string }[]>`SELECT tenant_id FROM alerts_tenants_with_plain_webhook_targets()`;
    let sealed = 0;
    for (const { tenant_id: tenantId } of tenants) sealed += await TenantContext.run({ tenantId }, () => this.sealTenant());
    return sealed;
  }

  private async sealTenant(): Promise<number> {
    const plain = await this.prisma.inTenant((tx) => tx.alertChannel.findMany({ where: { kind: 'webhook', targetCiphertext: null, target: { not: null } } }));
    let sealed = 0;
    for (const row of plain) {
      const url = row.target!;
      const data = { target: null, targetCiphertext: await this.vault.encrypt(url), targetHint: displayTarget('webhook', url) };
      // Only while still in the clear: another process may have sealed it meanwhile.
      const { count } = await this.prisma.inTenant((tx) => tx.alertChannel.updateMany({ where: { id: row.id, targetCiphertext: null }, data }));
      sealed += count;
    }
    return sealed;
  }
}
