import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { type BuiltInSandboxes, PAYTRACE_SANDBOX_PREFIX, type SandboxMerchant, SandboxNotListening } from '../platform/built-in-sandboxes.js';
import type { AppConfig } from '../platform/config/config.js';
import type { Infrastructure } from '../platform/runtime/infrastructure.js';
import { APP_CONFIG, INFRASTRUCTURE, PROCESS_ROLE, type ProcessRole, servesApi } from '../platform/tokens.js';
import { createMerchant } from './paytrace/merchants.store.js';
// Sage Pro faults: the sandbox company is reached through a fault proxy as a role of its own.
import { SageProSandboxAccess } from './sagepro/faults/sandbox-access.js';
import { SANDBOX_CONNECTOR_GL } from './sagepro/seed-data.js';

export { PAYTRACE_SANDBOX_PREFIX, type SandboxMerchant, SandboxNotListening };

/**
 * The built-in sandboxes, served by this process under /sandbox/*. They stand for external systems, so
 * they keep their own schemas and databases and reach them as their own role (settle_sandbox: CREATEDB
 * and nothing more; no right on Settle's tables), never with a superuser URL.
 */
@Injectable()
export class SandboxService implements BuiltInSandboxes, OnModuleDestroy {
  readonly pool: pg.Pool;
  private readonly sagePro = new Map<string, Promise<SageProSandboxAccess>>();

  constructor(
    @Inject(INFRASTRUCTURE) private readonly infrastructure: Infrastructure,
    @Inject(APP_CONFIG) readonly config: AppConfig,
    private readonly http: HttpAdapterHost,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
  ) {
    this.pool = new pg.Pool({ connectionString: infrastructure.sandboxDatabaseUrl, max: 4 });
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
    // A worker-only process serves no HTTP: the API process serves the sandbox, at PUBLIC_URL.
    if (!address && !servesApi(this.role)) return `${this.config.publicUrl.replace(/\/+$/, '')}${PAYTRACE_SANDBOX_PREFIX}`;
    if (!address) throw new SandboxNotListening();
    const host = address.family === 'IPv6' ? `[${address.address === '::' ? '::1' : address.address}]` : address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
    return `http://${host}:${address.port}${PAYTRACE_SANDBOX_PREFIX}`;
  }

  /**
   * The GL accounts a connection to a sandbox company posts to, chosen for it when it is connected in
   * one click (the sandbox's chart is Settle's own; a real company's accounts are chosen by a person).
   */
  sageProPostingAccounts(): { cash: string; receivables: string; discounts: string; refunds: string; chargebacks: string; sales: string } {
    return { ...SANDBOX_CONNECTOR_GL };
  }

  /**
   * The Sage Pro sandbox company's database (its own, like a customer's Sage Pro), built and seeded
   * on first use so that a process that never touches Sage Pro does not pay for it. The connector's
   * pool logs in as `sagepro_user` THROUGH the fault proxy (sagepro/faults/README.md), so the admin
   * API's faults hit the connector's real code path. Each tenant gets a sandbox company of its own
   * (a database each), so no tenant ever sees another's receipts land.
   */
  async sageProPool(tenantId?: string): Promise<pg.Pool> {
    return (await this.sageProSandbox(tenantId)).pool;
  }

  /** Sage Pro faults: the sandbox's pools (connector's, proxied; admin's, direct), proxy and lock holder. */
  sageProSandbox(tenantId?: string): Promise<SageProSandboxAccess> {
    const database = sageProSandboxDatabase(this.config.SAGEPRO_SANDBOX_DATABASE, tenantId);
    let access = this.sagePro.get(database);
    if (!access) {
      access = SageProSandboxAccess.open({ sandboxServerUrl: this.infrastructure.sandboxDatabaseUrl, database });
      access.catch(() => this.sagePro.delete(database));
      this.sagePro.set(database, access);
    }
    return access;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end().catch(() => undefined);
    for (const access of this.sagePro.values()) await (await access.catch(() => undefined))?.close().catch(() => undefined); // pools, proxy, row locks
  }
}

/** `<base>_<tenant>` for a tenant's sandbox company; PostgreSQL names stop at 63 characters. */
export function sageProSandboxDatabase(base: string, tenantId?: string): string {
  return tenantId ? `${base}_${tenantId.replaceAll('-', '').slice(0, 16)}`.slice(0, 63) : base;
}
