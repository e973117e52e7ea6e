/**
 * The PayTrace v1 JSON API for one merchant connection. Plain TypeScript over global fetch: it works
 * unchanged against https://api.paytrace.com, https://api.sandbox.paytrace.com and Settle's sandbox.
 *
 * Every method answers an outcome and never throws for anything PayTrace or the network does (it
 * throws RangeError only for invalid Settle-side input, e.g. negative cents, before sending). Each
 * call takes a rate-limit point, sends the cached OAuth token, and on `invalid_token` gets a new token
 * and retries once. Bodies are never logged; the CallObserver sees path, status, duration and kind.
 */
import { AccessTokens } from './access-tokens.js';
import { type ExportReaders, exportReaders, readCustomerProfile, readProtectClientKey } from './export-rows.js';
import { type FetchFn, type HttpReply, postOnce } from './http-transport.js';
import { centsToPayTrace } from './money.js';
import { type AnyOutcome, type FailureOutcome, type Outcome, type TransactionOutcome, transientError } from './outcome.js';
import { PAYTRACE_PATHS as P } from './paths.js';
import { type CallObserver, NO_OBSERVER, RateLimitWaitExceeded, type RateLimiter, type TokenStore } from './ports.js';
import {
  amountBody,
  checkBody,
  compact,
  contactBody,
  createRecurrenceBody,
  type JsonBody,
  levelThreeBody,
  orderBody,
  updateRecurrenceBody,
} from './request-bodies.js';
import { readReply, toOutcome, toTransactionOutcome, type Body } from './response-mapping.js';
import { formatPayTraceDate } from './time.js';
import type * as T from './types.js';

export interface PayTraceClientOptions {
  /** https://api.paytrace.com, https://api.sandbox.paytrace.com, or a Settle sandbox URL. */
  baseUrl: string;
  username: string;
  password: string;
  /** Settle's integrator id, sent in every v1 body. */
  integratorId: string;
  /** The merchant's IANA time zone: PayTrace shows and takes local times. */
  timeZone: string;
  /** Identifies the connection in shared caches and locks (token, rate limit). */
  connectionKey: string;
  timeoutMs?: number;
}

export interface PayTraceClientPorts {
  tokens: TokenStore;
  rateLimiter: RateLimiter;
  observer?: CallObserver;
  /** Global fetch unless given (tests). */
  fetch?: FetchFn;
}

type Mapper<O> = (reply: HttpReply) => O;

