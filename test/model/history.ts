/**
 * Histories for the model-based test of the pipeline: what happens to a handful of invoices, in the
 * order it happens at PayTrace (that order is the model's meaning), and how Settle hears of it
 * (delivery order, repeats) and what goes wrong meanwhile (outages, read-only spells, a paused
 * integration), with the operator's recovery (replay, review).
 *
 * fast-check generates *raw* commands that name invoices and payments by index; `normaliseHistory`
 * turns them into a valid, concrete history against the invoices actually entered (it drops what
 * cannot happen, e.g. a void of a payment that does not exist), so every shrink of a raw list is a
 * valid history too. Pure: no I/O.
 */
import fc from 'fast-check';

/** The command kinds, as PENDING_FIXES and MODEL_KINDS name them. */
export const COMMAND_KINDS = [
  'approve', 'approve_unknown', 'decline', 'void', 'refund', 'refund_without_original', 'chargeback',
  'duplicate', 'reorder', 'outage', 'read_only', 'pause', 'replay', 'resolve', 'quiesce',
] as const;
export type CommandKind = (typeof COMMAND_KINDS)[number];
/**
 * Kinds only a runner with worker processes can carry out (pipeline-model-crashes.e2e.spec.ts): a
 * worker SIGKILLed, a payment whose processing kills its worker every time. Never in COMMAND_KINDS:
 * the in-process spec never generates them.
 */
export const CRASH_KINDS = ['kill', 'poison'] as const;
export type CrashKind = (typeof CRASH_KINDS)[number];

type Part = 'full' | 'half' | 'third';
type Plan = { action: 'match'; inv: number } | { action: 'on_account'; inv: number } | { action: 'dismiss' };

export type RawCommand =
  | { k: 'approve'; inv: number; part: Part; held: boolean }
  | { k: 'approve_unknown'; plan: Plan; part: Part; held: boolean }
  | { k: 'decline'; inv: number; held: boolean }
  | { k: 'void'; pay: number; held: boolean }
  | { k: 'refund'; pay: number; part: 'full' | 'half'; withOriginal: boolean; held: boolean }
  | { k: 'chargeback'; pay: number; held: boolean }
  | { k: 'duplicate'; ev: number; sameId: boolean }
  | { k: 'release' }
  | { k: 'outage'; on: boolean }
  | { k: 'read_only'; on: boolean }
  | { k: 'pause'; on: boolean }
  | { k: 'replay' }
  | { k: 'resolve' }
  | { k: 'quiesce' }
  | { k: 'kill'; moment: KillMoment; ms: number }
  | { k: 'poison'; inv: number; part: Part };

/** When a worker is killed: right after the next delivery, or `ms` after the command. */
export type KillMoment = 'next_delivery' | 'delay';

export interface Invoice {
  name: string; // I1, I2, …
  invno: string;
  custno: string;
  cents: number;
}

/** A payment event Settle is told of; `E<n>` in the printed history. */
export interface HistoryEvent {
  name: string;
  type: 'payment.approved' | 'payment.declined' | 'payment.voided' | 'payment.refunded' | 'payment.charged_back';
  transactionId: string;
  originalTransactionId?: string;
  cents: number;
  documentNumber: string;
  /** The payment (P<n>) it belongs to. */
  payment: string;
}

export interface Payment {
  name: string; // P1, P2, …
  transactionId: string;
  cents: number;
  /** The invoice its document names; null: a document Sage Pro does not know (it goes to review). */
  invoice: string | null;
  /** For a payment on an unknown document: what the reviewer does with it. */
  plan?: { action: 'match'; invoice: string } | { action: 'on_account'; custno: string } | { action: 'dismiss' };
  declined: boolean;
  /** Its processing kills the worker every time: it must end as a worker_crashed dead letter, moving no money. */
  poisoned?: boolean;
}

export type Command =
  | { k: 'deliver'; event: HistoryEvent; held: boolean; why: CommandKind | 'poison' }
  | { k: 'duplicate'; event: HistoryEvent; sameId: boolean }
  | { k: 'release' }
  | { k: 'outage' | 'read_only' | 'pause'; on: boolean }
  | { k: 'replay' | 'resolve' | 'quiesce' }
  | { k: 'kill'; moment: KillMoment; ms: number };

export interface History {
  invoices: Invoice[];
  payments: Payment[];
  commands: Command[];
}

const part = fc.constantFrom<Part>('full', 'half', 'third');
const index = fc.nat({ max: 9 });

