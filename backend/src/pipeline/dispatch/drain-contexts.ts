import { Injectable } from '@nestjs/common';
import type { Integration } from '../../generated/prisma/client.js';
import { SageProConnectionsService } from '../../connections/sagepro/sagepro-connections.service.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import type { Kysely } from 'kysely';
import type { SageProDatabase } from '../../sagepro/database.js';
import { KyselySageProCompany } from '../../sagepro/kysely-company.js';
import type { DrainContext, OpenCompany } from '../processing/drain-context.js';
import type { EnvironmentName, FlowKind } from '../../flows/definition/flow-definition.js';
import { PublishedFlows } from '../../flows/api/published-flows.service.js';
import { ExchangeRates } from '../../flows/rates/exchange-rates.service.js';
import { type RateTable, rateTable } from '../../flows/transformations/exchange-rates.js';
import { defaultRunningFlow, type RunningFlow } from '../processing/running-flow.js';

/**
 * Opens what one drain shares between its events (integrations, Sage Pro companies, the tenant's base
 * currency) and closes it after. Each company is opened with the tenant's base currency as its books'
 * currency where Sage Pro keeps none, so a payment in another currency is never written at face value.
 */
@Injectable()
export class DrainContexts {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sagePro: SageProConnectionsService,
    private readonly publishedFlows: PublishedFlows,
    private readonly exchangeRates: ExchangeRates,
  ) {}

  open(tenantId: string): DrainContext & { close(): Promise<void> } {
    const integrations = new Map<string, Promise<Integration | null>>();
    const companies = new Map<string, Promise<OpenCompany>>();
    const flows = new Map<string, Promise<RunningFlow>>();
    const rates = new Map<string, Promise<RateTable>>();
    const inTenant = <T>(fn: () => Promise<T>) => TenantContext.run({ tenantId }, fn);
    let baseCurrency: Promise<string> | undefined;
    // Read once per drain; a failed read is not cached, so the next event (or attempt) reads again.
    const tenantCurrency = () => {
      if (!baseCurrency) {
        baseCurrency = inTenant(() => this.prisma.inTenant((tx) => tx.tenant.findUnique({ where: { id: tenantId }, select: { baseCurrency: true } }))).then((tenant) => {
          if (!tenant) throw new Error(`Tenant ${tenantId} not found`);
          return tenant.baseCurrency.trim();
        });
        baseCurrency.catch(() => (baseCurrency = undefined));
      }
      return baseCurrency;
    };
    return {
      tenantId,
      integration: (id) => {
        if (!id) return Promise.resolve(null);
        if (!integrations.has(id)) integrations.set(id, inTenant(() => this.prisma.inTenant((tx) => tx.integration.findUnique({ where: { id } }))));
        return integrations.get(id)!;
      },
      exchangeRates: (from, to, date) => {
        const key = `${from}:${to}:${date}`;
        if (!rates.has(key)) {
          const reading = this.exchangeRates.tableFor(tenantId, { from: date, to: date, currencies: [from, to] }).then(rateTable);
          reading.catch(() => rates.delete(key));
          rates.set(key, reading);
        }
        return rates.get(key)!;
      },
      flow: (integration, kind) => {
        const key = `${integration.environment}:${kind}`;
        if (!flows.has(key)) {
          const reading = inTenant(() => this.deployedFlow(tenantId, integration.environment, kind));
          reading.catch(() => flows.delete(key));
          flows.set(key, reading);
        }
        return flows.get(key)!;
      },
      payload: (eventId) =>
        inTenant(() => this.prisma.inTenant((tx) => tx.inboxEvent.findUnique({ where: { id: eventId }, select: { payload: true } }))).then((row) => row?.payload ?? undefined),
      company: (connectionId) => {
        if (!companies.has(connectionId)) {
          const opening = inTenant(async () => {
            const fallbackCurrency = await tenantCurrency();
            const target = await this.sagePro.open(connectionId);
            const company = new KyselySageProCompany(target.db as Kysely<SageProDatabase>, { ...target.options, fallbackCurrency });
            return { connectionId, company, timeZone: company.options.timeZone, release: target.release };
          });
          // A failed open is not cached: the next event (or attempt) tries again.
          opening.catch(() => companies.delete(connectionId));
          companies.set(connectionId, opening);
        }
        return companies.get(connectionId)!;
      },
      close: async () => {
        for (const opening of companies.values()) await opening.then((open) => open.release()).catch(() => undefined);
      },
    };
  }

  /** The version deployed to an environment, or the default flow while none is. */
  private async deployedFlow(tenantId: string, environment: EnvironmentName, kind: FlowKind): Promise<RunningFlow> {
    const deployed = await this.publishedFlows.deployed(tenantId, environment, kind);
    return deployed ? { kind, ...deployed } : defaultRunningFlow(kind);
  }
}
