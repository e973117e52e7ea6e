import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { AppConfig } from '../platform/config/config.js';
import type { Infrastructure } from '../platform/runtime/infrastructure.js';
import { APP_CONFIG, INFRASTRUCTURE } from '../platform/tokens.js';
import { createMerchant } from './paytrace/merchants.store.js';
import { ensureSageProSandbox, ensureSageProSandboxDatabase } from './sagepro/index.js';

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
  private sagePro?: Promise<pg.Pool>;

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
   * on first use so that a process that never touches Sage Pro does not pay for it.
   */
  sageProPool(): Promise<pg.Pool> {
    this.sagePro ??= (async () => {
      const url = await ensureSageProSandboxDatabase(this.infrastructure.adminDatabaseUrl, this.config.SAGEPRO_SANDBOX_DATABASE);
      const pool = new pg.Pool({ connectionString: url, max: 8 });
      pool.on('error', () => undefined);
      await ensureSageProSandbox(pool);
      return pool;
    })();
    this.sagePro.catch(() => (this.sagePro = undefined));
    return this.sagePro;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end().catch(() => undefined);
    if (this.sagePro) await (await this.sagePro.catch(() => undefined))?.end().catch(() => undefined);
  }
}
