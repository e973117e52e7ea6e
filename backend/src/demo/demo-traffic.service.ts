import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type pg from 'pg';
import { ChangeFeedService } from '../paytrace/change-feed/change-feed.service.js';
import type { AppConfig } from '../platform/config/config.js';
import { PrismaService, type Tx } from '../platform/database/prisma.service.js';
import { TenantContext } from '../platform/database/tenant-context.js';
import { RedisService } from '../platform/redis/redis.service.js';
import { SecretVault } from '../platform/secrets/secret-vault.service.js';
import { APP_CONFIG } from '../platform/tokens.js';
import { SAGEPRO_SANDBOX_ADMIN_PREFIX } from '../sandbox/sagepro/faults/admin.routes.js';
import { keyReceiptByHand } from '../sandbox/sagepro/clerk-receipt.js';
import { SandboxService } from '../sandbox/sandbox.service.js';
import { companySchemaOf, countPayableInvoices, enterInvoice, type PayableInvoice, pickPayableInvoice, pickStockedItems } from './demo-company.js';
import { type DemoMerchant as Merchant, DemoMerchants } from './demo-merchant.service.js';
import type { DemoTenant } from './demo-tenant.js';
import { orderTotalCents, type ShopLine, SHOPPERS, shopifyHmac, shopifyOrderBody, shopOrderId } from './shopify-order.js';
import { CHARGEBACK_REASONS, DECLINED_CENTS, type DemoAction, type DemoTrafficOptions, nextAction, refundCents } from './traffic-plan.js';

/** Injection token of the generator's options (DEFAULT_DEMO_TRAFFIC unless a test provides others). */
export const DEMO_TRAFFIC_OPTIONS = Symbol('DEMO_TRAFFIC_OPTIONS');

