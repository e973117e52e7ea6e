import { Body, Controller, Get, Logger, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/decorators.js';
import { ChangeFeedService } from '../paytrace/change-feed/change-feed.service.js';
import { PAYTRACE_SANDBOX_PREFIX, SandboxService } from '../sandbox/sandbox.service.js';
import { companySchemaOf, findOpenInvoice, listPayableInvoices } from './demo-company.js';
import { DemoMerchants } from './demo-merchant.service.js';
import { DemoSetup } from './demo-setup.service.js';
import type { DemoTenant } from './demo-tenant.js';
import { agreedCents, checkoutUrl, isInvoiceNumber, paidPage, problemPage, shopPage } from './demo-shop-pages.js';

const SHOWN_INVOICES = 12;

/**
 * /demo/shop: the demo merchant's "pay your invoice" pages, outside Settle as a customer portal of
 * the merchant's would be. Paying goes through the PayTrace sandbox checkout page (Protect.js style:
 * the card goes to the sandbox only); the page posts back a single-use token pair, spent here on a
 * pt_protect sale with the invoice number. Only with the demo on (404 otherwise); fake money only.
 */
@Controller('demo/shop')
export class DemoShopController {
  private readonly logger = new Logger('DemoShop');

  constructor(
    private readonly setup: DemoSetup,
    private readonly merchants: DemoMerchants,
    private readonly sandboxes: SandboxService,
    private readonly feed: ChangeFeedService,
  ) {}

  @Public()
  @Get()
  async shop(@Res() reply: FastifyReply) {
    const demo = this.setup.tenant;
    if (!demo) return notFound(reply);
    const company = (await this.sandboxes.sageProSandbox(demo.tenantId)).adminPool;
    const invoices = await listPayableInvoices(company, companySchemaOf(demo.companyId), SHOWN_INVOICES);
    return html(reply, 200, shopPage(invoices, sageProPath(demo)));
  }

  /** To the sandbox checkout page for the invoice's balance; it posts back to `paid/<invno>`. */
  @Public()
  @Get('pay/:invno')
  async pay(@Param('invno') invno: string, @Res() reply: FastifyReply) {
    const demo = this.setup.tenant;
    const origin = this.merchants.origin();
    if (!demo || !origin) return notFound(reply);
    const invoice = isInvoiceNumber(invno) ? await this.openInvoice(demo, invno) : null;
    if (!invoice) return html(reply, 404, problemPage(`Invoice ${invno} is not open in the demo company (paid already?).`));
    const { merchant } = await this.merchants.of(demo, origin);
    const returnUrl = `${origin}/demo/shop/paid/${encodeURIComponent(invoice.invno)}?cents=${invoice.cents}`;
    return reply.redirect(checkoutUrl(`${origin}${PAYTRACE_SANDBOX_PREFIX}`, await merchant.clientKey(), invoice.cents, returnUrl), 303);
  }

  /** The checkout page's form post: only `hpf_token` and `enc_key`, never the card. */
  @Public()
  @Post('paid/:invno')
  async paid(@Param('invno') invno: string, @Query('cents') cents: string, @Body() body: Record<string, unknown> | undefined, @Res() reply: FastifyReply) {
    const demo = this.setup.tenant;
    const origin = this.merchants.origin();
    if (!demo || !origin) return notFound(reply);
    const amount = agreedCents(cents);
    const hpfToken = typeof body?.hpf_token === 'string' ? body.hpf_token : '';
    const encKey = typeof body?.enc_key === 'string' ? body.enc_key : '';
    if (!isInvoiceNumber(invno) || !amount || !hpfToken || !encKey) return html(reply, 400, problemPage('This payment is incomplete: start again from the invoice.'));
    const { merchant } = await this.merchants.of(demo, origin);
    const sale = await merchant.protectSale(amount, { hpfToken, encKey }, { invoice_id: invno }).catch((error: Error) => error);
    if (sale instanceof Error) return html(reply, 400, problemPage(`PayTrace did not take the payment: ${sale.message}`));
    // What a PayTrace notification does: Settle looks the transaction up now, not at the next poll.
    await this.feed.fetchTransaction(demo.tenantId, demo.payTraceConnectionId, sale.transactionId).catch((error: Error) =>
      this.logger.warn(`demo shop: transaction ${sale.transactionId} left to the next poll: ${error.message}`),
    );
    const approved = sale.responseCode === 101;
    return html(reply, 200, paidPage({ invno, cents: amount, transactionId: sale.transactionId, approved, statusMessage: String(sale.body?.status_message ?? ''), sageProPath: sageProPath(demo) }));
  }

  private async openInvoice(demo: DemoTenant, invno: string) {
    const company = (await this.sandboxes.sageProSandbox(demo.tenantId)).adminPool;
    return findOpenInvoice(company, companySchemaOf(demo.companyId), invno);
  }
}

/** The portal's page of the demo's Sage Pro connection, whose Sandbox company viewer shows the receipts. */
const sageProPath = (demo: DemoTenant) => `/connections/sagepro/${demo.sageProConnectionId}`;

const html = (reply: FastifyReply, status: number, page: string) =>
  reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page);

const notFound = (reply: FastifyReply) => reply.code(404).send({ statusCode: 404, error: 'Not Found', message: 'The demo is off (DEMO=off)' });
