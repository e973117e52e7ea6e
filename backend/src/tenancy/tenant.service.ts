import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AuditService } from '../monitoring/audit/audit.service.js';
import { PrismaService } from '../platform/database/prisma.service.js';
import { TenantContext } from '../platform/database/tenant-context.js';
import { NotFound } from '../platform/errors.js';
import { isIsoCurrency } from '../platform/money/currencies.js';
import { timeZoneRule } from '../platform/time-zone.js';
import { parseInput } from '../platform/validation.js';
import type { Tenant } from './tenant.types.js';
import type { UpdateTenantInput } from './tenant.inputs.js';

const updateRules = z.object({
  name: z.string().trim().min(1, 'is required').max(120).optional(),
  timeZone: timeZoneRule.optional(),
  baseCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as USD')
    .refine(isIsoCurrency, 'is not a known ISO 4217 currency')
    .optional(),
  prodPromotionNeedsApproval: z.boolean().optional(),
  suggestionsMaySendSamples: z.boolean().optional(),
});

@Injectable()
export class TenantService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  current(): Promise<Tenant> {
    return this.prisma.inTenant(async (tx) => {
      const tenant = await tx.tenant.findUnique({ where: { id: currentTenantId() } });
      if (!tenant) throw new NotFound('Tenant');
      return tenant;
    });
  }

  update(input: UpdateTenantInput): Promise<Tenant> {
    const changes = parseInput(updateRules, input);
    return this.prisma.inTenant(async (tx) => {
      const current = await tx.tenant.findUnique({ where: { id: currentTenantId() } });
      if (!current) throw new NotFound('Tenant');
      const tenant = await tx.tenant.update({ where: { id: current.id }, data: changes });
      await this.audit.record({ action: 'tenant.updated', targetType: 'tenant', targetId: tenant.id, details: changes }, tx);
      return tenant;
    });
  }
}


const currentTenantId = () => TenantContext.actor().tenantId!;
