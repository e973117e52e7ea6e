/**
 * The open invoices the end-to-end benchmark pays, written straight into the tenant's sandbox Sage Pro
 * company (the seed has a few hundred; Sage Pro itself would have made these). As bench:sagepro's
 * workload does (installWorkload there): ARMAST rows numbered after SYSDATA AR01.int1, copying the
 * customer's terms as the seed's invoices do, the customers' balances raised by them, the counter moved.
 *
 * Over the customers Settle may post to, payers skewed (customer k has weight k^-0.6, the busiest
 * ~10 % of the invoices, so drains meet the same customer often), $25 to $5,000 log-uniform, dated in
 * the last 45 days. Each invoice is paid in full by one approved payment; payments arrive shuffled.
 * Deterministic (the sandbox's seeded generator).
 */
import type pg from 'pg';
import { payTraceReference } from '../../../backend/src/sagepro/references.js';
import { addDays } from '../../../backend/src/sandbox/sagepro/fixed-width.js';
import { Prng } from '../../../backend/src/sandbox/sagepro/prng.js';
import { arCounter, type BenchCustomer, type BenchInvoice, type BenchReceipt, eligibleCustomers, installWorkload, invoiceAmountCents, skewedPayers, type Workload } from '../sagepro/workload.js';

export interface E2eWorkload {
  customers: BenchCustomer[];
  invoices: BenchInvoice[];
  /** One per invoice, in arrival order; `reference` is PT<transaction id>. */
  payments: (BenchReceipt & { transactionId: string })[];
  invoiceIds: Map<number, number>;
  /** SYSDATA AR01 before the invoices were added. */
  counter: { int1: number; int2: number };
}

/** `count` invoices and their payments (transaction ids from `firstTransaction`), installed in the company. */
export async function installInvoices(company: pg.Pool, count: number, firstTransaction: number, today: string, seed = 2026): Promise<E2eWorkload> {
  const customers = await eligibleCustomers(company);
  if (!customers.length) throw new Error('The sandbox company has no customer Settle may post to');
  const counter = await arCounter(company);
  const rng = new Prng(seed);
  const pickPayer = skewedPayers(rng, customers).pick;
  const invoices: BenchInvoice[] = Array.from({ length: count }, (_, i) => ({
    invno: counter.int1 + 1 + i,
    customer: pickPayer(),
    amountCents: invoiceAmountCents(rng),
    invdte: addDays(today, -rng.int(0, 45)),
  }));
  const payments = rng.shuffle(invoices).map((invoice, i) => {
    const transactionId = String(firstTransaction + i);
    return { invoice, amountCents: invoice.amountCents, reference: payTraceReference(transactionId), transactionId };
  });
  const invoiceIds = await installWorkload(company, { invoices } as Workload);
  await company.query('VACUUM ANALYZE');
  return { customers, invoices, payments, invoiceIds, counter };
}