/** Raw commands of the given kinds (reorder = a held event and a later release). */
export function rawCommand(kinds: readonly CommandKind[]): fc.Arbitrary<RawCommand> {
  const has = (k: CommandKind) => kinds.includes(k);
  const held = has('reorder') ? fc.boolean() : fc.constant(false);
  const options: fc.Arbitrary<RawCommand>[] = [];
  const weighted = (weight: number, arbitrary: fc.Arbitrary<RawCommand>) => options.push(...Array.from({ length: weight }, () => arbitrary));
  if (has('approve')) weighted(4, fc.record({ k: fc.constant('approve' as const), inv: index, part, held }));
  if (has('approve_unknown')) {
    const plan = fc.oneof(
      fc.record({ action: fc.constant('match' as const), inv: index }),
      fc.record({ action: fc.constant('on_account' as const), inv: index }),
      fc.record({ action: fc.constant('dismiss' as const) }),
    );
    weighted(1, fc.record({ k: fc.constant('approve_unknown' as const), plan, part, held }));
  }
  if (has('decline')) weighted(1, fc.record({ k: fc.constant('decline' as const), inv: index, held }));
  if (has('void')) weighted(2, fc.record({ k: fc.constant('void' as const), pay: index, held }));
  if (has('refund')) {
    const withOriginal = has('refund_without_original') ? fc.boolean() : fc.constant(true);
    weighted(2, fc.record({ k: fc.constant('refund' as const), pay: index, part: fc.constantFrom<'full' | 'half'>('full', 'half'), withOriginal, held }));
  }
  if (has('chargeback')) weighted(1, fc.record({ k: fc.constant('chargeback' as const), pay: index, held }));
  if (has('duplicate')) weighted(1, fc.record({ k: fc.constant('duplicate' as const), ev: index, sameId: fc.boolean() }));
  if (has('reorder')) weighted(1, fc.constant({ k: 'release' as const }));
  if (has('outage')) weighted(1, fc.record({ k: fc.constant('outage' as const), on: fc.boolean() }));
  if (has('read_only')) weighted(1, fc.record({ k: fc.constant('read_only' as const), on: fc.boolean() }));
  if (has('pause')) weighted(1, fc.record({ k: fc.constant('pause' as const), on: fc.boolean() }));
  if (has('replay')) weighted(1, fc.constant({ k: 'replay' as const }));
  if (has('resolve')) weighted(1, fc.constant({ k: 'resolve' as const }));
  if (has('quiesce')) weighted(1, fc.constant({ k: 'quiesce' as const }));
  return fc.oneof(...options);
}

/** A raw history: how many invoices (3–5) and the commands. */
export function rawHistory(kinds: readonly CommandKind[], maxCommands = 12) {
  return fc.record({ invoiceCount: fc.integer({ min: 3, max: 5 }), commands: fc.array(rawCommand(kinds), { minLength: 1, maxLength: maxCommands }) });
}
export type RawHistory = { invoiceCount: number; commands: RawCommand[] };

const MIN_CENTS = 100;

/**
 * The concrete history: payments get transaction ids from `nextTransactionId`, amounts from the
 * invoices. What PayTrace would never produce is dropped: approvals beyond what is left of an
 * invoice (so every sale finds its invoice open, whatever the order: the in-order meaning never needs
 * an overpayment review), a void after a refund or chargeback, refunds beyond the payment, reversals
 * of declined payments.
 */
