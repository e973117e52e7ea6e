import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { PayTraceConnection as Row } from '../../generated/prisma/client.js';
import { AuditService } from '../../monitoring/audit/audit.service.js';
import { BUILT_IN_SANDBOXES, type BuiltInSandboxes, PAYTRACE_SANDBOX_PREFIX } from '../../platform/built-in-sandboxes.js';
import type { AppConfig } from '../../platform/config/config.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
import { hostOfUrl } from '../../platform/egress/egress-guard.js';
import { ConnectionTestBudget, Egress } from '../../platform/egress/egress.service.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import { InvalidInput, NotFound } from '../../platform/errors.js';
import { type Connection, keysetQuery, type Page, toConnection } from '../../platform/graphql/pagination.js';
import { SecretVault } from '../../platform/secrets/secret-vault.service.js';
import { APP_CONFIG } from '../../platform/tokens.js';
import { parseInput } from '../../platform/validation.js';
import { ConnectionEvents } from '../connection-events.js';
import {
  BUILT_IN_SANDBOX_URL,
  baseUrlFor,
  connectionChangesRules,
  feedLagSeconds,
  newConnectionRules,
  newNotificationEndpointId,
  notificationUrl,
} from './paytrace-connection.rules.js';
import type { CreatePayTraceConnectionInput, PayTraceConnection, UpdatePayTraceConnectionInput } from './paytrace-connection.types.js';
import { HeldEvents } from '../integrations/held-events.js';
import type { HeldEventsChoice } from '../integrations/integration.rules.js';

/** What the PayTrace client needs to call one account: only ever held in memory, decrypted. */
export interface PayTraceCredentials {
  connectionId: string;
  tenantId: string;
  baseUrl: string;
  username: string;
  password: string;
  integratorId: string;
  timeZone: string;
  rateLimitPerMinute: number;
  /** The built-in sandbox, Settle's own: reached directly. Any other base URL is the tenant's word and goes through the egress guard. */
  builtIn: boolean;
}

const uuid = z.uuid();

