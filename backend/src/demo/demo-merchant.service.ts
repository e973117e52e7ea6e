import { Inject, Injectable } from '@nestjs/common';
import { PayTraceConnectionsService } from '../connections/paytrace/paytrace-connections.service.js';
import type { AppConfig } from '../platform/config/config.js';
import { TenantContext } from '../platform/database/tenant-context.js';
import { APP_CONFIG } from '../platform/tokens.js';
import { PAYTRACE_SANDBOX_PREFIX, SandboxService } from '../sandbox/sandbox.service.js';
import type { DemoTenant } from './demo-tenant.js';
import { PayTraceMerchant } from './paytrace-merchant.js';

/** The demo merchant's own PayTrace login, and where Settle (sandboxes, webhooks) is reached over HTTP. */
export interface DemoMerchant {
  merchant: PayTraceMerchant;
  /** e.g. http://127.0.0.1:3000: this process when it listens, else (a worker) the API at PUBLIC_URL. */
  origin: string;
}

/**
 * The demo tenant's PayTrace sandbox merchant as its other systems (traffic, demo shop) use it: plain
 * HTTP with its own credentials, nothing of Settle's PayTrace client. Looked up once per origin.
 */
@Injectable()
export class DemoMerchants {
  private cached?: DemoMerchant & { connectionId: string };

  constructor(
    private readonly sandboxes: SandboxService,
    private readonly payTrace: PayTraceConnectionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** null while nothing serves the sandbox yet (a process that will listen, before it does). */
  origin(): string | null {
    try {
      return this.sandboxes.payTraceBaseUrl().slice(0, -PAYTRACE_SANDBOX_PREFIX.length);
    } catch {
      return null;
    }
  }

  async of(demo: DemoTenant, origin: string): Promise<DemoMerchant> {
    const cached = this.cached;
    if (cached?.origin === origin && cached.connectionId === demo.payTraceConnectionId) return cached;
    const credentials = await TenantContext.run({ tenantId: demo.tenantId }, () => this.payTrace.credentials(demo.payTraceConnectionId));
    const { rows } = await this.sandboxes.pool.query<{ id: string }>('SELECT id FROM paytrace_sandbox.merchants WHERE api_username = $1', [credentials.username]);
    if (!rows[0]) throw new Error(`no PayTrace sandbox merchant ${credentials.username}`);
    const merchant = new PayTraceMerchant({
      baseUrl: `${origin}${PAYTRACE_SANDBOX_PREFIX}`,
      username: credentials.username,
      password: credentials.password,
      merchantId: Number(rows[0].id),
      adminKey: this.config.sandboxAdminKey,
    });
    this.cached = { merchant, origin, connectionId: demo.payTraceConnectionId };
    return this.cached;
  }
}