export function normaliseHistory(raw: RawHistory, invoices: Invoice[], nextTransactionId: () => string): History {
  const allocated = new Map<string, number>(invoices.map((i) => [i.name, 0]));
  const payments: Payment[] = [];
  const events: HistoryEvent[] = [];
  const commands: Command[] = [];
  const state = new Map<string, { voided: boolean; refunded: number; chargedBack: boolean; reversed: boolean }>();
  const invoiceAt = (n: number) => invoices[n % invoices.length];
  const amountFor = (invoice: Invoice, p: Part) => {
    const room = invoice.cents - allocated.get(invoice.name)!;
    const cents = p === 'full' ? room : p === 'half' ? Math.floor(room / 2) : Math.floor(room / 3);
    return cents >= MIN_CENTS ? cents : 0;
  };
  const event = (e: Omit<HistoryEvent, 'name'>): HistoryEvent => {
    const made = { name: `E${events.length + 1}`, ...e };
    events.push(made);
    return made;
  };
  const documentOf = (payment: Payment) => (payment.invoice ? invoices.find((i) => i.name === payment.invoice)!.invno : `X${payment.transactionId}`);
  // A poisoned sale never reaches Sage Pro: its reversals are left out (they would only wait and be reviewed).
  const approved = () => payments.filter((p) => !p.declined && !p.poisoned);

  for (const c of raw.commands) {
    switch (c.k) {
      case 'approve': {
        const invoice = invoiceAt(c.inv);
        const cents = amountFor(invoice, c.part);
        if (!cents) break;
        allocated.set(invoice.name, allocated.get(invoice.name)! + cents);
        const payment: Payment = { name: `P${payments.length + 1}`, transactionId: nextTransactionId(), cents, invoice: invoice.name, declined: false };
        payments.push(payment);
        commands.push({ k: 'deliver', held: c.held, why: 'approve', event: event({ type: 'payment.approved', transactionId: payment.transactionId, cents, documentNumber: invoice.invno, payment: payment.name }) });
        break;
      }
      case 'approve_unknown': {
        let plan: Payment['plan'] = { action: 'dismiss' };
        let cents = 0;
        if (c.plan.action === 'match') {
          const invoice = invoiceAt(c.plan.inv);
          cents = amountFor(invoice, c.part);
          if (cents) {
            allocated.set(invoice.name, allocated.get(invoice.name)! + cents);
            plan = { action: 'match', invoice: invoice.name };
          }
        }
        if (!cents) cents = [12_34, 250_00, 99_99][['full', 'half', 'third'].indexOf(c.part)];
        if (c.plan.action === 'on_account') plan = { action: 'on_account', custno: invoiceAt(c.plan.inv).custno };
        const payment: Payment = { name: `P${payments.length + 1}`, transactionId: nextTransactionId(), cents, invoice: null, plan, declined: false };
        payments.push(payment);
        commands.push({ k: 'deliver', held: c.held, why: 'approve_unknown', event: event({ type: 'payment.approved', transactionId: payment.transactionId, cents, documentNumber: documentOf(payment), payment: payment.name }) });
        break;
      }
      case 'decline': {
        const invoice = invoiceAt(c.inv);
        const payment: Payment = { name: `P${payments.length + 1}`, transactionId: nextTransactionId(), cents: Math.max(MIN_CENTS, Math.floor(invoice.cents / 2)), invoice: invoice.name, declined: true };
        payments.push(payment);
        commands.push({ k: 'deliver', held: c.held, why: 'decline', event: event({ type: 'payment.declined', transactionId: payment.transactionId, cents: payment.cents, documentNumber: invoice.invno, payment: payment.name }) });
        break;
      }
      case 'void': {
        const candidates = approved().filter((p) => !state.get(p.name)?.reversed);
        if (!candidates.length) break;
        const payment = candidates[c.pay % candidates.length];
        state.set(payment.name, { voided: true, refunded: 0, chargedBack: false, reversed: true });
        commands.push({ k: 'deliver', held: c.held, why: 'void', event: event({ type: 'payment.voided', transactionId: payment.transactionId, cents: payment.cents, documentNumber: documentOf(payment), payment: payment.name }) });
        break;
      }
      case 'refund': {
        // Without an original id the refund is found through its document: only a known invoice has one.
        const candidates = approved().filter((p) => !state.get(p.name)?.voided && !state.get(p.name)?.chargedBack && (c.withOriginal || p.invoice) && p.cents - (state.get(p.name)?.refunded ?? 0) >= MIN_CENTS);
        if (!candidates.length) break;
        const payment = candidates[c.pay % candidates.length];
        const s = state.get(payment.name) ?? { voided: false, refunded: 0, chargedBack: false, reversed: false };
        const left = payment.cents - s.refunded;
        const cents = c.part === 'full' ? left : Math.max(MIN_CENTS, Math.floor(left / 2));
        state.set(payment.name, { ...s, refunded: s.refunded + cents, reversed: true });
        commands.push({
          k: 'deliver', held: c.held, why: c.withOriginal ? 'refund' : 'refund_without_original',
          event: event({ type: 'payment.refunded', transactionId: nextTransactionId(), ...(c.withOriginal ? { originalTransactionId: payment.transactionId } : {}), cents, documentNumber: documentOf(payment), payment: payment.name }),
        });
        break;
      }
      case 'chargeback': {
        const candidates = approved().filter((p) => !state.get(p.name)?.voided && !state.get(p.name)?.chargedBack);
        if (!candidates.length) break;
        const payment = candidates[c.pay % candidates.length];
        const s = state.get(payment.name) ?? { voided: false, refunded: 0, chargedBack: false, reversed: false };
        state.set(payment.name, { ...s, chargedBack: true, reversed: true });
        commands.push({ k: 'deliver', held: c.held, why: 'chargeback', event: event({ type: 'payment.charged_back', transactionId: nextTransactionId(), originalTransactionId: payment.transactionId, cents: payment.cents, documentNumber: documentOf(payment), payment: payment.name }) });
        break;
      }
      case 'poison': {
        // One poisoned payment per history (each costs PIPELINE_MAX_ATTEMPTS worker deaths).
        if (payments.some((p) => p.poisoned)) break;
        const invoice = invoiceAt(c.inv);
        const cents = amountFor(invoice, c.part);
        if (!cents) break;
        allocated.set(invoice.name, allocated.get(invoice.name)! + cents);
        const payment: Payment = { name: `P${payments.length + 1}`, transactionId: nextTransactionId(), cents, invoice: invoice.name, declined: false, poisoned: true };
        payments.push(payment);
        commands.push({ k: 'deliver', held: false, why: 'poison', event: event({ type: 'payment.approved', transactionId: payment.transactionId, cents, documentNumber: invoice.invno, payment: payment.name }) });
        break;
      }
      case 'kill':
        commands.push({ k: 'kill', moment: c.moment, ms: c.ms });
        break;
      case 'duplicate':
        if (events.length) commands.push({ k: 'duplicate', event: events[c.ev % events.length], sameId: c.sameId });
        break;
      case 'release':
        if (commands.some((x) => x.k === 'deliver' && x.held)) commands.push({ k: 'release' });
        break;
      case 'outage':
      case 'read_only':
      case 'pause':
        commands.push({ k: c.k, on: c.on });
        break;
      default:
        commands.push({ k: c.k });
    }
  }
  // A kill meant for right after the next delivery, with none after it, strikes at once.
  const lastDelivery = commands.findLastIndex((c) => c.k === 'deliver' || c.k === 'duplicate' || c.k === 'release');
  for (const [at, c] of commands.entries()) if (c.k === 'kill' && c.moment === 'next_delivery' && at > lastDelivery) commands[at] = { k: 'kill', moment: 'delay', ms: 0 };
  return { invoices, payments, commands };
}

