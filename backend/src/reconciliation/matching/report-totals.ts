/** A report's totals: per category and currency, how many items and the money on each side. */
import { CATEGORIES, type Category, DIFFERENCES, type ReconciliationItem } from './records.js';

export interface CategoryTotal {
  category: Category;
  currency: string;
  count: number;
  paytraceMinor: number;
  sageMinor: number;
}

export function reportTotals(items: readonly ReconciliationItem[]): { totals: CategoryTotal[]; unexplained: number } {
  const byKey = new Map<string, CategoryTotal>();
  let unexplained = 0;
  for (const item of items) {
    const key = `${item.category}:${item.currency}`;
    const total = byKey.get(key) ?? { category: item.category, currency: item.currency, count: 0, paytraceMinor: 0, sageMinor: 0 };
    total.count += 1;
    total.paytraceMinor += item.paytraceMinor ?? 0;
    total.sageMinor += item.sageMinor ?? 0;
    byKey.set(key, total);
    if (DIFFERENCES.includes(item.category)) unexplained += 1;
  }
  const order = (total: CategoryTotal) => CATEGORIES.indexOf(total.category);
  const totals = [...byKey.values()].sort((a, b) => order(a) - order(b) || (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
  return { totals, unexplained };
}
