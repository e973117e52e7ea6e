/**
 * The Sage Pro tables and fields Settle reads or writes, for Kysely. Only those fields: a site's
 * tables have many more (and site-specific ones), which Settle leaves alone. Every field is NOT NULL
 * with a blank default in Sage Pro, so inserts may omit any of them. Money reads back as text (pg) or
 * a number (tedious); dates as Date; both are written as text (money.ts, dates.ts).
 */
import type { ColumnType, Generated } from 'kysely';

type Text = ColumnType<string, string | undefined, string>;
type Money = ColumnType<string | number, string | undefined, string>;
type SageDate = ColumnType<Date | string, string | undefined, string>;
type Whole = ColumnType<string | number, number | undefined, number>;
/** numeric(w,d) that is not money: percentages, day counts, quantities (numeric(12,2)), line numbers. */
type Numeric = ColumnType<string | number, string | number | undefined, string | number>;
/** A VFP memo: text (pg) or text/varchar(max) (SQL Server), no width. */
type Memo = Text;

interface Stamped {
  adduser: Text;
  adddate: SageDate;
  addtime: Text;
}

interface UserLocked {
  /** Non-blank while a Sage Pro user has the record open. */
  lckstat: Text;
  lckuser: Text;
}

export interface ArcustTable extends Stamped, UserLocked {
  id_col: Generated<number>;
  custno: Text;
  company: Text;
  contact: Text;
  title: Text;
  address1: Text;
  address2: Text;
  city: Text;
  addrstate: Text;
  zip: Text;
  country: Text;
  phone: Text;
  faxno: Text;
  email: Memo;
  terr: Text;
  salesmn: Text;
  source: Text;
  type: Text;
  pterms: Text;
  pdisc: Numeric;
  pdays: Numeric;
  pnet: Numeric;
  aracct: Text;
  currency: Text;
  entered: SageDate;
  credlimit: Money;
  onorder: Money;
  credstat: Text;
  custstat: Text;
  comment: Text;
  balance: Money;
  lastpay: SageDate;
  lpymt: Money;
}

export interface ArmastTable extends Stamped, UserLocked {
  id_col: Generated<number>;
  invno: Text;
  custno: Text;
  invdte: SageDate;
  artype: Text;
  arstat: Text;
  ornum: Text;
  ponum: Text;
  refno: Text;
  salesmn: Text;
  terr: Text;
  pterms: Text;
  invamt: Money;
  paidamt: Money;
  disamt: Money;
  balance: Money;
  bbal: Money;
  currid: Text;
  glarec: Text;
  dtepaid: SageDate;
}

/** An invoice line (ARTRAN), or a line of a moved invoice (ARYTRN): Settle only reads them. */
export interface ArtranTable extends Stamped {
  id_col: Generated<number>;
  invno: Text;
  custno: Text;
  tranlineno: Numeric;
  transeq: Text;
  item: Text;
  descrip: Text;
  loctid: Text;
  serial: Text;
  sono: Text;
  umeasur: Text;
  qtyord: Numeric;
  qtyshp: Numeric;
  cost: Money;
  price: Money;
  extprice: Money;
  glsale: Text;
  artype: Text;
  arstat: Text;
  invdte: SageDate;
  salesmn: Text;
}

export interface ArcashTable extends Stamped {
  id_col: Generated<number>;
  custno: Text;
  invno: Text;
  refno: Text;
  dtepaid: SageDate;
  paidamt: Money;
  disamt: Money;
  arsess: Text;
  cashacct: Text;
  currid: Text;
}

export interface ArdistTable extends Stamped {
  id_col: Generated<number>;
  tranno: Text;
  custno: Text;
  glacnt: Text;
  descrip: Text;
  amount: Money;
  trandte: SageDate;
  arsess: Text;
  glbatch: Text;
}

export interface SomastTable extends Stamped, UserLocked {
  id_col: Generated<number>;
  sono: Text;
  custno: Text;
  sostat: Text;
  sotype: Text;
  orderstat: Text;
  ponum: Text;
  sodate: SageDate;
  ordate: SageDate;
  shipvia: Text;
  pterms: Text;
  pdisc: Numeric;
  pdays: Numeric;
  pnet: Numeric;
  ordamt: Money;
  shpamt: Money;
  bordamt: Money;
  tax: Money;
  taxrate: Numeric;
  shipchg: Money;
  salesmn: Text;
  terr: Text;
  defloc: Text;
  currid: Text;
  exchrat: Numeric;
  glarec: Text;
  notes: Memo;
  release: Text;
  shipcomp: Text;
}

