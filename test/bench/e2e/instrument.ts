/**
 * Profile-pass instrumentation of the pipeline, loaded into the Settle process (BENCH_INSTRUMENT):
 * times each stage of a drain (claim, the drain's invoice look-up, per-event work, the batched Sage Pro
 * write with its statuses, the finish transaction, signals), and every SQL statement, split by database (Settle's own
 * or the Sage Pro company), and every Redis command. Prototype wrappers only; backend/ is unchanged.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { KyselySageProCompany } from '../../../backend/src/sagepro/kysely-company.js';
import { findProvider, Timers, timeRedis, timeStatements } from '../ingest/instrument.js';
import type { Instrumentation } from '../ingest/settle-process.js';

export function instrument(app: NestFastifyApplication): Instrumentation {
  const timers = new Timers();
  const count = (args: unknown[], at: number) => (Array.isArray(args[at]) ? (args[at] as unknown[]).length : 0);
  const on = (className: string, method: string, label: string, items?: (args: unknown[]) => number, fromResult?: (result: unknown) => number) => {
    timers.wrap(Object.getPrototypeOf(findProvider(app, className)), method, label, items, fromResult);
  };
  on('DrainWorker', 'drain', 'drain: one turn of the tenant (all below)');
  on('PipelineQueue', 'releaseDrain', 'drain: releaseDrain (Redis)');
  on('EventStore', 'claim', 'drain: EventStore.claim (BEGIN, scope, UPDATE … SKIP LOCKED, COMMIT)', undefined, (claimed) => (claimed as unknown[]).length);
  on('BatchProcessor', 'process', 'drain: BatchProcessor.process (every event, Sage Pro reads and writes)');
  on('EventStore', 'finish', 'drain: EventStore.finish (states, steps, effects: one statement each, one tx)', (args) => count(args, 1));
  on('EventStore', 'wakeWaiting', 'drain: EventStore.wakeWaiting (after receipts)');
  on('PipelineAlerts', 'raiseFor', 'drain: PipelineAlerts.raiseFor');
  on('PipelineQueue', 'drainSoon', 'signal: PipelineQueue.drainSoon (BullMQ add)');
  on('SageProConnectionsService', 'open', 'event: SageProConnectionsService.open (once per drain)');
  on('BatchProcessor', 'lookUpInvoices', "drain: BatchProcessor.lookUpInvoices (the drain's invoices by number)");
  on('PaymentWorkflow', 'prepare', 'event: PaymentWorkflow.prepare (match the invoice, decide)');
  on('PaymentWorkflow', 'receiptWritten', 'event: PaymentWorkflow.receiptWritten (records receipt and status)');
  on('SettleFacts', 'settleOrderFor', 'event: SettleFacts.settleOrderFor (no invoice matched)');
  on('InboxService', 'accept', 'feed: InboxService.accept', (args) => count(args, 1));
  timers.wrap(KyselySageProCompany.prototype, 'findOpenInvoicesByNumbers', "Sage Pro: findOpenInvoicesByNumbers (the drain's invoices, one read)", (args) => count(args, 0));
  timers.wrap(KyselySageProCompany.prototype, 'findOpenInvoices', 'Sage Pro: findOpenInvoices (fallback rules, per event)');
  timers.wrap(KyselySageProCompany.prototype, 'applyPaymentsToInvoices', 'Sage Pro: applyPaymentsToInvoices (receipts + statuses, one tx per drain)', (args) => count(args, 0));
  timers.wrap(KyselySageProCompany.prototype, 'recordPaymentStatus', 'Sage Pro: recordPaymentStatus (declines, reversals, retries)');
  timers.wrap(KyselySageProCompany.prototype, 'findReceipt', 'Sage Pro: findReceipt (retries only)');
  const settleDatabase = decodeURIComponent(new URL(process.env.BENCH_ADMIN_URL!).pathname.slice(1));
  timeStatements(timers, (client: pg.Client) => ((client as unknown as { database?: string }).database === settleDatabase ? 'Settle' : 'Sage Pro'));
  timeRedis(timers);
  let since = performance.now();
  return {
    reset: () => {
      timers.timers.clear();
      since = performance.now();
    },
    report: () => ({ windowMs: performance.now() - since, timers: timers.report() }),
  };
}
