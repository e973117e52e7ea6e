/**
 * The sandbox's seed: the system rows (companies, code lists, next numbers) and each company's rows,
 * all generated from one integer seed and an "as of" date, so that every reset builds the same data.
 */
import { KEY_WIDTHS as W, SAGEPRO_COMPANIES, type SageProCompany } from './company-schema.js';
import { addDays, EMPTY_DATE, leftJustified as lj } from './fixed-width.js';
import { Prng } from './prng.js';
import { ORDER_STATUSES, SALESPEOPLE, TERRITORIES } from './seed-data.js';
import { type CompanyProfile, generateCompanyModel } from './seed-model.js';
import { type CompanyCounters, type CompanyTable, companyRows, type Row, stamper } from './seed-rows.js';
import { generateHistoryModel } from './seed-history.js';
import { referenceRows } from './seed-reference.js';
import { type PayablesCounters, payablesRows } from './seed-payables.js';
import { type FiscalPeriod, nextPeriod, periodsBetween } from './fiscal-calendar.js';

export { COMPANY_TABLES, CURRENT_TABLES, HISTORY_OF, HISTORY_TABLES, PAYABLES_TABLES, REFERENCE_TABLES, type CompanyTable, type HistoryTable, type Row, type SqlValue } from './seed-rows.js';

export interface SeedOptions {
  /** Any integer; the same seed gives the same data. */
  seed: number;
  /** The sandbox's "today": invoice ages, paid dates and GL posting status are relative to it. */
  asOf: string;
}

export const DEFAULT_SEED_OPTIONS: Readonly<SeedOptions> = { seed: 1993, asOf: '2026-10-31' };

export const COMPANY_PROFILES: Readonly<Record<string, CompanyProfile>> = {
  '01': {
    customers: 60,
    creditHold: 4,
    inactive: 3,
    openInvoices: 300,
    invoicedOrders: 4,
    partlyPaid: 60,
    paidInvoices: 48,
    voidInvoices: 2,
    openOrders: 28,
    closedOrders: 8,
    voidOrders: 2,
    bidOrders: 2,
    items: 24,
    firstInvno: 1001,
    firstSono: 5001,
    historyInvoices: 120,
    historyOrders: 30,
    historyVoidOrders: 2,
    purchaseOrders: 16,
    historyPurchaseOrders: 10,
  },
  '99': {
    customers: 24,
    creditHold: 2,
    inactive: 2,
    openInvoices: 40,
    invoicedOrders: 1,
    partlyPaid: 8,
    paidInvoices: 12,
    voidInvoices: 1,
    openOrders: 6,
    closedOrders: 3,
    voidOrders: 1,
    bidOrders: 1,
    items: 12,
    firstInvno: 1001,
    firstSono: 5001,
    historyInvoices: 30,
    historyOrders: 8,
    historyVoidOrders: 1,
    purchaseOrders: 6,
    historyPurchaseOrders: 4,
  },
};

/** Offsets the history's generator from the current tables' one. */
const HISTORY_STREAM = 7919;
/** Offsets the generator of the reference fields (seed-reference.ts). */
const REFERENCE_STREAM = 104_729;
/** Offsets the generator of purchasing history, inventory transactions and payables (seed-payables.ts). */
const PAYABLES_STREAM = 224_737;

export const SYSTEM_TABLES = ['syccomp', 'sycrlst', 'sysdata', 'sycdfis'] as const;
export type SystemTable = (typeof SYSTEM_TABLES)[number];

export interface CompanySeed {
  company: SageProCompany;
  tables: Record<CompanyTable, Row[]>;
  counters: CompanyCounters & PayablesCounters & { lastPurno: number };
  /** End of the last closed period (YYYY-MM-DD): sycdfis is closed through it, syccomp's period is the next. */
  closedThrough: string;
  /** The oldest document date of the company, history included: its fiscal calendar starts with that year. */
  firstDate: string;
}

export interface SageProSeed {
  options: SeedOptions;
  system: Record<SystemTable, Row[]>;
  companies: CompanySeed[];
}