/** Takes the generator lock, or extends it when this process already holds it. */
const HOLD_LOCK = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`;
const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/** An invoice just paid (or declined) is left alone this long, so two payments never race for it. */
const INVOICE_REST_MS = 10 * 60_000;
/** A shop order whose sales order never appears is given up after this long. */
const ORDER_PAYMENT_DEADLINE_MS = 10 * 60_000;
const KEEP_SALES = 50;
/** Open invoices are counted every this many ticks (cheap, but not every tick). */
const COUNT_INVOICES_EVERY = 10;

interface RecentSale {
  transactionId: number;
  cents: number;
  at: number;
}

interface PendingOrder {
  orderId: string;
  name: string;
  cents: number;
  at: number;
}

export interface DemoTrafficStatus {
  running: boolean;
  ticks: number;
  actions: Partial<Record<DemoAction, number>>;
  errors: number;
  lastError: string | null;
}

/**
 * The demo tenant's "other systems": every few seconds, acting from outside Settle over HTTP, they
 * pay open Sage Pro invoices in the PayTrace sandbox (mostly approved, some declined), refund and
 * charge back earlier sales, send Shopify orders to the demo webhook endpoint and pay them, and now
 * and then take the sandbox Sage Pro company offline for a few seconds so retries show. After each
 * payment they nudge the change feed (a lookup of that transaction), so receipts appear in seconds.
 *
 * Started in every process that runs workers (role all or worker: DemoSetup); only one of them acts,
 * the one holding the Redis lock `<prefix>:demo:traffic`. A worker-only process reaches the sandboxes
 * and the webhook endpoint through the API process (PUBLIC_URL), as the merchant's systems would.
 */
@Injectable()
export class DemoTraffic implements OnModuleDestroy {
  private readonly logger = new Logger('DemoTraffic');
  private readonly token = randomUUID();
  private demo?: DemoTenant;
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<unknown>;
  private stopped = true;
  private startedAt = 0;
  private lastOutageAt: number | null = null;
  private lastSettleAt = 0;
  private ticks = 0;
  private sales: RecentSale[] = [];
  private orders: PendingOrder[] = [];
  private readonly restingInvoices = new Map<string, number>();
  private readonly counts: Partial<Record<DemoAction, number>> = {};
  private errors = 0;
  private lastError: string | null = null;

  constructor(
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
    private readonly sandboxes: SandboxService,
    private readonly merchants: DemoMerchants,
    private readonly feed: ChangeFeedService,
    private readonly vault: SecretVault,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DEMO_TRAFFIC_OPTIONS) private options: DemoTrafficOptions,
  ) {}

  get running(): boolean {
    return !this.stopped;
  }

  status(): DemoTrafficStatus {
    return { running: this.running, ticks: this.ticks, actions: { ...this.counts }, errors: this.errors, lastError: this.lastError };
  }

  start(demo: DemoTenant): void {
    this.demo = demo;
    if (!this.stopped) return;
    this.stopped = false;
    this.startedAt = Date.now();
    this.schedule(Math.min(1_000, this.options.intervalMs));
  }

  /** Changes the pace (tests make it faster); a running generator picks it up at its next tick. */
  configure(changes: Partial<DemoTrafficOptions>): void {
    this.options = { ...this.options, ...changes };
    if (this.stopped) return;
    clearTimeout(this.timer);
    if (!this.inFlight) this.schedule(Math.min(1_000, this.options.intervalMs));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight?.catch(() => undefined);
    await this.redis.client.eval(RELEASE_LOCK, 1, this.lockKey(), this.token).catch(() => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.inFlight = this.tick().finally(() => {
        this.inFlight = undefined;
        this.schedule(this.options.intervalMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  /** The timer's tick: a failure is counted and logged, and the next tick comes anyway. */
  private async tick(): Promise<void> {
    try {
      await this.step();
    } catch (error) {
      if (this.stopped) return; // the app is closing under the tick
      this.errors++;
      this.lastError = (error as Error).message;
      this.logger.warn(`demo traffic: ${this.lastError}`);
    }
  }

  /**
   * One tick by hand (tests, with the timer stopped): `action` forces what the other systems do,
   * failures are thrown. Answers what was done, or null when this process may not act (not
   * listening yet, or another process holds the generator lock).
   */
  async runOnce(action?: DemoAction): Promise<DemoAction | null> {
    await this.inFlight?.catch(() => undefined);
    return this.step(action);
  }

  private async step(forced?: DemoAction): Promise<DemoAction | null> {
    const demo = this.demo;
    if (!demo) throw new Error('the demo traffic has not been started for a tenant');
    const origin = this.merchants.origin();
    if (!origin || !(await this.holdLock())) return null;
    const merchant = await this.merchants.of(demo, origin);
    const company = (await this.sandboxes.sageProSandbox(demo.tenantId)).adminPool;
    await this.closeBatchWhenDue(merchant);
    if (this.ticks % COUNT_INVOICES_EVERY === 0) await this.topUpInvoices(demo, company);
    const payable = await this.orderReadyToPay(demo);
    const now = Date.now();
    const action =
      forced ??
      nextAction(
        {
          ticks: this.ticks,
          runningMs: now - this.startedAt,
          sinceOutageMs: this.lastOutageAt === null ? null : now - this.lastOutageAt,
          reversibleSales: this.sales.filter((sale) => now - sale.at >= this.options.reversibleAfterMs).length,
          orderAwaitingPayment: payable !== null,
        },
        this.options,
        Math.random,
      );
    this.ticks++;
    this.counts[action] = (this.counts[action] ?? 0) + 1;
    try {
      await this.act(action, demo, merchant, company, payable);
    } catch (error) {
      throw new Error(`${action}: ${(error as Error).message}`);
    }
    return action;
  }

  private async act(action: DemoAction, demo: DemoTenant, m: Merchant, company: pg.Pool, payable: PendingOrder | null): Promise<void> {
    switch (action) {
      case 'sale':
        return this.payInvoice(demo, m, company);
      case 'decline':
        return this.declineInvoice(demo, m, company);
      case 'refund':
        return this.refund(demo, m, company);
      case 'chargeback':
        return this.chargeback(demo, m, company);
      case 'shopify_order':
        return this.shopOrder(demo, m, company);
      case 'clerk_receipt':
        return this.clerkReceipt(demo, company);
      case 'order_payment':
        if (!payable) throw new Error('no shop order is waiting for its payment');
        return this.payOrder(demo, m, payable);
      case 'outage':
        await this.outage(demo, m);
        return this.payInvoice(demo, m, company);
    }
  }

  // ---- what the merchant's other systems do ------------------------------------------------

  private async payInvoice(demo: DemoTenant, m: Merchant, company: pg.Pool): Promise<void> {
    const invoice = await this.invoiceToPay(demo, company);
    if (!invoice) return;
    const sale = await m.merchant.sale(invoice.cents, { invoice_id: invoice.invno });
    if (sale.responseCode === 101) this.remember({ transactionId: sale.transactionId, cents: invoice.cents, at: Date.now() });
    await this.nudgeFeed(demo, sale.transactionId);
  }

  /**
   * A clerk takes a card at the counter and keys the receipt straight into Sage Pro: card money with no
   * PayTrace sale behind it, which reconciliation reports as not in PayTrace (sandbox/sagepro/clerk-receipt.ts).
   */
  private async clerkReceipt(demo: DemoTenant, company: pg.Pool): Promise<void> {
    const invoice = await this.invoiceToPay(demo, company);
    if (!invoice) return;
    const last4 = String(1000 + Math.floor(Math.random() * 9000));
    await keyReceiptByHand(company, demo.companyId, { invno: invoice.invno, amountCents: Math.min(invoice.cents, 2_500), date: new Date().toISOString().slice(0, 10), refno: `VISA ${last4}`, card: true });
    this.logger.log(`demo: a clerk keyed a card receipt for invoice ${invoice.invno} by hand in Sage Pro`);
  }

  /** An expired card: the invoice is marked Payment Failed in Sage Pro, and an alert goes out. */
  private async declineInvoice(demo: DemoTenant, m: Merchant, company: pg.Pool): Promise<void> {
    const invoice = await this.invoiceToPay(demo, company);
    if (!invoice) return;
    const sale = await m.merchant.sale(DECLINED_CENTS, { invoice_id: invoice.invno });
    await this.nudgeFeed(demo, sale.transactionId);
  }

  /** Part of a settled sale given back (PayTrace refunds only settled sales: the batch closes first). */
  private async refund(demo: DemoTenant, m: Merchant, company: pg.Pool): Promise<void> {
    const sale = await this.takeReversibleSale(m);
    if (!sale) return this.payInvoice(demo, m, company); // the sales it knew went with a demo:reset
    await m.merchant.settle();
    this.lastSettleAt = Date.now();
    const refund = await m.merchant.refund(sale.transactionId, refundCents(sale.cents));
    await this.nudgeFeed(demo, refund.transactionId);
  }

  /** The processor takes a settled sale back (the sandbox's admin API: PayTrace has no chargeback API). */
  private async chargeback(demo: DemoTenant, m: Merchant, company: pg.Pool): Promise<void> {
    const sale = await this.takeReversibleSale(m);
    if (!sale) return this.payInvoice(demo, m, company);
    await m.merchant.settle();
    this.lastSettleAt = Date.now();
    const reason = CHARGEBACK_REASONS[Math.floor(Math.random() * CHARGEBACK_REASONS.length)];
    const chargeback = await m.merchant.chargeback(sale.transactionId, reason);
    await this.nudgeFeed(demo, chargeback);
  }

  /** The shop sends a signed orders/create webhook; the order is paid once Settle made its sales order. */
  private async shopOrder(demo: DemoTenant, m: Merchant, company: pg.Pool): Promise<void> {
    const items = await pickStockedItems(company, companySchemaOf(demo.companyId), demo.orderLocation, 1 + Math.floor(Math.random() * 3), 3);
    if (!items.length) return this.payInvoice(demo, m, company); // the shop is sold out: an invoice payment instead
    const lines: ShopLine[] = items.map((item) => ({ sku: item.item, title: item.title, quantity: 1 + Math.floor(Math.random() * 2), priceCents: item.priceCents }));
    const count = await this.inTenant(demo, (tx) => tx.inboxEvent.count({ where: { source: 'shopify', type: 'order.created' } }));
    const order = { id: shopOrderId(Date.now()), name: `#${1001 + count}`, createdAt: new Date(), shopper: SHOPPERS[Math.floor(Math.random() * SHOPPERS.length)], lines };
    const body = JSON.stringify(shopifyOrderBody(order));
    const response = await fetch(`${m.origin}${demo.shopEndpointPath}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-shopify-topic': 'orders/create',
        'x-shopify-shop-domain': 'settle-demo.myshopify.com',
        'x-shopify-webhook-id': randomUUID(),
        'x-shopify-hmac-sha256': shopifyHmac(await this.shopSecret(demo), body),
      },
      body,
      signal: AbortSignal.timeout(15_000),
    });
    if (response.status !== 202) throw new Error(`the Shopify order webhook was refused: ${response.status} ${await response.text()}`);
    this.orders.push({ orderId: String(order.id), name: order.name, cents: orderTotalCents(lines), at: Date.now() });
  }

  private async payOrder(demo: DemoTenant, m: Merchant, order: PendingOrder): Promise<void> {
    this.orders = this.orders.filter((o) => o.orderId !== order.orderId);
    const sale = await m.merchant.sale(order.cents, { invoice_id: order.name });
    await this.nudgeFeed(demo, sale.transactionId);
  }

  /** The sandbox company refuses Settle's connections for a few seconds, then recovers by itself. */
  private async outage(demo: DemoTenant, m: Merchant): Promise<void> {
    const response = await fetch(`${m.origin}${SAGEPRO_SANDBOX_ADMIN_PREFIX}/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-sandbox-admin-key': this.config.sandboxAdminKey, 'x-sandbox-tenant': demo.tenantId },
      body: JSON.stringify({ outage: { starts_in_ms: 0, lasts_ms: this.options.outageMs } }),
      signal: AbortSignal.timeout(15_000),
    });
    if (response.status !== 200) throw new Error(`the Sage Pro sandbox refused the outage: ${response.status} ${await response.text()}`);
    this.lastOutageAt = Date.now();
    this.logger.log(`demo: Sage Pro sandbox offline for ${Math.round(this.options.outageMs / 1000)} s; payments meanwhile retry, then land`);
  }

  // ---- bookkeeping ---------------------------------------------------------------------------

  /** A payable invoice not paid lately; when none is left, the company's users enter new ones. */
  private async invoiceToPay(demo: DemoTenant, company: pg.Pool): Promise<PayableInvoice | null> {
    const schema = companySchemaOf(demo.companyId);
    const now = Date.now();
    for (const [invno, until] of this.restingInvoices) if (until <= now) this.restingInvoices.delete(invno);
    const resting = [...this.restingInvoices.keys()];
    let invoice = await pickPayableInvoice(company, schema, resting);
    if (!invoice) {
      await this.enterInvoices(demo, company);
      invoice = await pickPayableInvoice(company, schema, resting);
    }
    if (invoice) this.restingInvoices.set(invoice.invno, now + INVOICE_REST_MS);
    return invoice;
  }

  private async topUpInvoices(demo: DemoTenant, company: pg.Pool): Promise<void> {
    const payable = await countPayableInvoices(company, companySchemaOf(demo.companyId), [...this.restingInvoices.keys()]);
    if (payable < this.options.lowInvoices) await this.enterInvoices(demo, company);
  }

  private async enterInvoices(demo: DemoTenant, company: pg.Pool): Promise<void> {
    const today = new Date().toISOString().slice(0, 10);
    let entered = 0;
    for (let i = 0; i < this.options.newInvoices; i++) if (await enterInvoice(company, companySchemaOf(demo.companyId), demo.companyId, today)) entered++;
    this.logger.log(`demo: open invoices ran low; ${entered} new invoice(s) entered in the sandbox Sage Pro company`);
  }

  /** The oldest shop order whose sales order Settle has made; orders that failed or waited too long are dropped. */
  private async orderReadyToPay(demo: DemoTenant): Promise<PendingOrder | null> {
    if (!this.orders.length) return null;
    const events = await this.inTenant(demo, (tx) =>
      tx.inboxEvent.findMany({ where: { source: 'shopify', externalId: { in: this.orders.map((o) => `order:${o.orderId}`) } }, select: { externalId: true, state: true } }),
    );
    const stateOf = new Map(events.map((event) => [event.externalId, event.state]));
    const now = Date.now();
    this.orders = this.orders.filter((o) => {
      const state = stateOf.get(`order:${o.orderId}`);
      return now - o.at < ORDER_PAYMENT_DEADLINE_MS && !['dead', 'manual_review', 'ignored'].includes(state ?? '');
    });
    return this.orders.find((o) => stateOf.get(`order:${o.orderId}`) === 'done') ?? null;
  }

  private remember(sale: RecentSale): void {
    this.sales.push(sale);
    if (this.sales.length > KEEP_SALES) this.sales.shift();
  }

  /** The oldest remembered sale PayTrace still has (after `npm run demo:reset` it has none of them). */
  private async takeReversibleSale(m: Merchant): Promise<RecentSale | undefined> {
    for (;;) {
      const index = this.sales.findIndex((sale) => Date.now() - sale.at >= this.options.reversibleAfterMs);
      if (index < 0) return undefined;
      const [sale] = this.sales.splice(index, 1);
      if (await m.merchant.exportById(sale.transactionId).then(() => true, () => false)) return sale;
      this.sales = []; // one sale gone means the merchant was reset: the rest went with it
    }
  }

  /** PayTrace's batch closes now and then, as a merchant's does daily, so few transactions stay open. */
  private async closeBatchWhenDue(m: Merchant): Promise<void> {
    if (Date.now() - this.lastSettleAt < this.options.settleEveryMs) return;
    this.lastSettleAt = Date.now();
    await m.merchant.settle();
  }

  /** What a PayTrace notification would do: Settle looks the transaction up at once. */
  private async nudgeFeed(demo: DemoTenant, transactionId: number): Promise<void> {
    await this.feed.fetchTransaction(demo.tenantId, demo.payTraceConnectionId, transactionId);
  }

  // ---- plumbing ------------------------------------------------------------------------------

  /** The shop signs with the endpoint's secret, kept encrypted by Settle (read back as Settle does). */
  private async shopSecret(demo: DemoTenant): Promise<string> {
    const row = await this.inTenant(demo, (tx) => tx.webhookEndpoint.findUniqueOrThrow({ where: { id: demo.shopEndpointId }, select: { secretCiphertext: true } }));
    return TenantContext.run({ tenantId: demo.tenantId }, () => this.vault.decrypt(row.secretCiphertext));
  }

  private inTenant<T>(demo: DemoTenant, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return TenantContext.run({ tenantId: demo.tenantId }, () => this.prisma.inTenant(fn));
  }

  private async holdLock(): Promise<boolean> {
    const ttl = Math.max(30_000, this.options.intervalMs * 5);
    return (await this.redis.client.eval(HOLD_LOCK, 1, this.lockKey(), this.token, ttl)) === 1;
  }

  private lockKey(): string {
    return this.redis.key('demo', 'traffic');
  }
}