const money = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

/** One command per line, readable: what happened at PayTrace and to Settle. */
export function printHistory(history: History): string {
  const lines = history.invoices.map((i) => `invoice ${i.name} = ${i.invno} of customer ${i.custno}, ${money(i.cents)}`);
  const paymentOf = (name: string) => history.payments.find((p) => p.name === name)!;
  const describe = (e: HistoryEvent) => {
    const p = paymentOf(e.payment);
    const target = p.invoice ?? `unknown document (review: ${p.plan?.action === 'match' ? `match ${p.plan.invoice}` : p.plan?.action === 'on_account' ? `on account of ${p.plan.custno}` : 'dismiss'})`;
    switch (e.type) {
      case 'payment.approved': return `approve ${p.name} ${money(e.cents)} for ${target}`;
      case 'payment.declined': return `decline ${p.name} ${money(e.cents)} for ${target}`;
      case 'payment.voided': return `void ${p.name}`;
      case 'payment.refunded': return `refund ${money(e.cents)} of ${p.name}${e.originalTransactionId ? '' : ' (no original transaction id)'}`;
      case 'payment.charged_back': return `charge back ${p.name} ${money(e.cents)}`;
    }
  };
  for (const c of history.commands) {
    switch (c.k) {
      case 'deliver': lines.push(`${c.event.name}: ${describe(c.event)}${c.held ? ' — held back, delivered later' : ''}${c.why === 'poison' ? ' — POISON: its processing kills the worker, every time' : ''}`); break;
      case 'duplicate': lines.push(`deliver ${c.event.name} again (${c.sameId ? 'same webhook-id' : 'new webhook-id'})`); break;
      case 'release': lines.push('deliver the held-back events, latest first'); break;
      case 'outage': lines.push(c.on ? 'Sage Pro outage starts (connections refused and cut)' : 'Sage Pro outage ends'); break;
      case 'read_only': lines.push(c.on ? 'Sage Pro company becomes read-only' : 'Sage Pro company writable again'); break;
      case 'pause': lines.push(c.on ? 'pause the integration' : 'resume the integration'); break;
      case 'replay': lines.push('replay every dead letter'); break;
      case 'resolve': lines.push('resolve the open manual reviews'); break;
      case 'quiesce': lines.push('wait until nothing is queued or processing'); break;
      case 'kill': lines.push(`SIGKILL the worker ${c.moment === 'next_delivery' ? 'right after the next delivery' : `${c.ms} ms later`}; a standby one starts`); break;
    }
  }
  lines.push(`settle: faults end, resume, replay dead letters${history.payments.some((p) => p.poisoned) ? " (not the poison's)" : ''}, resolve reviews, until nothing is open`);
  return lines.join('\n');
}

/** The command kinds a history uses (for summaries). */
export function kindsOf(history: History): Set<string> {
  const kinds = new Set<string>();
  for (const c of history.commands) {
    if (c.k === 'deliver') {
      kinds.add(c.why);
      if (c.held) kinds.add('reorder');
    } else if (c.k !== 'release') kinds.add(c.k);
  }
  return kinds;
}
