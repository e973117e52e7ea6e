import { hkdfSync, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { PrismaService, type Tx } from '../database/prisma.service.js';
import { TenantContext } from '../database/tenant-context.js';
import { Unauthenticated } from '../errors.js';
import { APP_CONFIG } from '../tokens.js';
import {
  DecryptionFailed,
  dataKeyIdOf,
  decryptSecret,
  encryptSecret,
  masterKeyId,
  newDataKey,
  secretHint,
  unwrapDataKey,
  wrapDataKey,
} from './envelope.js';
import { KeyCache } from './key-cache.js';

interface DataKey {
  id: string;
  key: Buffer;
}

/** The tenant has data keys, but none wrapped by the configured master key (a rotation is unfinished). */
export class DataKeyUnavailable extends Error {}

/** About 1,000 tenants: each has a "current" entry and an entry by data key id. */
const CACHE_ENTRIES = 2_000;
const CACHE_TTL_MS = 10 * 60_000;

/**
 * Encrypts and decrypts the current tenant's secrets (PayTrace passwords, connection strings, webhook
 * secrets) with that tenant's data key. The data key is created on first use, stored only wrapped by
 * SETTLE_MASTER_KEY (tenant_data_keys, row-level security), and kept unwrapped in a small LRU cache.
 *
 * Data keys are read and created in the vault's own transaction, never the caller's: a key cached or
 * used for a ciphertext must be committed, or a rolled-back caller would leave secrets nobody can read.
 */
@Injectable()
export class SecretVault {
  readonly masterKeyId: string;
  private readonly masterKey: Buffer;
  private readonly cache = new KeyCache<DataKey>(CACHE_ENTRIES, CACHE_TTL_MS);
  private readonly loading = new Map<string, Promise<DataKey>>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly prisma: PrismaService,
  ) {
    this.masterKey = config.masterKey;
    this.masterKeyId = masterKeyId(config.masterKey);
  }

  /** `v1:<dataKeyId>:<iv>:<tag>:<data>`, bound to the current tenant. */
  async encrypt(plaintext: string): Promise<string> {
    const tenantId = currentTenantId();
    const dataKey = await this.currentDataKey(tenantId);
    return encryptSecret(plaintext, dataKey.id, dataKey.key, tenantId);
  }

  /** Throws DecryptionFailed for another tenant's, a tampered or a malformed ciphertext. */
  async decrypt(ciphertext: string): Promise<string> {
    const tenantId = currentTenantId();
    const dataKeyId = dataKeyIdOf(ciphertext);
    const dataKey = await this.dataKeyById(tenantId, dataKeyId);
    return decryptSecret(ciphertext, dataKey.key, tenantId);
  }

  /**
   * A 32-byte key for `purpose`, derived (HKDF) from `tenantId`'s data key: the same for as long as the
   * tenant exists, since a master key rotation re-wraps the data key without changing it. For keyed
   * hashes that must match across time (card-like ids become tokens that deduplicate redeliveries).
   */
  async derivedKey(tenantId: string, purpose: string): Promise<Buffer> {
    const dataKey = await TenantContext.run({ ...TenantContext.actor(), tenantId }, () => this.currentDataKey(tenantId));
    return Buffer.from(hkdfSync('sha256', dataKey.key, Buffer.alloc(0), purpose, 32));
  }

  /** What the API may show of a secret, e.g. `••••••1234`. */
  hint(secret: string): string {
    return secretHint(secret);
  }

  private currentDataKey(tenantId: string): Promise<DataKey> {
    const cached = this.cache.get(`current:${tenantId}`);
    if (cached) return Promise.resolve(cached);
    // Concurrent first uses in this process share one load (and one creation).
    let pending = this.loading.get(tenantId);
    if (!pending) {
      pending = this.loadOrCreate(tenantId).finally(() => this.loading.delete(tenantId));
      this.loading.set(tenantId, pending);
    }
    return pending;
  }

  private async loadOrCreate(tenantId: string): Promise<DataKey> {
    const dataKey = await this.prisma.inTenant(async (tx) => {
      const existing = await this.findCurrent(tx, tenantId);
      if (existing) return existing;
      // Other processes may be creating this tenant's key too: one of them wins, the others read it.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`settle.data-key:${tenantId}`}, 0))`;
      return (await this.findCurrent(tx, tenantId)) ?? (await this.create(tx, tenantId));
      // Committed at once: the cache remembers the key, so it must be stored before anything uses it.
    }, { committedAtOnce: true });
    this.remember(tenantId, dataKey);
    return dataKey;
  }

  private async dataKeyById(tenantId: string, dataKeyId: string): Promise<DataKey> {
    const cached = this.cache.get(`key:${tenantId}:${dataKeyId}`);
    if (cached) return cached;
    const dataKey = await this.prisma.inTenant(async (tx) => {
      const rows = await tx.tenantDataKey.findMany({ where: { tenantId, dataKeyId } });
      const row = rows.find((candidate) => candidate.masterKeyId === this.masterKeyId);
      if (row) return { id: row.dataKeyId, key: unwrapDataKey(row.wrappedKey, this.masterKey, row) };
      if (rows.length) throw this.notWrapped(dataKeyId);
      // Another tenant's key, or none at all: row-level security makes the two look alike, on purpose.
      throw new DecryptionFailed(`no data key ${dataKeyId} in this tenant`);
    });
    this.cache.set(`key:${tenantId}:${dataKeyId}`, dataKey);
    return dataKey;
  }

  /** The newest data key wrapped by the configured master key; none yet is fine, none *readable* is not. */
  private async findCurrent(tx: Tx, tenantId: string): Promise<DataKey | undefined> {
    // One statement, one snapshot: a key another process commits meanwhile is seen whole or not at all.
    const rows = await tx.tenantDataKey.findMany({ where: { tenantId }, orderBy: [{ createdAt: 'desc' }, { dataKeyId: 'asc' }] });
    const row = rows.find((candidate) => candidate.masterKeyId === this.masterKeyId);
    if (row) return { id: row.dataKeyId, key: unwrapDataKey(row.wrappedKey, this.masterKey, row) };
    if (rows.length) throw this.notWrapped(rows[0].dataKeyId);
    return undefined;
  }

  private async create(tx: Tx, tenantId: string): Promise<DataKey> {
    const dataKey = { id: randomUUID(), key: newDataKey() };
    await tx.tenantDataKey.create({
      data: {
        dataKeyId: dataKey.id,
        tenantId,
        masterKeyId: this.masterKeyId,
        wrappedKey: wrapDataKey(dataKey.key, this.masterKey, { dataKeyId: dataKey.id, tenantId }),
      },
    });
    return dataKey;
  }

  private remember(tenantId: string, dataKey: DataKey): void {
    this.cache.set(`current:${tenantId}`, dataKey);
    this.cache.set(`key:${tenantId}:${dataKey.id}`, dataKey);
  }

  private notWrapped(dataKeyId: string): DataKeyUnavailable {
    return new DataKeyUnavailable(
      `data key ${dataKeyId} is not wrapped by master key ${this.masterKeyId} (SETTLE_MASTER_KEY): ` +
        'run npm run keys:rotate with the previous key as SETTLE_MASTER_KEY and this one as SETTLE_NEW_MASTER_KEY',
    );
  }
}

function currentTenantId(): string {
  const tenantId = TenantContext.actor().tenantId;
  if (!tenantId) throw new Unauthenticated('No tenant selected');
  return tenantId;
}
