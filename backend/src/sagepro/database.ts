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

export interface ArcustTable extends UserLocked {
  id_col: Generated<number>;
  custno: Text;
  company: Text;
  aracct: Text;
  currency: Text;
  credstat: Text;
  custstat: Text;
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

export interface SomastTable extends UserLocked {
  id_col: Generated<number>;
  sono: Text;
  custno: Text;
  sostat: Text;
  orderstat: Text;
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
  int1: Whole;
  int2: Whole;
}

export interface SageProDatabase {
  arcust: ArcustTable;
  armast: ArmastTable;
  arcash: ArcashTable;
  ardist: ArdistTable;
  somast: SomastTable;
  glacnt: GlacntTable;
  sycrlst: SycrlstTable;
  sysdata: SysdataTable;
}

/** Tables of the system database (PROSYS); the others live in the company's. */
export const SYSTEM_TABLES: ReadonlySet<keyof SageProDatabase> = new Set(['sycrlst', 'sysdata']);
