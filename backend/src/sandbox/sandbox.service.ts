import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { AppConfig } from '../platform/config/config.js';
import type { Infrastructure } from '../platform/runtime/infrastructure.js';
import { APP_CONFIG, INFRASTRUCTURE } from '../platform/tokens.js';
import { createMerchant } from './paytrace/merchants.store.js';
// Sage Pro faults: the sandbox company is reached through a fault proxy as a role of its own.
import { SageProSandboxAccess } from './sagepro/faults/sandbox-access.js';

export const PAYTRACE_SANDBOX_PREFIX = '/sandbox/paytrace';

export interface SandboxMerchant {
  username: string;
  password: string;
  integratorId: string;
  timeZone: string;
}

/**
 * The built-in sandboxes, served by this process under /sandbox/*. They stand for external systems, so
 * they keep their own schemas and reach them with the privileged URL, outside row-level security.
 */
@Injectable()
export class SandboxService implements OnModuleDestroy {
  readonly pool: pg.Pool;
  private sagePro?: Promise<SageProSandboxAccess>;

  constructor(
    @Inject(INFRASTRUCTURE) private readonly infrastructure: Infrastructure,
    @Inject(APP_CONFIG) readonly config: AppConfig,
    private readonly http: HttpAdapterHost,
  ) {
    this.pool = new pg.Pool({ connectionString: infrastructure.adminDatabaseUrl, max: 4 });
    this.pool.on('error', () => undefined);
  }

  get enabled(): boolean {
    return this.config.SANDBOXES === 'on';
  }

  /** A new PayTrace sandbox merchant for a one-click connection. */
  async createPayTraceMerchant(name: string, timeZone?: string): Promise<SandboxMerchant> {
    const { merchant, password } = await createMerchant(this.pool, { name, timeZone });
    return { username: merchant.apiUsername, password, integratorId: merchant.integratorId, timeZone: merchant.timeZone };
  }

  /** Where this process serves the PayTrace sandbox; the connector calls it over real HTTP. */
  payTraceBaseUrl(): string {
    const address = this.http.httpAdapter.getHttpServer().address() as AddressInfo | null;
    if (!address) throw new Error('The PayTrace sandbox is reachable only once Settle listens on a port');
    const host = address.family === 'IPv6' ? `[${address.address === '::' ? '::1' : address.address}]` : address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
    return `http://${host}:${address.port}${PAYTRACE_SANDBOX_PREFIX}`;
  }

  /**
   * The Sage Pro sandbox company's database (its own, like a customer's Sage Pro), built and seeded
   * on first use so that a process that never touches Sage Pro does not pay for it. The connector's
   * pool logs in as `sagepro_user` THROUGH the fault proxy (sagepro/faults/README.md), so the admin
   * API's faults hit the connector's real code path.
   */
  async sageProPool(): Promise<pg.Pool> {
    return (await this.sageProSandbox()).pool;
  }

  /** Sage Pro faults: the sandbox's pools (connector's, proxied; admin's, direct), proxy and lock holder. */
  sageProSandbox(): Promise<SageProSandboxAccess> {
    this.sagePro ??= SageProSandboxAccess.open({ adminServerUrl: this.infrastructure.adminDatabaseUrl, database: this.config.SAGEPRO_SANDBOX_DATABASE });
    this.sagePro.catch(() => (this.sagePro = undefined));
    return this.sagePro;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end().catch(() => undefined);
    if (this.sagePro) await (await this.sagePro.catch(() => undefined))?.close().catch(() => undefined); // pools, proxy, held row locks
  }
}