export class PayTraceClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchFn: FetchFn;
  private readonly observer: CallObserver;
  private readonly tokens: AccessTokens;
  private readonly read: ExportReaders;

  constructor(
    private readonly options: PayTraceClientOptions,
    private readonly ports: PayTraceClientPorts,
  ) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.fetchFn = ports.fetch ?? ((input, init) => fetch(input, init));
    this.observer = ports.observer ?? NO_OBSERVER;
    this.read = exportReaders(options.timeZone);
    this.tokens = new AccessTokens(
      { baseUrl: this.baseUrl, username: options.username, password: options.password, timeoutMs: this.timeoutMs, connectionKey: options.connectionKey },
      ports.tokens,
      this.fetchFn,
      (path, reply, failure, startedAt) => this.observe(path, reply, failure?.kind ?? 'Ok', startedAt),
    );
  }

  // ---- card transactions ----------------------------------------------------------------------

  async saleByProtect(request: T.ProtectChargeRequest): Promise<TransactionOutcome> {
    return this.transaction(P.saleByProtect, protectChargeBody(request));
  }

  async authorizeByProtect(request: T.ProtectChargeRequest): Promise<TransactionOutcome> {
    return this.transaction(P.authorizeByProtect, protectChargeBody(request));
  }

  async saleByCustomer(request: T.CustomerChargeRequest): Promise<TransactionOutcome> {
    return this.transaction(P.saleByCustomer, customerChargeBody(request));
  }

  /** A $0 authorization verifies the card on file. */
  async authorizeByCustomer(request: T.CustomerChargeRequest): Promise<TransactionOutcome> {
    return this.transaction(P.authorizeByCustomer, customerChargeBody(request));
  }

  async capture(request: T.CaptureRequest): Promise<TransactionOutcome> {
    return this.transaction(P.capture, { transaction_id: request.transactionId, ...amountBody(request.amountMinor) });
  }

  /** Only before settlement (else error 818: refund instead). */
  async voidTransaction(request: T.VoidRequest): Promise<TransactionOutcome> {
    return this.transaction(P.void, { transaction_id: request.transactionId });
  }

  /** Only after settlement (else error 817: void instead). The refund is a new transaction. */
  async refundTransaction(request: T.RefundTransactionRequest): Promise<TransactionOutcome> {
    return this.transaction(P.refundTransaction, { transaction_id: request.transactionId, ...amountBody(request.amountMinor) });
  }

  async refundToCustomer(request: T.RefundToCustomerRequest): Promise<TransactionOutcome> {
    return this.transaction(P.refundToCustomer, customerChargeBody(request));
  }

  async emailReceipt(request: T.EmailReceiptRequest): Promise<Outcome<null>> {
    return this.call(P.emailReceipt, { transaction_id: request.transactionId, email: request.email }, (r) => toOutcome(r, () => null));
  }

  // ---- checks ---------------------------------------------------------------------------------

  async checkSaleByAccount(request: T.CheckByAccountRequest): Promise<TransactionOutcome> {
    return this.transaction(P.checkSaleByAccount, checkByAccountBody(request));
  }

  async checkSaleByCustomer(request: T.CheckByCustomerRequest): Promise<TransactionOutcome> {
    return this.transaction(P.checkSaleByCustomer, customerChargeBody(request));
  }

  async checkHoldByAccount(request: T.CheckByAccountRequest): Promise<TransactionOutcome> {
    return this.transaction(P.checkHoldByAccount, checkByAccountBody(request));
  }

  async checkHoldByCustomer(request: T.CheckByCustomerRequest): Promise<TransactionOutcome> {
    return this.transaction(P.checkHoldByCustomer, customerChargeBody(request));
  }

  async fundCheck(request: T.FundCheckRequest): Promise<TransactionOutcome> {
    return this.transaction(P.fundCheck, { check_transaction_id: request.checkTransactionId, ...amountBody(request.amountMinor) });
  }

  async voidCheck(request: T.VoidCheckRequest): Promise<TransactionOutcome> {
    return this.transaction(P.voidCheck, { check_transaction_id: request.checkTransactionId });
  }

  async refundCheck(request: T.RefundCheckRequest): Promise<TransactionOutcome> {
    return this.transaction(P.refundCheck, { check_transaction_id: request.checkTransactionId, ...amountBody(request.amountMinor) });
  }

  // ---- customer vault -------------------------------------------------------------------------

  async createCustomerByProtect(request: T.CreateCustomerByProtectRequest): Promise<Outcome<T.CustomerProfileResult>> {
    const body = { customer_id: request.customerId, hpf_token: request.hpfToken, enc_key: request.encKey, ...contactBody(request) };
    return this.profile(P.createCustomerByProtect, body, request.customerId);
  }

  async createCustomerFromTransaction(request: T.CreateCustomerFromTransactionRequest): Promise<Outcome<T.CustomerProfileResult>> {
    const body = { customer_id: request.customerId, transaction_id: request.transactionId, ...contactBody(request) };
    return this.profile(P.createCustomerFromTransaction, body, request.customerId);
  }

  async createCustomerByBankAccount(request: T.CreateCustomerByBankAccountRequest): Promise<Outcome<T.CustomerProfileResult>> {
    const body = { customer_id: request.customerId, check: checkBody(request.check), ...contactBody(request) };
    return this.profile(P.createCustomer, body, request.customerId);
  }

  async updateCustomer(request: T.UpdateCustomerRequest): Promise<Outcome<T.CustomerProfileResult>> {
    const body = compact({ customer_id: request.customerId, new_id: request.newCustomerId, check: checkBody(request.check), ...contactBody(request) });
    return this.profile(P.updateCustomer, body, request.newCustomerId ?? request.customerId);
  }

  /** Also deletes the customer's recurring payments; past transactions stay. */
  async deleteCustomer(request: T.DeleteCustomerRequest): Promise<Outcome<T.CustomerProfileResult>> {
    return this.profile(P.deleteCustomer, { customer_id: request.customerId }, request.customerId);
  }

  async exportCustomers(request: T.ExportCustomersRequest = {}): Promise<Outcome<T.ExportedCustomer[]>> {
    return this.call(P.exportCustomers, compact({ customer_id: request.customerId, email: request.email }), (r) => toOutcome(r, this.read.customers));
  }

  // ---- recurring payments ---------------------------------------------------------------------

  async createRecurrence(request: T.CreateRecurrenceRequest): Promise<Outcome<{ recurrenceId: number }>> {
    return this.call(P.createRecurrence, createRecurrenceBody(request, this.formatDate), (r) =>
      toOutcome(r, (body) => ({ recurrenceId: recurrenceIdOf(body) })),
    );
  }

  async updateRecurrence(request: T.UpdateRecurrenceRequest): Promise<Outcome<null>> {
    return this.call(P.updateRecurrence, updateRecurrenceBody(request, this.formatDate), (r) => toOutcome(r, () => null));
  }

  async deleteRecurrence(request: T.RecurrenceRef): Promise<Outcome<null>> {
    return this.call(P.deleteRecurrence, { recurrence: { id: request.recurrenceId } }, (r) => toOutcome(r, () => null));
  }

  async exportRecurrences(request: T.ExportRecurrencesRequest = {}): Promise<Outcome<T.Recurrence[]>> {
    const body = compact({ recurrence: request.recurrenceId ? { id: request.recurrenceId } : undefined, customer_id: request.customerId });
    return this.call(P.exportRecurrences, body, (r) => toOutcome(r, this.read.recurrences));
  }

  /** The last approved recurring payment of a customer (how integrations see whether it was charged). */
  async exportApprovedRecurrence(request: T.ExportApprovedRecurrenceRequest): Promise<Outcome<T.ExportedTransaction>> {
    const body = compact({ customer_id: request.customerId, recurrence: request.recurrenceId ? { id: request.recurrenceId } : undefined });
    return this.call(P.exportApprovedRecurrence, body, (r) => toOutcome(r, this.read.topLevelTransaction));
  }

  // ---- exports --------------------------------------------------------------------------------

  /** Undefined when PayTrace's export holds no such transaction. */
  async exportTransactionById(request: T.ExportTransactionByIdRequest): Promise<Outcome<T.ExportedTransaction | undefined>> {
    return this.call(P.exportTransactionById, { transaction_id: request.transactionId }, (r) => toOutcome(r, (body) => this.read.transactions(body)[0]));
  }

  async exportTransactionsByDateRange(request: T.ExportTransactionsByDateRangeRequest): Promise<Outcome<T.ExportedTransaction[]>> {
    const body = compact({ ...this.dateRangeBody(request), transaction_type: request.transactionType, customer_id: request.customerId });
    return this.call(P.exportTransactionsByDateRange, body, (r) => toOutcome(r, this.read.transactions));
  }

  /** One settlement batch (the latest when no number is given); undefined when there is none. */
  async exportBatch(request: T.BatchRequest = {}): Promise<Outcome<T.BatchSummary | undefined>> {
    return this.call(P.exportBatch, compact({ batch_number: request.batchNumber }), (r) => toOutcome(r, (body) => this.read.batches(body)[0]));
  }

  async exportBatchesByDateRange(request: T.DateRange): Promise<Outcome<T.BatchSummary[]>> {
    return this.call(P.exportBatchesByDateRange, this.dateRangeBody(request), (r) => toOutcome(r, this.read.batches));
  }

  async exportBatchTransactions(request: T.BatchRequest = {}): Promise<Outcome<T.ExportedTransaction[]>> {
    return this.call(P.exportBatchTransactions, compact({ batch_number: request.batchNumber }), (r) => toOutcome(r, this.read.transactions));
  }

  // ---- level 3, Protect.js, ping --------------------------------------------------------------

  async addLevelThreeVisa(request: T.LevelThreeRequest): Promise<Outcome<null>> {
    return this.call(P.levelThreeVisa, levelThreeBody(request), (r) => toOutcome(r, () => null));
  }

  async addLevelThreeMastercard(request: T.LevelThreeRequest): Promise<Outcome<null>> {
    return this.call(P.levelThreeMastercard, levelThreeBody(request), (r) => toOutcome(r, () => null));
  }

  /** The key the checkout page gives Protect.js to mount its hosted card fields. */
  async createProtectClientKey(): Promise<Outcome<T.ProtectClientKey>> {
    return this.call(P.protectClientKey, {}, (r) => toOutcome(r, readProtectClientKey));
  }

  /** Reachability; the one method that needs no token. Any 2xx is Ok. */
  async ping(): Promise<Outcome<null>> {
    const startedAt = performance.now();
    const reply = await this.send(P.ping, {}, undefined);
    const outcome = pingOutcome(reply);
    this.observe(P.ping, reply, outcome.kind, startedAt);
    return outcome;
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private readonly formatDate = (day: string) => formatPayTraceDate(day, this.options.timeZone);

  private dateRangeBody(range: T.DateRange): JsonBody {
    return { start_date: formatPayTraceDate(range.startDate, this.options.timeZone), end_date: formatPayTraceDate(range.endDate, this.options.timeZone) };
  }

  private transaction(path: string, body: JsonBody): Promise<TransactionOutcome> {
    return this.call(path, body, toTransactionOutcome);
  }

  private profile(path: string, body: JsonBody, customerId: string): Promise<Outcome<T.CustomerProfileResult>> {
    return this.call(path, body, (r) => toOutcome(r, readCustomerProfile(customerId)));
  }

  /** Rate limit, token, send, map; once more with a new token if PayTrace says invalid_token. */
  private async call<O extends AnyOutcome>(path: string, body: JsonBody, map: Mapper<O>): Promise<O> {
    let token = await this.tokens.current();
    for (let attempt = 1; ; attempt++) {
      if (typeof token !== 'string') return token as O;
      const waited = await this.acquireSlot();
      if (waited) return waited as O;
      const startedAt = performance.now();
      const reply = await this.send(path, body, token);
      const outcome = map(reply);
      this.observe(path, reply, outcome.kind, startedAt);
      if (attempt > 1 || outcome.kind !== 'AuthError' || outcome.reason !== 'invalid_token') return outcome;
      token = await this.tokens.replace(token);
    }
  }

  private async acquireSlot(): Promise<FailureOutcome | undefined> {
    try {
      await this.ports.rateLimiter.acquire(this.options.connectionKey);
      return undefined;
    } catch (error) {
      const detail = error instanceof RateLimitWaitExceeded ? error.message : `rate limiter: ${(error as Error).message}`;
      return transientError('local_rate_limit', detail.slice(0, 300));
    }
  }

  private send(path: string, body: JsonBody, token: string | undefined): Promise<HttpReply> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    return postOnce(this.fetchFn, {
      url: `${this.baseUrl}${path}`,
      headers,
      body: JSON.stringify({ ...body, integrator_id: this.options.integratorId }),
      timeoutMs: this.timeoutMs,
    });
  }

  private observe(path: string, reply: HttpReply, outcome: AnyOutcome['kind'], startedAt: number): void {
    try {
      this.observer.onCall({
        method: 'POST',
        path,
        status: reply.kind === 'reply' ? reply.status : undefined,
        durationMs: Math.round(performance.now() - startedAt),
        outcome,
      });
    } catch {
      // An observer's failure must never change a payment's outcome.
    }
  }
}