export function generateSageProSeed(options: SeedOptions = DEFAULT_SEED_OPTIONS): SageProSeed {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.asOf) || Number.isNaN(Date.parse(options.asOf))) {
    throw new RangeError(`asOf must be a YYYY-MM-DD date, got "${options.asOf}"`);
  }
  const companies = SAGEPRO_COMPANIES.map((company, index): CompanySeed => {
    // One generator per company, so that changing one company's profile leaves the other's data alone.
    const rng = new Prng(options.seed * 31 + index + 1);
    const model = generateCompanyModel(rng, COMPANY_PROFILES[company.compid], options.asOf);
    // The past has a generator of its own too, so the current tables are the same with or without it.
    const history = generateHistoryModel(new Prng(options.seed * 31 + index + 1 + HISTORY_STREAM), COMPANY_PROFILES[company.compid], model, options.asOf);
    const firstDate = [...history.invoices.map((i) => i.date), ...history.orders.map((o) => o.date)].reduce((a, b) => (a < b ? a : b), history.closedThrough);
    const { tables, counters } = companyRows(model, rng, options.asOf, history);
    const profile = COMPANY_PROFILES[company.compid];
    const reference = referenceRows(tables, new Prng(options.seed * 31 + index + 1 + REFERENCE_STREAM), options.asOf, history.closedThrough, profile.purchaseOrders, stamper(100_000));
    Object.assign(tables, reference.tables);
    const payables = payablesRows(tables, new Prng(options.seed * 31 + index + 1 + PAYABLES_STREAM), options.asOf, history.closedThrough, profile.historyPurchaseOrders, stamper(200_000));
    return { company, tables, counters: { ...counters, lastPurno: reference.lastPurno, ...payables }, closedThrough: history.closedThrough, firstDate };
  });
  return { options: { ...options }, system: systemRows(companies, options.asOf), companies };
}

function systemRows(companies: CompanySeed[], asOf: string): Record<SystemTable, Row[]> {
  const stamp = { adduser: 'ADMN', adddate: '2019-01-02', addtime: '09:00:00' };
  const syccomp = companies.map(({ company }, i) => ({
    compid: company.compid,
    compname: company.name,
    address1: i === 0 ? '100 Commerce Dr' : '1 Sample Way',
    city: i === 0 ? 'Grand Rapids' : 'Irvine',
    addrstate: i === 0 ? 'MI' : 'CA',
    zip: i === 0 ? '49503' : '92618',
    phone: i === 0 ? '616-555-0100' : '949-555-0199',
    currid: 'USD',
    // The current period is the first open one (after the last close), not the as-of month.
    curyear: nextPeriod({ enddate: companies[i].closedThrough }).fyear,
    curperd: nextPeriod({ enddate: companies[i].closedThrough }).fperiod,
    ...stamp,
  }));
  const code = (compid: string, ruleid: string, chrvl: string, descrip: string): Row => ({
    compid: lj(compid, W.sycrlstCompid),
    ruleid: lj(ruleid, W.ruleid),
    chrvl: lj(chrvl, W.chrvl),
    descrip,
    ...stamp,
  });
  const sycrlst = companies.flatMap(({ company: { compid } }) => [
    ...ORDER_STATUSES.map((status) => code(compid, 'ORDRSTAT', status.code, status.descrip)),
    ...SALESPEOPLE.map((person) => code(compid, 'SLSPERS', person.code, person.name)),
    ...TERRITORIES.map((territory) => code(compid, 'TERR', territory.code, territory.name)),
  ]);
  const counter = (module: string, compid: string, descrip: string, int1: number, int2 = 0): Row => ({
    sysid: `${module}${compid}`,
    descrip,
    pass1: '',
    pass2: '',
    int1,
    int2,
    int3: 0,
    ...stamp,
  });
  const sysdata = companies.flatMap(({ company: { compid }, counters }) => [
    counter('AR', compid, 'Last invoice / AR session', counters.lastInvno, counters.lastArsess),
    counter('SO', compid, 'Last sales order', counters.lastSono),
    counter('GL', compid, 'Last GL batch', counters.lastGlbatch),
    counter('PO', compid, 'Last purchase order', counters.lastPurno),
    counter('IC', compid, 'Last inventory transaction', counters.lastTranno),
    counter('AP', compid, 'Last check / AP session', counters.lastCheckno, counters.lastApsess),
  ]);
  return { syccomp, sycrlst, sysdata, sycdfis: companies.flatMap((company) => fiscalCalendar(company, asOf, stamp)) };
}

/**
 * Twelve monthly periods a year from the first year with a document through the year after asOf;
 * those ending on or before the last close are closed (close run on the 5th of the next month).
 */
function fiscalCalendar({ company: { compid }, closedThrough, firstDate }: CompanySeed, asOf: string, stamp: Row): Row[] {
  const periods = periodsBetween(`${firstDate.slice(0, 4)}-01-01`, `${Number(asOf.slice(0, 4)) + 1}-12-31`);
  return periods.map((period: FiscalPeriod) => {
    const closed = period.enddate <= closedThrough;
    return {
      compid,
      fyear: period.fyear,
      fperiod: period.fperiod,
      begdate: period.begdate,
      enddate: period.enddate,
      closed: closed ? 'Y' : '',
      closedate: closed ? addDays(period.enddate, 5) : EMPTY_DATE,
      closeuser: closed ? 'ADMN' : '',
      ...stamp,
    };
  });
}
