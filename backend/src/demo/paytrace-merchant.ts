/**
 * A merchant's *other* systems (a terminal, a web shop, PayTrace's Virtual Terminal): they make
 * payments in PayTrace without Settle knowing. Plain fetch against a PayTrace v1 base URL (here the
 * sandbox Settle serves at /sandbox/paytrace), its own OAuth token, nothing of Settle's PayTrace
 * client; plus the sandbox's admin API (chargebacks, faults, clock) with the admin key. Used by the
 * demo tenant's traffic generator and by the tests (test/support/paytrace-merchant.ts).
 *
 *   const m = new PayTraceMerchant({ baseUrl, username, password, merchantId, adminKey });
 *   const { transactionId } = await m.sale(12_34, { invoice_id: '1001' });
 */

/** Every call gives up after this long: the other systems must never hang on a stuck sandbox. */
const CALL_TIMEOUT_MS = 15_000;

export const TEST_VISA = { number: '4111111111111111', expiration_month: '12', expiration_year: '2035' };
const BILLING = { name: 'Steve Smith', street_address: '8320 This Way Lane', city: 'Placeville', state: 'CA', zip: '85284' };

export interface PayTraceMerchantOptions {
  /** The sandbox's base URL, e.g. http://127.0.0.1:41234/sandbox/paytrace. */
  baseUrl: string;
  username: string;
  password: string;
  /** For the admin calls (chargebacks, faults, clock): the sandbox merchant id and admin key. */
  merchantId?: number;
  adminKey?: string;
}

export interface Reply {
  status: number;
  body: any;
}

export interface Payment {
  transactionId: number;
  responseCode: number;
  body: any;
}

/** Span for the sandbox clock; fractions allowed. */
export interface ClockSpan {
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
}

export class PayTraceMerchant {
  private token?: string;

  constructor(readonly options: PayTraceMerchantOptions) {}

  get merchantId(): number {
    if (!this.options.merchantId) throw new Error('this PayTraceMerchant was made without a sandbox merchant id');
    return this.options.merchantId;
  }

  // ---- PayTrace v1, as the merchant ----------------------------------------------------------

  /** A keyed card sale of `cents` with the test Visa; the amount decides the outcome ($0.29 declines). */
  async sale(cents: number, extra: Record<string, unknown> = {}): Promise<Payment> {
    const reply = await this.api('/v1/transactions/sale/keyed', { amount: dollars(cents), credit_card: TEST_VISA, csc: '999', billing_address: BILLING, ...extra });
    return paymentOf(reply, [101, 102, 103], 'sale');
  }

  /** A sale paid at the checkout page: the single-use pair it posted back, never the card. */
  async protectSale(cents: number, token: { hpfToken: string; encKey: string }, extra: Record<string, unknown> = {}): Promise<Payment> {
    const reply = await this.api('/v1/transactions/sale/pt_protect', { amount: dollars(cents), hpf_token: token.hpfToken, enc_key: token.encKey, ...extra });
    return paymentOf(reply, [101, 102, 103], 'checkout sale');
  }