function protectChargeBody(request: T.ProtectChargeRequest): JsonBody {
  return { amount: centsToPayTrace(request.amountMinor), hpf_token: request.hpfToken, enc_key: request.encKey, ...orderBody(request) };
}

function customerChargeBody(request: T.CustomerChargeRequest): JsonBody {
  return { amount: centsToPayTrace(request.amountMinor), customer_id: request.customerId, ...orderBody(request) };
}

function checkByAccountBody(request: T.CheckByAccountRequest): JsonBody {
  return { amount: centsToPayTrace(request.amountMinor), check: checkBody(request.check), ...orderBody(request) };
}

function recurrenceIdOf(body: Body): number {
  const id = Number((body.recurrence as { id?: unknown } | undefined)?.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error('no recurrence.id in the answer');
  return id;
}

function pingOutcome(reply: HttpReply): Outcome<null> {
  if (reply.kind === 'reply' && reply.status >= 200 && reply.status < 300) {
    return { kind: 'Ok', value: null, responseCode: 0, statusMessage: '' };
  }
  const read = readReply(reply);
  if ('kind' in read) return read;
  return { kind: 'ValidationError', httpStatus: read.status, responseCode: Number(read.body.response_code) || 0, statusMessage: `HTTP ${read.status}`, errors: [] };
}
