/**
 * The sandbox company's fiscal calendar (prosys.sycdfis, a GUESS: ref §2 names the table only):
 * fiscal years are calendar years of twelve monthly periods. Pure date arithmetic on YYYY-MM-DD.
 */
import { addDays } from './fixed-width.js';

export interface FiscalPeriod {
  fyear: number;
  fperiod: number;
  /** First and last day, YYYY-MM-DD. */
  begdate: string;
  enddate: string;
}

/** The period a day falls in. */
export function periodOf(date: string): FiscalPeriod {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) throw new RangeError(`Not a YYYY-MM-DD date: "${date}"`);
  const fyear = Number(date.slice(0, 4));
  const fperiod = Number(date.slice(5, 7));
  const begdate = `${date.slice(0, 7)}-01`;
  const next = fperiod === 12 ? `${fyear + 1}-01-01` : `${fyear}-${String(fperiod + 1).padStart(2, '0')}-01`;
  return { fyear, fperiod, begdate, enddate: addDays(next, -1) };
}

/** The period after `period`. */
export function nextPeriod(period: Pick<FiscalPeriod, 'enddate'>): FiscalPeriod {
  return periodOf(addDays(period.enddate, 1));
}

/** Every period from the one holding `from` to the one holding `to`, in order. */
export function periodsBetween(from: string, to: string): FiscalPeriod[] {
  const periods: FiscalPeriod[] = [];
  for (let period = periodOf(from); period.begdate <= to; period = nextPeriod(period)) periods.push(period);
  return periods;
}

/** The last day of the month before the one holding `date`: the latest period end strictly before it. */
export function endOfPreviousPeriod(date: string): string {
  return addDays(periodOf(date).begdate, -1);
}
