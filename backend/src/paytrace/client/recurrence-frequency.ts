/**
 * PayTrace's v1 `frequency` codes are not confirmed by any source (fact sheet §2, UNSURE). Settle sends
 * the legacy API's codes, which the sandbox also uses and v3's example ("8") agrees with, and reads
 * back either a code or a Virtual Terminal name ("Monthly").
 */
import type { RecurrenceFrequency } from './types.js';

const CODES: Record<RecurrenceFrequency, { code: string; name: string }> = {
  annually: { code: '1', name: 'Annually' },
  semi_annually: { code: '8', name: 'Semi-Annually' },
  trimesterly: { code: 'A', name: 'Trimesterly' },
  quarterly: { code: '2', name: 'Quarterly' },
  bi_monthly: { code: '9', name: 'Bi-Monthly' },
  monthly: { code: '3', name: 'Monthly' },
  bi_weekly: { code: '4', name: 'Bi-Weekly' },
  first_and_fifteenth: { code: '7', name: '1st and 15th' },
  weekly: { code: '5', name: 'Weekly' },
  daily: { code: '6', name: 'Daily' },
};

/** PayTrace's `total_count` for "until deleted". */
export const INDEFINITE_TOTAL_COUNT = 999;

export function frequencyToPayTrace(frequency: RecurrenceFrequency): string {
  return CODES[frequency].code;
}

export function frequencyFromPayTrace(value: string): RecurrenceFrequency | undefined {
  const wanted = value.trim().toLowerCase();
  const found = Object.entries(CODES).find(([, { code, name }]) => code.toLowerCase() === wanted || name.toLowerCase() === wanted);
  return found?.[0] as RecurrenceFrequency | undefined;
}
