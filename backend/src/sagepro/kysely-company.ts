/**
 * SageProCompany over Kysely: the same code on SQL Server (MssqlDialect + tedious) and on the sandbox
 * (PostgresDialect). Each write is one database transaction that
 *   1. locks the customer (arcust), then the AR items it touches (armast), in id order: every Settle
 *      write for a customer queues here, so balances are read and written by one worker at a time;
 *   2. looks for its Settle reference in arcash (locked) and, when found, answers AlreadyApplied with
 *      the records already there, writing nothing;
 *   3. checks Sage Pro's rules (user locks, void, credit hold, currency, GL accounts, field widths),
 *      takes its numbers from SYSDATA (locked), and only then writes.
 * Customers and sales orders follow the same pattern with their reference in a text field (README):
 * a new customer queues on the company's SYCCOMP row, an order locks customer → SYSDATA 'SO<compid>'
 * → the items' locations and bins.
 */
import type { Kysely } from 'kysely';
import { planBatchStatuses, type StatusItem, type StatusOrder } from './batch-status.js';
import type {
  BatchItem, BatchOutcome, CashReceipt, CodeCheck, CustomerChanges, CustomerQuery, CustomerRecord, GlAccount, IncomingPayment, InvoiceQuery, NewCustomer, NewSalesOrder, OpenInvoice,
  PaymentStatusRecord, PaymentStatusUpdate, PlannedReversal, ReceiptLinePage, ReceiptLineQuery, ReceiptReversal, RefusedCode, SageProCompany, SalesOrder, WriteOutcome,
} from './company.js';
import type { SageProDatabase } from './database.js';
import { checkIncoming, checkInvoiceQuery, currencyOf, liveInvoice, requireKey } from './checks.js';
import {
  checkCustomerChanges, checkCustomerQuery, checkReference, customerKey, customerPrefix, newCustomerRow, nextCustomerNumber, normalizeCustno,
  planCustomerUpdate, type Stamp,
} from './customer-plan.js';
import { sageStamp } from './dates.js';
import { classifyDatabaseError, mayBelongToOneItem, PermanentSageProError, TransientSageProError, validationError } from './errors.js';
import { validateWrite } from './field-rules.js';
import { sameKey, trimKey } from './keys.js';
import { sageProConnectionOptions, type SageProConnectionInput, type SageProConnectionOptions } from './options.js';
import { checkOrderCustomer, checkSalesOrder, nextOrderNumber, orderCounter, orderCurrency, orderNumberCandidates, planSalesOrder } from './order-plan.js';
import { invoiceStatusText, planInvoiceStatus } from './payment-status.js';
import { SageProQueries } from './queries.js';
import { type BatchReceipt, planReceiptBatch, referenceKey } from './receipt-batch.js';
import { planReceipt, type Posting, type ReceiptPlan, splitPayment } from './receipt-plan.js';
import {
  arItemOf, cashLineOf, type CashRow, currencyOfRecord, customerAccountOf, minor, customerRecordOf, ensureNotUserLocked, isVoid, openInvoiceOf, type OrderRow,
  salesOrderOf, stockBinOf, stockItemOf, stockLocationOf,
} from './records.js';
import { referenceInText } from './references.js';
import { type AppliedLine, planReversal } from './reversal-plan.js';
import { QualifiedTablesPlugin } from './tables.js';

export interface SageProPorts {
  /** Stamps adddate/addtime; a test can pin it. */
  clock?: () => Date;
}

type Queries = SageProQueries;
type ItemRow = Awaited<ReturnType<ReturnType<Queries['lockItems']>['execute']>>[number];
type ReversedCashRow = Awaited<ReturnType<ReturnType<Queries['cashLinesOf']>['execute']>>[number];

/** Receipt lines per page of readReceiptLines: by default, and at most. */
const RECEIPT_PAGE = 5_000;
const MAX_RECEIPT_PAGE = 10_000;

/** Invoice numbers per lookup statement: two spellings each stay well under SQL Server's 2,100 parameters. */
const LOOKUP_CHUNK = 500;

export class KyselySageProCompany implements SageProCompany {
  readonly options: SageProConnectionOptions;
  readonly #db: Kysely<SageProDatabase>;
  readonly #clock: () => Date;
  #baseCurrency: string | undefined;

  constructor(db: Kysely<SageProDatabase>, options: SageProConnectionInput, ports: SageProPorts = {}) {
    this.options = sageProConnectionOptions.parse(options);
    this.#db = db.withPlugin(new QualifiedTablesPlugin(this.options.tables));
    this.#clock = ports.clock ?? (() => new Date());
  }

  /** The books' currency: money where Sage Pro keeps no currency is in it (the tenant's base currency). */
  private get books(): string {
    return this.options.fallbackCurrency;
  }

  /** The statements, over `db` (a transaction) or the connection's Kysely. */
  queries(db: Kysely<SageProDatabase> = this.#db): Queries {
    return new SageProQueries(db, this.options.dialect, this.options.tables);
  }

  async findOpenInvoices(query: InvoiceQuery): Promise<OpenInvoice[]> {
    checkInvoiceQuery(query);
    const filter = 'amountCents' in query ? { ...query, currency: query.currency ?? this.books } : query;
    return this.read(async (q) => (await q.openInvoices(filter).execute()).map((row) => openInvoiceOf(row, this.options.dialect, this.books)));
  }

  async findOpenInvoicesByNumbers(invnos: string[]): Promise<Map<string, OpenInvoice[]>> {
    const asked = [...new Set(invnos.map((invno) => invno.trim()))];
    for (const invno of asked) checkInvoiceQuery({ invno });
    const found = new Map(asked.map((invno) => [invno, [] as OpenInvoice[]]));
    // A case-insensitive SQL Server matches 'abc' for 'ABC', as the single lookup does; PostgreSQL compares exactly.
    const keyOf = (invno: string) => (this.options.dialect === 'mssql' ? invno.toUpperCase() : invno);
    const byKey = new Map(asked.map((invno) => [keyOf(invno), found.get(invno)!]));
    await this.read(async (q) => {
      for (let at = 0; at < asked.length; at += LOOKUP_CHUNK) {
        for (const row of await q.openInvoicesByNumbers(asked.slice(at, at + LOOKUP_CHUNK)).execute()) {
          const invoice = openInvoiceOf(row, this.options.dialect, this.books);
          byKey.get(keyOf(invoice.invno))?.push(invoice);
        }
      }
    });
    return found;
  }