/** PayTrace connections of the current tenant; the password is stored encrypted and shown as a hint. */
@Injectable()
export class PayTraceConnectionsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly vault: SecretVault,
    private readonly audit: AuditService,
    @Inject(BUILT_IN_SANDBOXES) private readonly sandboxes: BuiltInSandboxes,
    private readonly events: ConnectionEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly heldEvents: HeldEvents,
    private readonly testBudget: ConnectionTestBudget,
    private readonly egress: Egress,
  ) {}

  async list(page: Page): Promise<Connection<PayTraceConnection>> {
    const rows = await this.prisma.inTenant((tx) => tx.payTraceConnection.findMany(keysetQuery(page)));
    return toConnection(rows, page, (row) => this.toView(row));
  }

  async get(id: string): Promise<PayTraceConnection> {
    return this.toView(await this.find(id));
  }

  async create(input: CreatePayTraceConnectionInput): Promise<PayTraceConnection> {
    const values = parseInput(newConnectionRules, input);
    if (values.environment === 'custom') this.egress.refuseAsTyped('baseUrl', hostOfUrl(new URL(values.baseUrl)));
    const credentials =
      values.environment === 'sandbox' ? await this.newSandboxMerchant(values.name, values.timeZone) : values;
    const password = await this.vault.encrypt(credentials.password);
    const row = await this.prisma.inTenant(async (tx) => {
      const created = await tx.payTraceConnection.create({
        data: {
          tenantId: tenantId(),
          name: values.name,
          environment: values.environment,
          baseUrl: baseUrlFor(values.environment, 'baseUrl' in values ? values.baseUrl : undefined, this.config.PAYTRACE_PRODUCTION_URL),
          username: credentials.username,
          passwordCiphertext: password,
          passwordHint: this.vault.hint(credentials.password),
          integratorId: credentials.integratorId,
          timeZone: values.timeZone ?? credentials.timeZone ?? 'America/Los_Angeles',
          notificationEndpointId: newNotificationEndpointId(),
          pollIntervalSeconds: values.pollIntervalSeconds,
          rateLimitPerMinute: values.rateLimitPerMinute,
        },
      });
      await this.audit.record({ action: 'connection.created', targetType: 'paytrace_connection', targetId: created.id, details: { environment: values.environment, name: values.name } }, tx);
      return created;
    });
    await this.events.emitSaved({ tenantId: row.tenantId, connectionId: row.id, pollIntervalSeconds: row.pollIntervalSeconds });
    return this.toView(row);
  }

  async update(id: string, input: UpdatePayTraceConnectionInput): Promise<PayTraceConnection> {
    const changes = parseInput(connectionChangesRules, input);
    const current = await this.find(id);
    if (current.environment !== 'custom' && changes.baseUrl) throw new InvalidInput('baseUrl', `cannot be changed for a ${current.environment} connection`);
    if (changes.baseUrl) this.egress.refuseAsTyped('baseUrl', hostOfUrl(new URL(changes.baseUrl)));
    if (current.environment === 'sandbox' && (changes.username || changes.password || changes.integratorId)) {
      throw new InvalidInput(changes.username ? 'username' : changes.password ? 'password' : 'integratorId', 'is managed by the built-in sandbox');
    }
    const { password, ...rest } = changes;
    const secret = password ? { passwordCiphertext: await this.vault.encrypt(password), passwordHint: this.vault.hint(password) } : {};
    const row = await this.prisma.inTenant(async (tx) => {
      const updated = await tx.payTraceConnection.update({ where: { id }, data: { ...rest, ...secret } });
      const changed = Object.keys(changes).map((key) => (key === 'password' ? 'password (new)' : key));
      await this.audit.record({ action: 'connection.updated', targetType: 'paytrace_connection', targetId: id, details: { changed } }, tx);
      return updated;
    });
    await this.events.emitSaved({ tenantId: row.tenantId, connectionId: row.id, pollIntervalSeconds: row.pollIntervalSeconds });
    return this.toView(row);
  }

  /** Its integration goes with it: with held events, asks first (see HeldEvents.settleBeforeDelete). */
  async remove(id: string, heldEvents?: HeldEventsChoice | null): Promise<boolean> {
    const row = await this.find(id);
    const deleted = await this.prisma.inTenant(async (tx) => {
      if (!(await this.heldEvents.settleBeforeDelete(tx, { payTraceConnectionId: id }, heldEvents))) return false;
      await tx.payTraceConnection.delete({ where: { id } });
      await this.audit.record({ action: 'connection.deleted', targetType: 'paytrace_connection', targetId: id, details: { name: row.name } }, tx);
      return true;
    });
    if (!deleted) {
      await this.heldEvents.signal();
      return false;
    }
    await this.events.emitDeleted({ tenantId: row.tenantId, connectionId: id });
    return true;
  }

  /** A new notification URL; the old one stops working at once. */
  async rotateNotificationUrl(id: string): Promise<PayTraceConnection> {
    await this.find(id);
    const row = await this.prisma.inTenant(async (tx) => {
      const updated = await tx.payTraceConnection.update({ where: { id }, data: { notificationEndpointId: newNotificationEndpointId() } });
      await this.audit.record({ action: 'connection.notification_url_rotated', targetType: 'paytrace_connection', targetId: id }, tx);
      return updated;
    });
    return this.toView(row);
  }

  /** The decrypted credentials of a connection of the current tenant, for the PayTrace client. */
  async credentials(id: string): Promise<PayTraceCredentials> {
    const row = await this.find(id);
    return {
      connectionId: row.id,
      tenantId: row.tenantId,
      baseUrl: row.baseUrl === BUILT_IN_SANDBOX_URL ? this.sandboxes.payTraceBaseUrl() : row.baseUrl,
      username: row.username,
      password: await this.vault.decrypt(row.passwordCiphertext),
      integratorId: row.integratorId,
      timeZone: row.timeZone,
      rateLimitPerMinute: row.rateLimitPerMinute,
      builtIn: row.baseUrl === BUILT_IN_SANDBOX_URL,
    };
  }

  /**
   * The credentials for a connection test, counted against the tenant's test budget first
   * (CONNECTION_TESTS_PER_MINUTE): TOO_MANY_REQUESTS when it is spent, before anything is sent.
   */
  async credentialsForTest(id: string): Promise<PayTraceCredentials> {
    const credentials = await this.credentials(id);
    await this.testBudget.spend(credentials.tenantId);
    return credentials;
  }

  async recordTestResult(id: string, result: string): Promise<void> {
    await this.prisma.inTenant((tx) => tx.payTraceConnection.update({ where: { id }, data: { lastTestResult: result, lastTestedAt: new Date() } }));
  }

  private async find(id: string): Promise<Row> {
    parseInput(uuid, id, 'id');
    const row = await this.prisma.inTenant((tx) => tx.payTraceConnection.findUnique({ where: { id } }));
    if (!row) throw new NotFound('PayTrace connection');
    return row;
  }

  /** The sandbox merchant keeps its books in the connection's time zone, as a real account would. */
  private async newSandboxMerchant(name: string, timeZone?: string) {
    if (!this.sandboxes.enabled) throw new InvalidInput('environment', 'the built-in sandbox is turned off on this server (SANDBOXES=off)');
    return this.sandboxes.createPayTraceMerchant(`${name} (${tenantId().slice(0, 8)})`, timeZone);
  }

  private toView(row: Row): PayTraceConnection {
    const publicBase = this.config.publicUrl.replace(/\/+$/, '');
    return {
      id: row.id,
      name: row.name,
      environment: row.environment,
      baseUrl: row.baseUrl === BUILT_IN_SANDBOX_URL ? `${publicBase}${PAYTRACE_SANDBOX_PREFIX}` : row.baseUrl,
      username: row.username,
      passwordHint: row.passwordHint,
      integratorId: row.integratorId,
      timeZone: row.timeZone,
      notificationUrl: notificationUrl(publicBase, row.notificationEndpointId),
      pollIntervalSeconds: row.pollIntervalSeconds,
      rateLimitPerMinute: row.rateLimitPerMinute,
      changeFeed: {
        cursor: row.pollCursor,
        lastPollAt: row.lastPollAt,
        lagSeconds: feedLagSeconds(row.pollCursor, new Date()),
        lastError: row.lastPollError,
      },
      lastTest: row.lastTestResult && row.lastTestedAt ? { result: row.lastTestResult, testedAt: row.lastTestedAt } : null,
      createdAt: row.createdAt,
    };
  }
}

const tenantId = () => TenantContext.actor().tenantId!;
