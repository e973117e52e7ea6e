import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AuditService } from '../../monitoring/audit/audit.service.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import { Forbidden, NotFound } from '../../platform/errors.js';
import { type Connection, keysetQuery, type Page, toConnection } from '../../platform/graphql/pagination.js';
import { parseInput } from '../../platform/validation.js';
import { hashSecret, newApiKey } from '../credentials.js';
import { API_KEY_SCOPES } from '../roles.js';
import type { ApiKey, CreateApiKeyInput, CreatedApiKey } from './api-key.types.js';

const createRules = z.object({
  name: z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1, 'needs at least one scope').transform((s) => [...new Set(s)]),
});

const uuid = z.uuid();

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  async create(input: CreateApiKeyInput): Promise<CreatedApiKey> {
    const { name, scopes } = parseInput(createRules, input);
    const actor = TenantContext.actor();
    if (!actor.userId) throw new Forbidden('API keys are created by people, not by other keys');
    const { prefix, secret, key } = newApiKey();
    const apiKey = await this.prisma.inTenant(async (tx) => {
      const row = await tx.apiKey.create({
        data: { tenantId: actor.tenantId!, name, prefix, keyHash: hashSecret(secret), scopes, createdBy: actor.userId! },
      });
      await this.audit.record({ action: 'api_key.created', targetType: 'api_key', targetId: row.id, details: { name, scopes, prefix } }, tx);
      return row;
    });
    return { apiKey: toApiKey(apiKey), secret: key };
  }

  async revoke(id: string): Promise<ApiKey> {
    parseInput(uuid, id, 'id');
    return this.prisma.inTenant(async (tx) => {
      const existing = await tx.apiKey.findUnique({ where: { id } });
      if (!existing) throw new NotFound('API key');
      const row = existing.revokedAt ? existing : await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
      if (!existing.revokedAt) {
        await this.audit.record({ action: 'api_key.revoked', targetType: 'api_key', targetId: id, details: { prefix: row.prefix } }, tx);
      }
      return toApiKey(row);
    });
  }

  list(page: Page): Promise<Connection<ApiKey>> {
    return this.prisma.inTenant(async (tx) => toConnection(await tx.apiKey.findMany(keysetQuery(page)), page, toApiKey));
  }
}

function toApiKey(row: { id: string; name: string; prefix: string; scopes: string[]; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }): ApiKey {
  return { ...row, scopes: row.scopes as ApiKey['scopes'] };
}