  async findReceipt(reference: string): Promise<CashReceipt | null> {
    return this.read(async (q) => {
      const rows = await q.cashLinesOf(reference).execute();
      if (!rows.length) return null;
      const [credit] = await q.openCreditOf(reference).execute();
      const lines = rows.map((row) => cashLineOf(row, this.options.dialect, this.books));
      return { reference: reference.trim(), custno: lines[0].custno, lines, openCreditInvno: credit ? trimKey(credit.invno) : undefined };
    });
  }

  async readReceiptLines({ table = 'arcash', from, to, afterId = 0, limit = RECEIPT_PAGE }: ReceiptLineQuery): Promise<ReceiptLinePage> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RECEIPT_PAGE) throw new RangeError(`A page holds 1 to ${MAX_RECEIPT_PAGE} lines, not ${limit}`);
    return this.read(async (q) => {
      const rows = await q.cashLinesDated(table, from, to, afterId, limit).execute();
      const lines = rows.map((row) => ({ ...cashLineOf(row, this.options.dialect, this.books), id: `${table}:${row.id_col}`, currency: currencyOfRecord(row.currid, this.books) }));
      return { lines, nextAfterId: rows.length === limit ? rows[rows.length - 1].id_col : null };
    });
  }

  async listGlAccounts(): Promise<GlAccount[]> {
    return this.read(async (q) =>
      (await q.chartOfAccounts().execute()).map((row) => ({
        account: trimKey(row.glacnt),
        description: trimKey(row.gldesc),
        type: trimKey(row.gltype),
        active: trimKey(row.glstat) !== 'I',
      })),
    );
  }

  async checkCodes(codes: CodeCheck): Promise<RefusedCode[]> {
    const accounts = [...new Set((codes.accounts ?? []).map(trimKey).filter(Boolean))];
    const statuses = [...new Set((codes.orderStatuses ?? []).map(trimKey).filter(Boolean))];
    if (!accounts.length && !statuses.length) return [];
    return this.read(async (q) => {
      const refused = refusedAccounts(accounts, accounts.length ? await q.accounts(accounts).execute() : []);
      const known = statuses.length ? (await q.orderStatusCodes(this.options.compid).execute()).map((row) => trimKey(row.chrvl)) : [];
      for (const code of statuses.filter((status) => !known.includes(status))) {
        refused.push({ value: code, kind: 'unknown_status_code', message: `ORDRSTAT has no code ${code} (the company's codes: ${known.join(', ') || 'none'})` });
      }
      return refused;
    });
  }

  /**
   * What applyPaymentToInvoice (to `invno`) or applyPaymentOnAccount (to `custno`) would write now,
   * checked as they check it but read without locks and written nowhere: a flow's preview. The AR
   * session and an open credit's number are 0: the write takes them from SYSDATA.
   */
  async planPayment(target: { invno: string } | { custno: string }, payment: IncomingPayment): Promise<ReceiptPlan> {
    if ('invno' in target) requireKey('invno', target.invno, 'armast.invno');
    else requireKey('custno', target.custno, 'arcust.custno');
    checkIncoming(payment);
    return this.read(async (q) => {
      const found = 'invno' in target ? liveInvoice(await q.itemsByNumber(target.invno).execute(), target.invno) : null;
      const custno = found ? found.custno : (target as { custno: string }).custno;
      const [customer] = await q.customerRecord(custno).execute();
      if (!customer) throw new PermanentSageProError('customer_not_found', `No customer ${trimKey(custno)} in arcust`, 'arcust.custno', trimKey(custno));
      if (found && isVoid(found)) throw new PermanentSageProError('invoice_void', `Invoice ${trimKey(found.invno)} was voided`, 'armast.arstat', trimKey(found.arstat));
      this.checkCreditHold(customer);
      const currency = currencyOf(payment.currency, found ? [found.currid, customer.currency] : [customer.currency], this.books);
      const ar = this.arAccountOf(customer);
      const baseCurrency = await this.baseCurrency(q);
      const item = found ? arItemOf(found, ar, currency, baseCurrency) : null;
      const posting = { arsess: 0, user: this.options.user, stamp: sageStamp(this.#clock(), this.options.timeZone), currency, baseCurrency };
      const accounts = { cash: payment.cashAccount ?? this.options.gl.cash, discounts: this.options.gl.discounts, creditAr: ar };
      const plan = planReceipt(item, customerAccountOf(customer, this.options.dialect, currency), payment, accounts, posting, 0);
      validatePlan(plan);
      await this.ensureAccounts(q, [...plan.ardistLines.map((row) => String(row.glacnt)), ...plan.arcash.map((row) => String(row.cashacct))]);
      return plan;
    });
  }

  async applyPaymentToInvoice(invno: string, payment: IncomingPayment): Promise<WriteOutcome<CashReceipt>> {
    requireKey('invno', invno, 'armast.invno');
    checkIncoming(payment);
    return this.write(async (q) => {
      const found = liveInvoice(await q.itemsByNumber(invno).execute(), invno);
      const customer = await this.lockCustomer(q, found.custno);
      const invoice = await lockInvoice(q, found);
      const done = await this.alreadyApplied(q, payment.reference);
      if (done) return done;
      ensureNotUserLocked('arcust', customer.custno, customer);
      ensureNotUserLocked('armast', invoice.invno, invoice);
      if (isVoid(invoice)) throw new PermanentSageProError('invoice_void', `Invoice ${invno} was voided`, 'armast.arstat', trimKey(invoice.arstat));
      this.checkCreditHold(customer);
      const currency = currencyOf(payment.currency, [invoice.currid, customer.currency], this.books);
      const ar = this.arAccountOf(customer);
      const baseCurrency = await this.baseCurrency(q);
      const item = arItemOf(invoice, ar, currency, baseCurrency);
      const { credit } = splitPayment(item.balanceCents, payment);
      const { posting, creditInvno } = await this.takeNumbers(q, currency, credit > 0, baseCurrency);
      const accounts = { cash: payment.cashAccount ?? this.options.gl.cash, discounts: this.options.gl.discounts, creditAr: ar };
      return this.carryOut(q, payment.reference, planReceipt(item, customerAccountOf(customer, this.options.dialect, currency), payment, accounts, posting, creditInvno));
    });
  }

  /**
   * One transaction for the whole batch, locking as a single receipt does but once for all: the
   * customers (id order, one statement), then the invoices (id order, one statement), then the
   * references (one statement), then SYSDATA 'AR<compid>' once, for as many sessions as receipts.
   * Then ARCASH, open credits and ARDIST go in as multi-row inserts and each item and customer is
   * updated once, with its state after the batch's last receipt on it; the items' payment statuses
   * (armast.refno) ride in the same ARMAST update, and their orders (locked last) follow.
   */
  async applyPaymentsToInvoices(batch: BatchItem[]): Promise<BatchOutcome[]> {
    const outcomes: BatchOutcome[] = new Array(batch.length);
    const refuse = (index: number, error: unknown) => {
      outcomes[index] = { kind: 'Failed', error: classifyDatabaseError(error) };
    };
    let live: number[] = [];
    batch.forEach(({ invno, payment }, index) => {
      try {
        requireKey('invno', invno, 'armast.invno');
        checkIncoming(payment);
        live.push(index);
      } catch (error) {
        refuse(index, error);
      }
    });
    if (!live.length) return outcomes;
    const dialect = this.options.dialect;
    try {
      await this.write(async (q) => {
        const rows = await q.itemsByNumbers(live.map((index) => batch[index].invno)).execute();
        const found = new Map<number, (typeof rows)[number]>();
        for (const index of live) {
          const invno = batch[index].invno.trim();
          try {
            found.set(index, liveInvoice(rows.filter((row) => sameKey(row.invno, invno)), invno));
          } catch (error) {
            refuse(index, error);
          }
        }
        live = live.filter((index) => found.has(index));
        if (!live.length) return;

        const customerRows = firstPerCustno(await q.lockCustomers([...new Set(live.map((index) => trimKey(found.get(index)!.custno)))]).execute());
        const customers = new Map(customerRows.map((row) => [trimKey(row.custno), row]));
        const ids = [...new Set(live.map((index) => found.get(index)!.id_col))].sort((a, b) => a - b);
        const invoices = new Map((await q.lockItems(ids).execute()).map((row) => [row.id_col, row]));
        const existing = await q.lockCashLinesOfMany(live.map((index) => batch[index].payment.reference)).execute();
        const credits = existing.length ? await q.openCreditsOf([...new Set(existing.map((row) => trimKey(row.refno)))]).execute() : [];

        const candidates: BatchReceipt[] = [];
        const wanted = new Set([this.options.gl.cash]);
        const baseCurrency = await this.baseCurrency(q);
        for (const index of live) {
          const { invno, payment } = batch[index];
          try {
            const done = existing.filter((row) => referenceKey(row.refno) === referenceKey(payment.reference));
            if (done.length) {
              const credit = credits.find((row) => referenceKey(row.refno) === referenceKey(payment.reference));
              const lines = done.map((row) => cashLineOf(row, dialect, this.books));
              outcomes[index] = { kind: 'AlreadyApplied', records: { reference: payment.reference.trim(), custno: lines[0].custno, lines, openCreditInvno: credit ? trimKey(credit.invno) : undefined } };
              continue;
            }
            const seen = found.get(index)!;
            const customer = customers.get(trimKey(seen.custno));
            if (!customer) throw new PermanentSageProError('customer_not_found', `No customer ${trimKey(seen.custno)} in arcust`, 'arcust.custno', trimKey(seen.custno));
            const invoice = invoices.get(seen.id_col);
            if (!invoice) throw new PermanentSageProError('invoice_not_found', `Invoice ${trimKey(seen.invno)} disappeared from armast`, 'armast.invno', trimKey(seen.invno));
            if (!sameKey(invoice.custno, customer.custno)) throw new TransientSageProError('record_locked', `Invoice ${trimKey(invoice.invno)} changed customer while Settle read it`);
            ensureNotUserLocked('arcust', customer.custno, customer);
            ensureNotUserLocked('armast', invoice.invno, invoice);
            if (isVoid(invoice)) throw new PermanentSageProError('invoice_void', `Invoice ${invno.trim()} was voided`, 'armast.arstat', trimKey(invoice.arstat));
            this.checkCreditHold(customer);
            const currency = currencyOf(payment.currency, [invoice.currid, customer.currency], this.books);
            const ar = this.arAccountOf(customer);
            const item = arItemOf(invoice, ar, currency, baseCurrency);
            const accounts = { cash: payment.cashAccount ?? this.options.gl.cash, discounts: this.options.gl.discounts, creditAr: ar };
            wanted.add(item.arAccount).add(ar).add(accounts.cash);
            if (payment.discountCents) wanted.add(this.options.gl.discounts);
            candidates.push({ index, invoice: item, customer: customerAccountOf(customer, dialect, currency), payment, currency, accounts });
          } catch (error) {
            refuse(index, error);
          }
        }

        const plan = candidates.length ? await this.planBatch(q, batch, candidates, wanted, outcomes, refuse) : null;
        const statuses = await this.planStatuses(q, batch, live, (index) => invoices.get(found.get(index)!.id_col), outcomes);

        if (plan) {
          validateWrite('sysdata', plan.counter);
          await q.updateCounter(plan.counterId, plan.counter).execute();
          await q.insertCashLines(plan.arcash).execute();
          if (plan.openCredits.length) await q.insertItems(plan.openCredits).execute();
        }
        const armastUpdates = withStatusTexts(plan?.armastUpdates ?? [], statuses?.invoiceTexts);
        if (armastUpdates.length) await q.updateItems(armastUpdates).execute();
        if (plan) {
          await q.updateCustomers(plan.arcustUpdates).execute();
          await q.insertDistributions(plan.ardistLines).execute();
        }
        for (const [id, orderstat] of statuses?.orderCodes ?? []) await q.updateOrder(id, { orderstat }).execute();
        for (const [index, status] of statuses?.outcomes ?? []) {
          const outcome = outcomes[index];
          if (outcome.kind !== 'Failed') outcomes[index] = { ...outcome, status };
        }
      });
    } catch (error) {
      const failure = classifyDatabaseError(error);
      // One item must not sink a whole batch for good: each goes again alone, in order.
      if (batch.length > 1 && mayBelongToOneItem(failure)) return this.applyEachAlone(batch);
      return batch.map(() => ({ kind: 'Failed', error: failure }));
    }
    return outcomes;
  }

  /** A batch written item by item, each in its own transaction, in the batch's order. */
  private async applyEachAlone(batch: BatchItem[]): Promise<BatchOutcome[]> {
    const outcomes: BatchOutcome[] = [];
    for (const item of batch) outcomes.push(...(await this.applyPaymentsToInvoices([item])));
    return outcomes;
  }

  /** Reads the chart and locks the AR counter, then plans every candidate receipt in order (outcomes set here). */
  private async planBatch(q: Queries, batch: BatchItem[], candidates: BatchReceipt[], wanted: Set<string>, outcomes: BatchOutcome[], refuse: (index: number, error: unknown) => void) {
    const chart = await q.accounts([...new Set([...wanted].map(trimKey))]).execute();
    const sysid = `AR${this.options.compid}`;
    const [counter] = await q.lockCounter(sysid).execute();
    if (!counter) throw new PermanentSageProError('missing_counter', `SYSDATA has no ${sysid} counter`, 'sysdata.sysid', sysid);
    const base = { user: this.options.user, stamp: sageStamp(this.#clock(), this.options.timeZone), baseCurrency: await this.baseCurrency(q) };
    const plan = planReceiptBatch(candidates, { int1: Number(counter.int1), int2: Number(counter.int2) }, base, (receipt) => {
      validatePlan(receipt);
      checkAccounts([...receipt.ardistLines.map((row) => String(row.glacnt)), ...receipt.arcash.map((row) => String(row.cashacct))], chart);
    });
    for (const { index, error } of plan.refused) refuse(index, error);
    const receipts = new Map<number, CashReceipt>();
    for (const { index, plan: receipt } of plan.planned) {
      const lines = receipt.arcash.map((row) => cashLineOf(row as unknown as CashRow, this.options.dialect, this.books));
      const records = { reference: batch[index].payment.reference.trim(), custno: lines[0].custno, lines, openCreditInvno: receipt.openCredit ? trimKey(String(receipt.openCredit.invno)) : undefined };
      receipts.set(index, records);
      outcomes[index] = { kind: 'Applied', records };
    }
    for (const { index, of } of plan.duplicates) outcomes[index] = { kind: 'AlreadyApplied', records: receipts.get(of)! };
    return plan.planned.length ? { ...plan, counterId: counter.id_col } : null;
  }

  /**
   * The statuses asked for, on the invoices whose receipt is in (now or before), in the batch's order.
   * Orders (the invoices' ornum) are locked only when the connection marks orders and an item has one.
   */
  private async planStatuses(q: Queries, batch: BatchItem[], live: number[], invoiceOf: (index: number) => ItemRow | undefined, outcomes: BatchOutcome[]) {
    const items: StatusItem[] = [];
    for (const index of live) {
      const invoice = invoiceOf(index);
      const status = batch[index].status;
      if (!status || !invoice || outcomes[index]?.kind === 'Failed') continue;
      const orderStatus = batch[index].orderStatus?.trim();
      items.push({ index, status, reference: batch[index].payment.reference, invoice: { ...invoice, id: invoice.id_col }, ...(orderStatus ? { orderStatus } : {}) });
    }
    if (!items.length) return null;
    const options = this.options.paymentStatus;
    const sonos = options.orderField ? [...new Set(items.map((item) => trimKey(item.invoice.ornum)).filter(Boolean))] : [];
    const orders = new Map<string, StatusOrder>();
    if (sonos.length) {
      for (const row of await q.lockOrdersByNumbers(sonos).execute()) if (!orders.has(trimKey(row.sono))) orders.set(trimKey(row.sono), { ...row, id: row.id_col });
    }
    const codes = orders.size ? (await q.orderStatusCodes(this.options.compid).execute()).map((row) => trimKey(row.chrvl)) : [];
    return planBatchStatuses(items, options, orders, codes);
  }

  async applyPaymentOnAccount(custno: string, payment: IncomingPayment): Promise<WriteOutcome<CashReceipt>> {
    requireKey('custno', custno, 'arcust.custno');
    checkIncoming(payment);
    return this.write(async (q) => {
      const customer = await this.lockCustomer(q, custno);
      const done = await this.alreadyApplied(q, payment.reference);
      if (done) return done;
      ensureNotUserLocked('arcust', customer.custno, customer);
      this.checkCreditHold(customer);
      const currency = currencyOf(payment.currency, [customer.currency], this.books);
      const ar = this.arAccountOf(customer);
      const { posting, creditInvno } = await this.takeNumbers(q, currency, true, await this.baseCurrency(q));
      const accounts = { cash: payment.cashAccount ?? this.options.gl.cash, discounts: this.options.gl.discounts, creditAr: ar };
      return this.carryOut(q, payment.reference, planReceipt(null, customerAccountOf(customer, this.options.dialect, currency), payment, accounts, posting, creditInvno));
    });
  }

  async reverseReceipt(reversal: ReceiptReversal): Promise<WriteOutcome<CashReceipt>> {
    validateWrite('arcash', { refno: reversal.reference, dtepaid: reversal.date });
    requireKey('refno', reversal.receiptReference, 'arcash.refno');
    if (!['refund', 'void', 'chargeback'].includes(reversal.kind)) throw validationError('reversal.kind', reversal.kind, 'refund, void or chargeback');
    return this.write(async (q) => {
      // Read unlocked to learn the customer; the customer's lock then holds every Settle writer off.
      const receipt = (await q.cashLinesOf(reversal.receiptReference).execute()).filter((row) => minor(row.paidamt, 'arcash.paidamt', currencyOfRecord(row.currid, this.books)) > 0);
      if (!receipt.length) throw new PermanentSageProError('receipt_not_found', `No receipt ${reversal.receiptReference} in arcash`, 'arcash.refno', reversal.receiptReference);
      const customer = await this.lockCustomer(q, receipt[0].custno);
      const invnos = [...new Set(receipt.map((row) => row.invno))];
      const items = await q.lockItemsByNumbers(customer.custno, invnos).execute();
      const done = await this.alreadyApplied(q, reversal.reference);
      if (done) return done;
      const { currency, baseCurrency, lines } = await this.reversalLines(q, reversal, receipt, customer, items, invnos);
      const { posting } = await this.takeNumbers(q, currency, false, baseCurrency);
      const { refunds, chargebacks, discounts } = this.options.gl;
      const credited = { refunds: reversal.account ?? refunds, chargebacks: reversal.account ?? chargebacks, discounts };
      return this.carryOut(q, reversal.reference, planReversal(reversal, lines, customerAccountOf(customer, this.options.dialect, currency), credited, posting));
    });
  }

  /**
   * The receipt's lines as a reversal takes them back, each with its item and the cash still on it, in
   * the receipt's currency: shared by reverseReceipt and planReversal, so the write and its preview
   * check and plan alike.
   */
  private async reversalLines(
    q: Queries,
    reversal: ReceiptReversal,
    receipt: ReversedCashRow[],
    customer: { custno: string; currency: string; aracct: string; lckstat: string; lckuser: string },
    items: (ItemRow & { lckstat: string; lckuser: string })[],
    invnos: string[],
  ): Promise<{ currency: string; baseCurrency: string; lines: AppliedLine[] }> {
    ensureNotUserLocked('arcust', customer.custno, customer);
    for (const item of items) ensureNotUserLocked('armast', item.invno, item);
    // The reversal is written in the receipt's currency; its amount must be in that currency too.
    const currency = trimKey(receipt[0].currid) || trimKey(customer.currency) || this.books;
    if (reversal.currency !== undefined && reversal.currency !== currency) {
      throw new PermanentSageProError('validation', `Reversal in ${reversal.currency}, receipt ${reversal.receiptReference} is in ${currency}`, 'currency', reversal.currency, `the receipt's currency ${currency}`);
    }
    const cents = (value: string | number, field: string) => minor(value, field, currency);
    const cashByItem = new Map((await q.cashOnItems(customer.custno, invnos).execute()).map((row) => [trimKey(row.invno), cents(row.cash, 'arcash.paidamt')]));
    const ar = this.arAccountOf(customer);
    const baseCurrency = await this.baseCurrency(q);
    const lines = receipt.map((row): AppliedLine => {
      const item = items.find((candidate) => sameKey(candidate.invno, row.invno));
      if (!item) throw new PermanentSageProError('invoice_not_found', `Item ${trimKey(row.invno)} of receipt ${reversal.receiptReference} is no longer open in armast`, 'armast.invno', trimKey(row.invno));
      return {
        item: arItemOf(item, ar, currency, baseCurrency),
        paidCents: cents(row.paidamt, 'arcash.paidamt'),
        discountCents: cents(row.disamt, 'arcash.disamt'),
        cashAccount: trimKey(row.cashacct) || this.options.gl.cash,
        itemCashCents: cashByItem.get(trimKey(row.invno)) ?? 0,
      };
    });
    return { currency, baseCurrency, lines };
  }

  /**
   * What reverseReceipt would write now, checked as it checks it but read without locks and written
   * nowhere: a flow's preview. The AR session is 0 (the write takes it from SYSDATA).
   */
  async planReversal(reversal: ReceiptReversal): Promise<PlannedReversal<ReceiptPlan>> {
    validateWrite('arcash', { refno: reversal.reference, dtepaid: reversal.date });
    requireKey('refno', reversal.receiptReference, 'arcash.refno');
    if (!['refund', 'void', 'chargeback'].includes(reversal.kind)) throw validationError('reversal.kind', reversal.kind, 'refund, void or chargeback');
    return this.read(async (q) => {
      const receipt = (await q.cashLinesOf(reversal.receiptReference).execute()).filter((row) => minor(row.paidamt, 'arcash.paidamt', currencyOfRecord(row.currid, this.books)) > 0);
      if (!receipt.length) throw new PermanentSageProError('receipt_not_found', `No receipt ${reversal.receiptReference} in arcash`, 'arcash.refno', reversal.receiptReference);
      const [customer] = await q.customerRecord(receipt[0].custno).execute();
      if (!customer) throw new PermanentSageProError('customer_not_found', `No customer ${trimKey(receipt[0].custno)} in arcust`, 'arcust.custno', trimKey(receipt[0].custno));
      const invnos = [...new Set(receipt.map((row) => row.invno))];
      // lockItemsByNumbers, unlocked: the customer's live items of the receipt.
      const items = (await q.itemsByNumbers(invnos.map(trimKey)).execute()).filter((item) => sameKey(item.custno, customer.custno) && !isVoid(item));
      const done = await q.cashLinesOf(reversal.reference).execute();
      if (done.length) {
        const lines = done.map((row) => cashLineOf(row, this.options.dialect, this.books));
        return { kind: 'already_applied', records: { reference: reversal.reference.trim(), custno: lines[0].custno, lines } };
      }
      const { currency, baseCurrency, lines } = await this.reversalLines(q, reversal, receipt, customer, items, invnos);
      const posting = { arsess: 0, user: this.options.user, stamp: sageStamp(this.#clock(), this.options.timeZone), currency, baseCurrency };
      const { refunds, chargebacks, discounts } = this.options.gl;
      const credited = { refunds: reversal.account ?? refunds, chargebacks: reversal.account ?? chargebacks, discounts };
      const plan = planReversal(reversal, lines, customerAccountOf(customer, this.options.dialect, currency), credited, posting);
      validatePlan(plan);
      await this.ensureAccounts(q, [...plan.ardistLines.map((row) => String(row.glacnt)), ...plan.arcash.map((row) => String(row.cashacct))]);
      const orders = Object.fromEntries(items.filter((item) => trimKey(item.ornum)).map((item) => [trimKey(item.invno), trimKey(item.ornum)]));
      return { kind: 'planned', plan, currency, orders };
    });
  }

  async recordPaymentStatus(update: PaymentStatusUpdate): Promise<WriteOutcome<PaymentStatusRecord>> {
    if (update.invno === undefined && update.sono === undefined) throw validationError('armast.invno', update.invno, 'an invoice or a sales order number');
    if (update.invno !== undefined) requireKey('invno', update.invno, 'armast.invno');
    if (update.sono !== undefined) requireKey('sono', update.sono, 'somast.sono');
    const { orderField, invoiceField, codes } = this.options.paymentStatus;
    const code = codes[update.status];
    if (!code) return { kind: 'AlreadyApplied', records: {} }; // the connection records no code for this status
    const orderCode = update.orderStatus?.trim() || code;
    return this.write(async (q) => {
      const records: PaymentStatusRecord = {};
      let changed = false;
      let sono = update.sono;
      if (update.invno !== undefined) {
        const found = liveInvoice(await q.itemsByNumber(update.invno).execute(), update.invno);
        sono ??= trimKey(found.ornum) || undefined;
        if (invoiceField) {
          const invoice = await lockInvoice(q, found);
          ensureNotUserLocked('armast', invoice.invno, invoice);
          const text = invoiceStatusText(code, update.reference);
          validateWrite('armast', { refno: text });
          const next = planInvoiceStatus(invoice.refno, text, this.options.paymentStatus, 'armast.refno');
          if (next !== undefined) await q.updateItem(invoice.id_col, { refno: next }).execute();
          changed ||= next !== undefined;
          records.invoice = { invno: trimKey(invoice.invno), field: 'armast.refno', text };
        }
      }
      if (orderField && sono) {
        const [order] = await q.lockOrders(sono).execute();
        if (!order && update.sono) throw new PermanentSageProError('order_not_found', `No sales order ${sono} in somast`, 'somast.sono', sono);
        if (order) {
          ensureNotUserLocked('somast', order.sono, order);
          await this.ensureOrderStatusCode(q, orderCode);
          validateWrite('somast', { orderstat: orderCode });
          if (trimKey(order.orderstat) !== orderCode) await q.updateOrder(order.id_col, { orderstat: orderCode }).execute();
          changed ||= trimKey(order.orderstat) !== orderCode;
          records.order = { sono: trimKey(order.sono), orderstat: orderCode };
        }
      }
      return { kind: changed ? 'Applied' : 'AlreadyApplied', records };
    });
  }

  // ---- Customers -------------------------------------------------------------------------------

  async findCustomer(query: CustomerQuery): Promise<CustomerRecord[]> {
    const checked = checkCustomerQuery(query);
    return this.read(async (q) => firstPerCustno(await q.customers(checked).execute()).map((row) => customerRecordOf(row, this.books)));
  }

  /**
   * Queues on the company's SYCCOMP row (so two creations never take one custno or one reference),
   * answers AlreadyApplied when a customer carries the reference, then takes the custno (the one given,
   * which must be free, or nextCustomerNumber) and inserts the ARCUST row.
   */
  async createCustomer(customer: NewCustomer): Promise<WriteOutcome<CustomerRecord>> {
    checkReference(customer.reference, 'arcust.comment');
    const reference = customer.reference.trim();
    const requested = customer.custno === undefined ? undefined : normalizeCustno(customer.custno);
    newCustomerRow(customer, requested ?? 'X', '', this.stamp(), this.books); // every field checked before a statement is sent
    return this.write(async (q) => {
      const [company] = await q.lockCompany(this.options.compid).execute();
      if (!company) throw new PermanentSageProError('company_not_found', `SYCCOMP has no company ${this.options.compid}`, 'syccomp.compid', this.options.compid);
      const existing = (await q.customersByReference(reference).execute()).find((row) => referenceInText(row.comment) === reference);
      if (existing) return { kind: 'AlreadyApplied', records: customerRecordOf(existing, this.books) };
      let custno = requested;
      if (custno) {
        const [taken] = await q.customers({ custno }).execute();
        if (taken) {
          throw new PermanentSageProError('customer_exists', `Customer ${custno} exists and was not created for ${reference}`, 'arcust.custno', custno, 'a custno no customer has');
        }
      } else {
        const prefix = customerPrefix(customer.company);
        custno = nextCustomerNumber(customer.company, (await q.custnosStartingWith(prefix).execute()).map((row) => row.custno));
      }
      const row = newCustomerRow(customer, custno, trimKey(company.currid), this.stamp(), this.books);
      if (row.aracct) await this.ensureAccounts(q, [String(row.aracct)]);
      await q.insertCustomer(row).execute();
      const [created] = await q.customers({ custno }).execute();
      return { kind: 'Applied', records: customerRecordOf(created, this.books) };
    });
  }

  /** Locks the customer, writes only the fields that change (AlreadyApplied when none does). */
  async updateCustomer(custno: string, changes: CustomerChanges): Promise<WriteOutcome<CustomerRecord>> {
    const key = customerKey(custno);
    checkCustomerChanges(changes, this.books);
    return this.write(async (q) => {
      const [row] = await q.lockCustomerRecord(key).execute();
      if (!row) throw new PermanentSageProError('customer_not_found', `No customer ${key} in arcust`, 'arcust.custno', key);
      const current = customerRecordOf(row, this.books);
      const update = planCustomerUpdate(current, changes, this.books);
      if (!Object.keys(update).length) return { kind: 'AlreadyApplied', records: current };
      ensureNotUserLocked('arcust', row.custno, row);
      if (update.aracct) await this.ensureAccounts(q, [String(update.aracct)]);
      await q.updateCustomer(row.id_col, update).execute();
      const [after] = await q.lockCustomerRecord(key).execute();
      return { kind: 'Applied', records: customerRecordOf(after, this.books) };
    });
  }

  // ---- Sales orders ------------------------------------------------------------------------------

  /**
   * One transaction, locking customer → SYSDATA 'SO<compid>' → the items' locations and bins (id
   * order). The reference is looked up under the customer's lock, so the same order sent twice at
   * once queues there and the second answers AlreadyApplied with the first one's sono.
   */
  async createSalesOrder(order: NewSalesOrder): Promise<WriteOutcome<SalesOrder>> {
    const checked = checkSalesOrder(order, this.books);
    return this.write(async (q) => {
      const [row] = await q.lockCustomerRecord(checked.custno).execute();
      if (!row) throw new PermanentSageProError('customer_not_found', `No customer ${checked.custno} in arcust`, 'arcust.custno', checked.custno);
      const done = await this.existingOrder(q, checked.reference);
      if (done) return done;
      ensureNotUserLocked('arcust', row.custno, row);
      const record = customerRecordOf(row, this.books);
      checkOrderCustomer(record);
      orderCurrency(order.currency, record.currency, this.books);
      const openStatus = order.orderStatus !== undefined ? order.orderStatus.trim() : (this.options.orders.openStatus ?? '');
      if (openStatus) await this.ensureOrderStatusCode(q, openStatus);

      const sono = await this.takeOrderNumber(q);

      const items = (await q.items([...new Set(checked.lines.map((line) => line.item))]).execute()).map(stockItemOf);
      const stocked = new Map<string, { item: string; loctid: string }>();
      for (const line of checked.lines) {
        const item = items.find((candidate) => candidate.item.trim().toUpperCase() === line.item.toUpperCase());
        if (item?.stocked) stocked.set(`${line.item.toUpperCase()}|${line.loctid.toUpperCase()}`, { item: line.item, loctid: line.loctid });
      }
      const keys = [...stocked.values()];
      const locations = keys.length ? (await q.lockLocations(keys).execute()).map(stockLocationOf) : [];
      const bins = keys.length ? (await q.lockBins(keys).execute()).map(stockBinOf) : [];

      const stamp = this.stamp();
      const plan = planSalesOrder(order, checked, { id: row.id_col, custno: row.custno, record }, { items, locations, bins }, {
        sono,
        openStatus,
        receivables: this.options.gl.receivables,
        sales: this.options.gl.sales ?? '',
        date: order.date ?? stamp.date,
        stamp,
        booksCurrency: this.books,
        baseCurrency: await this.baseCurrency(q),
      });
      await this.ensureAccounts(q, [String(plan.somast.glarec), ...plan.sotran.map((line) => String(line.glsale))].filter((account) => account.trim()));

      await q.insertOrder(plan.somast).execute();
      await q.insertOrderLines(plan.sotran).execute();
      await q.insertOrderAddress(plan.soaddr).execute();
      for (const update of plan.locationUpdates) await q.updateLocation(update.id, update.row).execute();
      for (const update of plan.binUpdates) await q.updateBin(update.id, update.row).execute();
      await q.updateCustomer(plan.customerUpdate.id, plan.customerUpdate.row).execute();

      const [saved] = await q.ordersByNumber(sono).execute();
      return { kind: 'Applied', records: await this.salesOrder(q, saved) };
    });
  }

  /** The order a Settle reference created, if any (exact reference: a case-insensitive server may match more). */
  private async existingOrder(q: Queries, reference: string): Promise<WriteOutcome<SalesOrder> | undefined> {
    const found = (await q.ordersByReference(reference).execute()).find((row) => referenceInText(row.notes) === reference);
    return found ? { kind: 'AlreadyApplied', records: await this.salesOrder(q, found) } : undefined;
  }

  private async salesOrder(q: Queries, order: OrderRow): Promise<SalesOrder> {
    return salesOrderOf(order, await q.orderLines(order.sono).execute(), this.options.dialect, this.books);
  }

  /** The next sales order number from SYSDATA 'SO<compid>' (locked), skipping numbers somast already holds. */
  private async takeOrderNumber(q: Queries): Promise<number> {
    const sysid = `SO${this.options.compid}`;
    const counter = orderCounter(await q.lockOrderCounter(sysid).execute(), sysid);
    const last = Number(counter.int1);
    const candidates = orderNumberCandidates(last);
    const taken = candidates.length ? (await q.orderNumbersIn(candidates).execute()).map((row) => Number(trimKey(row.sono))) : [];
    const sono = nextOrderNumber(last, taken, sysid);
    validateWrite('sysdata', { int1: sono });
    await q.updateOrderCounter(counter.id_col, sono).execute();
    return sono;
  }

  /** Settle's adduser and the company's local date and time. */
  private stamp(): Stamp {
    return { user: this.options.user, ...sageStamp(this.#clock(), this.options.timeZone) };
  }

  private async read<T>(work: (q: Queries) => Promise<T>): Promise<T> {
    try {
      return await work(this.queries());
    } catch (error) {
      throw classifyDatabaseError(error);
    }
  }

  private async write<T>(work: (q: Queries) => Promise<T>): Promise<T> {
    try {
      return await this.#db.transaction().execute(async (trx) => {
        const q = this.queries(trx);
        await q.lockTimeout(this.options.lockTimeoutMs).execute(trx);
        return work(q);
      });
    } catch (error) {
      throw classifyDatabaseError(error);
    }
  }

  private async lockCustomer(q: Queries, custno: string) {
    const [customer] = await q.lockCustomer(custno).execute();
    if (!customer) throw new PermanentSageProError('customer_not_found', `No customer ${trimKey(custno)} in arcust`, 'arcust.custno', trimKey(custno));
    return customer;
  }

  private async alreadyApplied(q: Queries, reference: string): Promise<WriteOutcome<CashReceipt> | undefined> {
    const rows = await q.lockCashLinesOf(reference).execute();
    if (!rows.length) return undefined;
    const [credit] = await q.openCreditOf(reference).execute();
    const lines = rows.map((row) => cashLineOf(row, this.options.dialect, this.books));
    return { kind: 'AlreadyApplied', records: { reference: reference.trim(), custno: lines[0].custno, lines, openCreditInvno: credit ? trimKey(credit.invno) : undefined } };
  }

  private checkCreditHold(customer: { custno: string; credstat: string }): void {
    if (this.options.creditHold === 'refuse' && trimKey(customer.credstat) === 'H') {
      throw new PermanentSageProError('credit_hold', `Customer ${trimKey(customer.custno)} is on credit hold`, 'arcust.credstat', 'H', 'not on credit hold');
    }
  }

  /** Receipts credit the AR account the customer posts to (arcust.aracct), else the connection's. */
  private arAccountOf(customer: { aracct: string }): string {
    return trimKey(customer.aracct) || this.options.gl.receivables;
  }

  /** The next AR session (and invoice number, for an open credit) from SYSDATA 'AR<compid>'. */
  private async takeNumbers(q: Queries, currency: string, needsInvno: boolean, baseCurrency: string): Promise<{ posting: Posting; creditInvno?: number }> {
    const sysid = `AR${this.options.compid}`;
    const [counter] = await q.lockCounter(sysid).execute();
    if (!counter) throw new PermanentSageProError('missing_counter', `SYSDATA has no ${sysid} counter`, 'sysdata.sysid', sysid);
    const int1 = Number(counter.int1) + (needsInvno ? 1 : 0);
    const int2 = Number(counter.int2) + 1;
    validateWrite('sysdata', { int1, int2 });
    await q.updateCounter(counter.id_col, { int1, int2 }).execute();
    const posting = { arsess: int2, user: this.options.user, stamp: sageStamp(this.#clock(), this.options.timeZone), currency, baseCurrency };
    return { posting, creditInvno: needsInvno ? int1 : undefined };
  }

  /**
   * The company's base currency, that of armast.bbal: syccomp.currid, else (blank, or no such row) the
   * books'. Read once per connection object: Sage Pro does not change a company's base currency.
   */
  private async baseCurrency(q: Queries): Promise<string> {
    if (this.#baseCurrency === undefined) {
      const [company] = await q.companyCurrency(this.options.compid).execute();
      this.#baseCurrency = trimKey(company?.currid) || this.books;
    }
    return this.#baseCurrency;
  }

  /** Validates the whole plan, refuses unknown GL accounts, then writes it. */
  private async carryOut(q: Queries, reference: string, plan: ReceiptPlan): Promise<WriteOutcome<CashReceipt>> {
    validatePlan(plan);
    await this.ensureAccounts(q, [...plan.ardistLines.map((row) => String(row.glacnt)), ...plan.arcash.map((row) => String(row.cashacct))]);

    await q.insertCashLines(plan.arcash).execute();
    if (plan.openCredit) await q.insertItem(plan.openCredit).execute();
    for (const update of plan.armastUpdates) await q.updateItem(update.id, update.row).execute();
    await q.updateCustomer(plan.arcustUpdate.id, plan.arcustUpdate.row).execute();
    await q.insertDistributions(plan.ardistLines).execute();

    const lines = plan.arcash.map((row) => cashLineOf(row as unknown as CashRow, this.options.dialect, this.books));
    return { kind: 'Applied', records: { reference: reference.trim(), custno: lines[0].custno, lines, openCreditInvno: plan.openCredit ? trimKey(String(plan.openCredit.invno)) : undefined } };
  }

  private async ensureAccounts(q: Queries, accounts: string[]): Promise<void> {
    const wanted = [...new Set(accounts.map(trimKey))];
    checkAccounts(wanted, await q.accounts(wanted).execute());
  }

  private async ensureOrderStatusCode(q: Queries, code: string): Promise<void> {
    const codes = (await q.orderStatusCodes(this.options.compid).execute()).map((row) => trimKey(row.chrvl));
    if (!codes.includes(code)) {
      throw new PermanentSageProError('unknown_status_code', `ORDRSTAT has no code ${code}`, 'somast.orderstat', code, `a SYCRLST 'ORDRSTAT' code (${codes.join(', ')})`);
    }
  }
}

/** Every row of a receipt plan against its field rules, before anything is written. */
function validatePlan(plan: ReceiptPlan): void {
  plan.arcash.forEach((row) => validateWrite('arcash', row));
  plan.ardistLines.forEach((row) => validateWrite('ardist', row));
  plan.armastUpdates.forEach((update) => validateWrite('armast', update.row));
  if (plan.openCredit) validateWrite('armast', plan.openCredit);
  validateWrite('arcust', plan.arcustUpdate.row);
}

/** The accounts not in the chart (`found`, as read) or inactive, as checkAccounts would refuse them. */
function refusedAccounts(accounts: string[], found: { glacnt: string; glstat: string }[]): RefusedCode[] {
  return accounts.flatMap((account): RefusedCode[] => {
    const row = found.find((candidate) => sameKey(candidate.glacnt, account));
    if (!row) return [{ value: account, kind: 'missing_account', message: `GL account ${account} is not in the company's chart of accounts` }];
    return trimKey(row.glstat) === 'I' ? [{ value: account, kind: 'inactive_account', message: `GL account ${account} is inactive` }] : [];
  });
}

/** Every account must be in the chart (`found`, as read) and active. */
function checkAccounts(accounts: string[], found: { glacnt: string; glstat: string }[]): void {
  for (const account of new Set(accounts.map(trimKey))) {
    const row = found.find((candidate) => sameKey(candidate.glacnt, account));
    if (!row) throw new PermanentSageProError('missing_account', `GL account ${account} does not exist`, 'glacnt.glacnt', account, 'an account of the chart of accounts');
    if (trimKey(row.glstat) === 'I') throw new PermanentSageProError('inactive_account', `GL account ${account} is inactive`, 'glacnt.glstat', 'I', 'an active account');
  }
}

/** The invoice found unlocked, read again under lock. */
async function lockInvoice(q: Queries, found: { id_col: number; invno: string }) {
  const [invoice] = await q.lockItems([found.id_col]).execute();
  if (!invoice) throw new PermanentSageProError('invoice_not_found', `Invoice ${trimKey(found.invno)} disappeared from armast`, 'armast.invno', trimKey(found.invno));
  return invoice;
}

/** One record per custno: the lowest id_col (rows come ordered by custno, id_col), as Caster Depot's TOP 1 does. */
function firstPerCustno<R extends { custno: string }>(rows: R[]): R[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const key = trimKey(row.custno);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The batch's ARMAST updates with each changed status text added to its invoice's row, in id order. */
function withStatusTexts(updates: { id: number; row: Record<string, unknown> }[], texts: Map<number, string> | undefined) {
  if (!texts?.size) return updates;
  const rows = new Map(updates.map((update) => [update.id, { ...update.row }]));
  for (const [id, refno] of texts) rows.set(id, { ...rows.get(id), refno });
  return [...rows].sort(([a], [b]) => a - b).map(([id, row]) => ({ id, row }));
}