  /** The Protect.js client key the checkout page is opened with. */
  async clientKey(): Promise<string> {
    const reply = await this.api('/v1/payment_fields/token/create', {});
    if (reply.status !== 200 || typeof reply.body?.clientKey !== 'string') throw new Error(`no client key: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body.clientKey;
  }

  async void(transactionId: number): Promise<Payment> {
    return paymentOf(await this.api('/v1/transactions/void', { transaction_id: transactionId }), [109], 'void');
  }

  /** Refund of a settled transaction (all of it when no amount): a NEW transaction id. */
  async refund(transactionId: number, cents?: number): Promise<Payment> {
    const body = cents === undefined ? { transaction_id: transactionId } : { transaction_id: transactionId, amount: dollars(cents) };
    return paymentOf(await this.api('/v1/transactions/refund/for_transaction', body), [106], 'refund');
  }

  /** Settles everything unsettled into a new batch (sandbox only). */
  async settle(): Promise<number | null> {
    const reply = await this.api('/v1/transactions/settle', {});
    if (reply.status !== 200 || reply.body?.response_code !== 1) throw new Error(`settle failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body.batch_number;
  }

  /** The raw export row PayTrace shows for a transaction. */
  async exportById(transactionId: number): Promise<Record<string, any>> {
    const reply = await this.api('/v1/transactions/export/by_id', { transaction_id: transactionId });
    if (reply.status !== 200 || !reply.body?.transactions?.[0]) throw new Error(`export/by_id ${transactionId} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body.transactions[0];
  }

  /** POST to a v1 path with the merchant's token; a new token once if PayTrace says invalid_token. */
  async api(path: string, body: Record<string, unknown>): Promise<Reply> {
    for (let attempt = 1; ; attempt++) {
      const token = (this.token ??= await this.login());
      const reply = await send(`${this.base}${path}`, 'POST', body, { authorization: `Bearer ${token}` });
      if (reply.status === 401 && reply.body?.error === 'invalid_token' && attempt === 1) {
        this.token = undefined;
        continue;
      }
      return reply;
    }
  }

  private async login(): Promise<string> {
    const response = await fetch(`${this.base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'password', username: this.options.username, password: this.options.password }).toString(),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
    const body = (await response.json().catch(() => undefined)) as { access_token?: string } | undefined;
    if (response.status !== 200 || !body?.access_token) throw new Error(`PayTrace login failed: ${response.status} ${JSON.stringify(body)}`);
    return body.access_token;
  }

  // ---- the sandbox's admin API ---------------------------------------------------------------

  /** A chargeback of a settled sale, booked by the "processor": a NEW transaction id. */
  async chargeback(transactionId: number, reason: string, cents?: number): Promise<number> {
    const body = cents === undefined ? { transaction_id: transactionId, reason } : { transaction_id: transactionId, reason, amount: dollars(cents) };
    const reply = await this.admin('POST', `/merchants/${this.merchantId}/chargebacks`, body);
    if (reply.status !== 201) throw new Error(`chargeback refused: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body.transaction_id;
  }

  /** Replaces the merchant's faults (`{}` clears them). */
  async faults(faults: Record<string, unknown>): Promise<void> {
    const reply = await this.admin('PUT', `/merchants/${this.merchantId}/faults`, faults);
    if (reply.status !== 200) throw new Error(`faults refused: ${reply.status} ${JSON.stringify(reply.body)}`);
  }

  /** Moves the merchant's PayTrace clock forward; answers the merchant's new "now". */
  async advanceClock(span: ClockSpan): Promise<Date> {
    const reply = await this.admin('POST', `/merchants/${this.merchantId}/clock/advance`, span);
    if (reply.status !== 200) throw new Error(`clock not advanced: ${reply.status} ${JSON.stringify(reply.body)}`);
    return new Date(reply.body.clock);
  }

  /** The merchant's PayTrace clock now. */
  async clock(): Promise<Date> {
    const reply = await this.admin('GET', `/merchants/${this.merchantId}`);
    if (reply.status !== 200) throw new Error(`merchant not found: ${reply.status} ${JSON.stringify(reply.body)}`);
    return new Date(reply.body.clock);
  }

  /** Sets the URL the sandbox POSTs each transaction change to (`null` turns it off). */
  async notifyTo(url: string | null): Promise<void> {
    const reply = await this.admin('PUT', `/merchants/${this.merchantId}/notification-url`, { url });
    if (reply.status !== 200) throw new Error(`notification URL refused: ${reply.status} ${JSON.stringify(reply.body)}`);
  }

  admin(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<Reply> {
    if (!this.options.adminKey) throw new Error('this PayTraceMerchant was made without the sandbox admin key');
    return send(`${this.base}/admin${path}`, method, method === 'GET' ? undefined : (body ?? {}), { 'x-sandbox-admin-key': this.options.adminKey });
  }

  private get base(): string {
    return this.options.baseUrl.replace(/\/+$/, '');
  }
}

/** Cents as PayTrace's JSON amount (a number of dollars). */
function dollars(cents: number): number {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`not an amount in cents: ${cents}`);
  return Number((cents / 100).toFixed(2));
}

async function send(url: string, method: string, body: unknown, headers: Record<string, string>): Promise<Reply> {
  const response = await fetch(url, {
    method,
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed };
}

function paymentOf(reply: Reply, codes: number[], what: string): Payment {
  const id = Number(reply.body?.transaction_id);
  if (reply.status !== 200 || !codes.includes(reply.body?.response_code) || !Number.isSafeInteger(id) || id <= 0) {
    throw new Error(`${what} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  return { transactionId: id, responseCode: reply.body.response_code, body: reply.body };
}