export interface SotranTable extends Stamped {
  id_col: Generated<number>;
  sono: Text;
  tranlineno: Numeric;
  transeq: Text;
  custno: Text;
  item: Text;
  descrip: Text;
  loctid: Text;
  umeasur: Text;
  qtyord: Numeric;
  qtyshp: Numeric;
  origqtyord: Numeric;
  tqtyord: Numeric;
  tqtyshp: Numeric;
  cost: Money;
  price: Money;
  extprice: Money;
  origextpri: Money;
  bcost: Money;
  bprice: Money;
  bextpri: Money;
  tprice: Money;
  tcost: Money;
  disc: Numeric;
  taxrate: Numeric;
  taxable: Text;
  stkcode: Text;
  glsale: Text;
  glasst: Text;
  ordate: SageDate;
  rqdate: SageDate;
  sostat: Text;
  sotype: Text;
  salesmn: Text;
  terr: Text;
  currid: Text;
  exchrat: Numeric;
}

export interface SoaddrTable extends Stamped {
  id_col: Generated<number>;
  sono: Text;
  custno: Text;
  adtype: Text;
  company: Text;
  address1: Text;
  address2: Text;
  address3: Text;
  city: Text;
  addrstate: Text;
  zip: Text;
  country: Text;
  phone: Text;
  email: Text;
}

export interface IcitemTable {
  id_col: Generated<number>;
  item: Text;
  itmdesc: Text;
  stkcode: Text;
  umeasur: Text;
  price: Money;
  stdcost: Money;
  itemstat: Text;
}

export interface IcilocTable {
  id_col: Generated<number>;
  item: Text;
  loctid: Text;
  lonhand: Numeric;
  lsoaloc: Numeric;
  icacct: Text;
  itemstat: Text;
}

export interface IciqtyTable {
  id_col: Generated<number>;
  item: Text;
  loctid: Text;
  qbin: Text;
  qonhand: Numeric;
  qsoaloc: Numeric;
}

export interface GlacntTable {
  id_col: Generated<number>;
  glacnt: Text;
  gldesc: Text;
  gltype: Text;
  glstat: Text;
}

export interface SycrlstTable {
  id_col: Generated<number>;
  compid: Text;
  ruleid: Text;
  chrvl: Text;
  descrip: Text;
}

export interface SysdataTable {
  id_col: Generated<number>;
  sysid: Text;
  /** A row whose pass2 starts with 'D' is skipped by SO entry (twg_mobile). */
  pass2: Text;
  int1: Whole;
  int2: Whole;
}

export interface SyccompTable {
  id_col: Generated<number>;
  compid: Text;
  compname: Text;
  currid: Text;
  /** The current (first open) fiscal year and period (GUESS, ref §2: SYCCOMP holds the current period). */
  curyear: Whole;
  curperd: Whole;
}

/**
 * The fiscal calendar (SYCDFIS; a GUESS, ref §2 names the table only): one row per company, year and
 * period. `closed` 'Y': period close ran for it, nothing may be posted on a date within it, and its
 * paid items are in the history tables.
 */
export interface SycdfisTable {
  id_col: Generated<number>;
  compid: Text;
  fyear: Whole;
  fperiod: Whole;
  begdate: SageDate;
  enddate: SageDate;
  closed: Text;
  closedate: SageDate;
  closeuser: Text;
}

export interface SageProDatabase {
  arcust: ArcustTable;
  armast: ArmastTable;
  artran: ArtranTable;
  arcash: ArcashTable;
  ardist: ArdistTable;
  somast: SomastTable;
  sotran: SotranTable;
  soaddr: SoaddrTable;
  icitem: IcitemTable;
  iciloc: IcilocTable;
  iciqty: IciqtyTable;
  glacnt: GlacntTable;
  syccomp: SyccompTable;
  sycrlst: SycrlstTable;
  sysdata: SysdataTable;
  sycdfis: SycdfisTable;
  /**
   * History (ref §2, §6): what period close moved out of ARMAST, ARTRAN, ARCASH, SOMAST and SOTRAN,
   * with the same columns. Settle only reads them (reconciliation looks in both).
   */
  arymst: ArmastTable;
  arytrn: ArtranTable;
  arycsh: ArcashTable;
  soymst: SomastTable;
  soytrn: SotranTable;
}

/** Tables of the system database (PROSYS); the others live in the company's. */
export const SYSTEM_TABLES: ReadonlySet<keyof SageProDatabase> = new Set(['syccomp', 'sycrlst', 'sysdata', 'sycdfis']);
