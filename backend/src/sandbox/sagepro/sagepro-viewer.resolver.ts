import { Args, Field, ID, Int, ObjectType, Query, Resolver, registerEnumType } from '@nestjs/graphql';
import { z } from 'zod';
import { RequireRole } from '../../auth/decorators.js';
import { InvalidInput } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import { SageProConnectionsService } from '../../connections/sagepro/sagepro-connections.service.js';
import { SandboxService } from '../sandbox.service.js';
import {
  listCustomers,
  listDistributions,
  listOpenInvoices,
  listOrders,
  listReceipts,
  listStock,
  openSageProViewer,
  type ViewerDb,
} from './index.js';

const VIEWS = ['customers', 'open_invoices', 'receipts', 'gl_distributions', 'orders', 'stock'] as const;
type View = (typeof VIEWS)[number];
const SageProViewEnum = Object.fromEntries(VIEWS.map((v) => [v, v])) as { [K in View]: K };
registerEnumType(SageProViewEnum, { name: 'SageProView' });

const READERS: Record<View, (db: ViewerDb, compid: string, limit: number) => Promise<object[]>> = {
  customers: (db, compid, limit) => listCustomers(db, compid, { limit }),
  open_invoices: (db, compid, limit) => listOpenInvoices(db, compid, { limit }),
  receipts: (db, compid, limit) => listReceipts(db, compid, { limit }),
  gl_distributions: (db, compid, limit) => listDistributions(db, compid, { limit }),
  orders: (db, compid, limit) => listOrders(db, compid, { limit }),
  stock: (db, compid, limit) => listStock(db, compid, { limit }),
};

@ObjectType({ description: 'Rows of a sandbox Sage Pro table as text, for watching receipts land. Money columns are in cents.' })
export class SageProViewTable {
  @Field(() => [String])
  columns: string[];

  @Field(() => [[String]])
  rows: string[][];
}

/** A read-only window on the built-in sandbox company, so a person can watch Settle's writes land. */
@Resolver()
export class SageProViewerResolver {
  constructor(
    private readonly connections: SageProConnectionsService,
    private readonly sandboxes: SandboxService,
  ) {}

  @RequireRole('viewer')
  @Query(() => SageProViewTable)
  async sageProSandboxView(
    @Args('connectionId', { type: () => ID }) connectionId: string,
    @Args('view', { type: () => SageProViewEnum }) view: View,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
  ): Promise<SageProViewTable> {
    const rowLimit = parseInput(z.number().int().min(1).max(1000).default(200), limit ?? undefined, 'limit');
    const connection = await this.connections.get(connectionId);
    if (connection.edition !== 'sandbox') throw new InvalidInput('connectionId', 'the viewer shows the built-in sandbox company only');
    const rows = (await READERS[view](openSageProViewer(await this.sandboxes.sageProPool(TenantContext.actor().tenantId)), connection.companyId, rowLimit)) as Record<string, unknown>[];
    const columns = rows.length ? Object.keys(rows[0]) : [];
    return { columns, rows: rows.map((row) => columns.map((column) => (row[column] === null || row[column] === undefined ? '' : String(row[column])))) };
  }
}
