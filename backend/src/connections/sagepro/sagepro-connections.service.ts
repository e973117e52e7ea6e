import { Inject, Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { Prisma, type SageProConnection as Row } from '../../generated/prisma/client.js';
import { AuditService } from '../../monitoring/audit/audit.service.js';
import { BUILT_IN_SANDBOXES, type BuiltInSandboxes } from '../../platform/built-in-sandboxes.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
import { ConnectionTestBudget, Egress } from '../../platform/egress/egress.service.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import { withDeadline } from '../../platform/deadline.js';
import { InvalidInput, NotFound } from '../../platform/errors.js';
import { type Connection, keysetQuery, type Page, toConnection } from '../../platform/graphql/pagination.js';
import { SecretVault } from '../../platform/secrets/secret-vault.service.js';
import { parseInput } from '../../platform/validation.js';
import { readChartOfAccounts } from './sagepro-chart.js';
import { classifySageProError, SAGEPRO_TEST_MESSAGES, type SageProTestVerdict, type TableListing, testSageProCompany } from './sagepro-connection-test.js';
import {
  detailsSummary,
  newSageProConnectionRules,
  sageProChangesRules,
  type SqlServerDetails,
  sqlServerDetailsRules,
} from './sagepro-connection.rules.js';
import type { CreateSageProConnectionInput, SageProConnection, UpdateSageProConnectionInput } from './sagepro-connection.types.js';
import { SAGEPRO_TIMEOUT_MS, sandboxDatabase, sqlServerDatabase } from './sagepro-database.js';
import {
  type ChartAccount,
  checkAgainstChart,
  chosenAccounts,
  connectorOptionsFor,
  missingAccountError,
  POSTING_ACCOUNT_FIELDS,
  postingOf,
  postingRules,
  postingWithAccounts,
  tablesFor,
} from './sagepro-posting.js';
import type { SageProConnectionInput } from '../../sagepro/options.js';
import { HeldEvents } from '../integrations/held-events.js';
import type { HeldEventsChoice } from '../integrations/integration.rules.js';

/** A Sage Pro company reached through a connection, before any posting setting is needed. */
interface SageProDatabaseHandle {
  /** Kysely on the company; close it with `release` when done. */
  db: Kysely<unknown>;
  listing: TableListing;
  release(): Promise<void>;
}

/** How Settle reaches one Sage Pro company, decrypted, for the connector. */
export interface SageProTarget extends SageProDatabaseHandle {
  connectionId: string;
  companyId: string;
  /** The connector's options for this company (tables, GL accounts, payment status, credit hold). */
  options: SageProConnectionInput;
}

const uuid = z.uuid();

/** Sage Pro connections of the current tenant; SQL Server details are stored as one encrypted secret. */
@Injectable()
export class SageProConnectionsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly vault: SecretVault,
    private readonly audit: AuditService,
    @Inject(BUILT_IN_SANDBOXES) private readonly sandboxes: BuiltInSandboxes,
    private readonly heldEvents: HeldEvents,
    private readonly egress: Egress,
    private readonly testBudget: ConnectionTestBudget,
  ) {}

  async list(page: Page): Promise<Connection<SageProConnection>> {
    const rows = await this.prisma.inTenant((tx) => tx.sageProConnection.findMany(keysetQuery(page)));
    return toConnection(rows, page, toView);
  }

  async get(id: string): Promise<SageProConnection> {
    return toView(await this.find(id));
  }

  async create(input: CreateSageProConnectionInput): Promise<SageProConnection> {
    const values = parseInput(newSageProConnectionRules, input);
    if (values.edition === 'sandbox' && !this.sandboxes.enabled) {
      throw new InvalidInput('edition', 'the built-in sandbox is turned off on this server (SANDBOXES=off)');
    }
    const details = values.edition === 'sqlserver' ? sqlServerDetailsRules.parse(values) : null;
    if (details) this.egress.refuseAsTyped('host', details.host);
    const ciphertext = await this.vault.encrypt(JSON.stringify(details ?? {}));
    const row = await this.prisma.inTenant(async (tx) => {
      const created = await tx.sageProConnection.create({
        data: {
          tenantId: TenantContext.actor().tenantId!,
          name: values.name,
          edition: values.edition,
          companyId: values.companyId,
          summary: detailsSummary(details) as Prisma.InputJsonValue,
          detailsCiphertext: ciphertext,
          passwordHint: details ? this.vault.hint(details.password) : '',
          // The sandbox company's chart is Settle's own, so its accounts come with it; a real company
          // has none until a person chooses them from its chart (open() refuses to post before).
          ...(values.edition === 'sandbox' ? { settings: postingWithAccounts(this.sandboxes.sageProPostingAccounts()) as Prisma.InputJsonValue } : {}),
        },
      });
      await this.audit.record({ action: 'connection.created', targetType: 'sagepro_connection', targetId: created.id, details: { edition: values.edition, companyId: values.companyId } }, tx);
      return created;
    });
    return toView(row);
  }

  async update(id: string, input: UpdateSageProConnectionInput): Promise<SageProConnection> {
    const changes = parseInput(sageProChangesRules, input);
    const current = await this.find(id);
    const { name, ...detailChanges } = changes;
    const changedDetails = Object.keys(detailChanges).length > 0;
    if (current.edition === 'sandbox' && changedDetails) throw new InvalidInput(Object.keys(detailChanges)[0], 'is managed by the built-in sandbox');
    const details = changedDetails ? sqlServerDetailsRules.parse({ ...(await this.details(current)), ...detailChanges }) : null;
    if (detailChanges.host) this.egress.refuseAsTyped('host', detailChanges.host);
    const secret = details
      ? { detailsCiphertext: await this.vault.encrypt(JSON.stringify(details)), passwordHint: this.vault.hint(details.password), summary: detailsSummary(details) as Prisma.InputJsonValue }
      : {};
    const row = await this.prisma.inTenant(async (tx) => {
      const updated = await tx.sageProConnection.update({ where: { id }, data: { ...(name ? { name } : {}), ...secret } });
      const changed = Object.keys(changes).map((key) => (key === 'password' ? 'password (new)' : key));
      await this.audit.record({ action: 'connection.updated', targetType: 'sagepro_connection', targetId: id, details: { changed } }, tx);
      return updated;
    });
    return toView(row);
  }

  /**
   * Changes how Settle posts into the company; what is not given stays as it is. A GL account is
   * taken only from the company's own chart (read from GLACNT), as the chart spells it.
   */
  async updatePosting(id: string, input: Record<string, unknown>): Promise<SageProConnection> {
    const changes = parseInput(postingRules.partial(), stripNulls(input));
    const current = await this.find(id);
    const accountFields = Object.keys(changes).filter((key) => key in POSTING_ACCOUNT_FIELDS);
    if (accountFields.length) {
      const chart = await this.readChart(current, accountFields[0]);
      const checked = checkAgainstChart(changes, chart);
      if (!checked.ok) throw new InvalidInput(checked.field, checked.message);
      Object.assign(changes, checked.accounts);
    }
    const posting = postingOf({ ...postingOf(current.settings), ...changes });
    const row = await this.prisma.inTenant(async (tx) => {
      const updated = await tx.sageProConnection.update({ where: { id }, data: { settings: posting as Prisma.InputJsonValue } });
      await this.audit.record({ action: 'connection.updated', targetType: 'sagepro_connection', targetId: id, details: { posting: changes } }, tx);
      return updated;
    });
    return toView(row);
  }

  /** The integrations posting into it go with it: with held events, asks first (see HeldEvents.settleBeforeDelete). */
  async remove(id: string, heldEvents?: HeldEventsChoice | null): Promise<boolean> {
    const row = await this.find(id);
    const deleted = await this.prisma.inTenant(async (tx) => {
      if (!(await this.heldEvents.settleBeforeDelete(tx, { sageProConnectionId: id }, heldEvents))) return false;
      await tx.sageProConnection.delete({ where: { id } });
      await this.audit.record({ action: 'connection.deleted', targetType: 'sagepro_connection', targetId: id, details: { name: row.name } }, tx);
      return true;
    });
    if (!deleted) await this.heldEvents.signal();
    return deleted;
  }

  /** The company's chart of accounts, for choosing the posting accounts from. */
  async chartOfAccounts(id: string): Promise<ChartAccount[]> {
    return this.readChart(await this.find(id), 'connectionId');
  }

  /** Connects and reads the company's tables, within 10 s; records the result. */
  async test(id: string): Promise<SageProTestVerdict & { durationMs: number }> {
    const row = await this.find(id);
    // Counted before anything is opened: a test makes Settle log in wherever the tenant said.
    await this.testBudget.spend(row.tenantId);
    const started = Date.now();
    const target = await this.connect(row);
    // Mostly a server that accepted the connection and said nothing: unreachable, as a closed port is.
    const timedOut: SageProTestVerdict = { status: 'unreachable', message: SAGEPRO_TEST_MESSAGES.unreachable };
    const verdict = await withDeadline(testSageProCompany(target.db, target.listing), SAGEPRO_TIMEOUT_MS, timedOut).finally(() =>
      target.release().catch(() => undefined),
    );
    await this.prisma.inTenant((tx) => tx.sageProConnection.update({ where: { id }, data: { lastTestResult: verdict.status, lastTestedAt: new Date() } }));
    await this.audit.record({ action: 'connection.tested', targetType: 'sagepro_connection', targetId: id, details: { status: verdict.status } });
    return { ...verdict, durationMs: Date.now() - started };
  }

  /**
   * The company behind a connection of the current tenant, opened through Kysely for posting. Until
   * every account the pipeline posts to is chosen, it refuses with a validation error naming the
   * first missing one (`gl.cash`): the drain makes that a dead letter saying what to do.
   */
  async open(id: string): Promise<SageProTarget> {
    const row = await this.find(id);
    const posting = postingOf(row.settings);
    const chosen = chosenAccounts(posting);
    if (!chosen.ok) throw missingAccountError(row.name, chosen.missing);
    const tenant = await this.prisma.inTenant((tx) => tx.tenant.findUniqueOrThrow({ where: { id: row.tenantId } }));
    const details = row.edition === 'sqlserver' ? await this.details(row) : null;
    const options = connectorOptionsFor({ edition: row.edition, companyId: row.companyId, details, timeZone: tenant.timeZone }, posting, chosen.gl);
    return { connectionId: row.id, companyId: row.companyId, options, ...(await this.connect(row, details)) };
  }

  /** Kysely on the company, whatever its posting settings. */
  private async connect(row: Row, known?: SqlServerDetails | null): Promise<SageProDatabaseHandle> {
    if (row.edition === 'sandbox') {
      return {
        db: sandboxDatabase(await this.sandboxes.sageProPool(row.tenantId)),
        listing: { edition: 'sandbox', companySchema: `pro${row.companyId}`, systemSchema: 'prosys' },
        release: async () => undefined, // the sandbox pool is shared and closed with the app
      };
    }
    const details = known ?? (await this.details(row));
    const db = sqlServerDatabase<unknown>(details, (host, timeoutMs) => this.egress.checkHost(host, timeoutMs));
    return {
      db,
      listing: { edition: 'sqlserver', companyDatabase: details.companyDatabase, systemDatabase: details.systemDatabase },
      release: () => db.destroy(),
    };
  }

  /** GLACNT within 10 s; a company that cannot be read is BAD_USER_INPUT on `field`, saying why. */
  private async readChart(row: Row, field: string): Promise<ChartAccount[]> {
    const details = row.edition === 'sqlserver' ? await this.details(row) : null;
    const handle = await this.connect(row, details);
    const tables = tablesFor({ edition: row.edition, companyId: row.companyId, details });
    const reading = readChartOfAccounts(handle.db, row.edition === 'sandbox' ? 'postgres' : 'mssql', tables);
    const unreadable = (why: string) => new InvalidInput(field, `Settle could not read the company's chart of accounts (GLACNT): ${why} Test the connection, then try again.`);
    try {
      const chart = await withDeadline<ChartAccount[] | null>(reading, SAGEPRO_TIMEOUT_MS, null);
      if (!chart) throw unreadable('the server did not answer within 10 s.');
      return chart;
    } catch (error) {
      if (error instanceof InvalidInput) throw error;
      throw unreadable(classifySageProError(error).message);
    } finally {
      await handle.release().catch(() => undefined);
    }
  }

  private async details(row: Row): Promise<SqlServerDetails> {
    return sqlServerDetailsRules.parse(JSON.parse(await this.vault.decrypt(row.detailsCiphertext)));
  }

  private async find(id: string): Promise<Row> {
    parseInput(uuid, id, 'id');
    const row = await this.prisma.inTenant((tx) => tx.sageProConnection.findUnique({ where: { id } }));
    if (!row) throw new NotFound('Sage Pro connection');
    return row;
  }
}

function toView(row: Row): SageProConnection {
  const summary = row.summary as Partial<SqlServerDetails>;
  return {
    id: row.id,
    name: row.name,
    edition: row.edition,
    companyId: row.companyId,
    host: summary.host ?? null,
    port: summary.port ?? null,
    companyDatabase: summary.companyDatabase ?? null,
    systemDatabase: summary.systemDatabase ?? null,
    user: summary.user ?? null,
    passwordHint: row.passwordHint,
    encrypt: summary.encrypt ?? null,
    lastTest: row.lastTestResult && row.lastTestedAt ? { result: row.lastTestResult, testedAt: row.lastTestedAt } : null,
    posting: postingOf(row.settings),
    createdAt: row.createdAt,
  };
}

/** GraphQL sends null for fields left out; for a partial update they mean "unchanged". */
function stripNulls(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input ?? {}).filter(([, value]) => value !== null && value !== undefined));
}
