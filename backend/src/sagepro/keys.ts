/**
 * Sage Pro's fixed-width CHAR keys. Document counters (invno, sono/ornum, arsess, glbatch) are stored
 * RIGHT-justified so that they sort as numbers ('      1001' in char(10)); codes people type (custno,
 * glacnt, refno, ponum, ruleid, chrvl) are LEFT-justified and the column adds trailing spaces.
 * Comparisons ignore trailing spaces on both SQL Server and PostgreSQL, leading spaces they do not:
 * so a counter is looked up under both spellings (some sites store them left-justified), and every
 * key read back is trimmed. A key is never cut to fit: that would name another document.
 */

export type Justify = 'left' | 'right';

/** Key widths (char(n)) and how Sage Pro justifies them; the sandbox DDL mirrors these. */
export const KEYS = {
  custno: { width: 6, justify: 'left' },
  invno: { width: 10, justify: 'right' },
  sono: { width: 10, justify: 'right' },
  ponum: { width: 20, justify: 'left' },
  item: { width: 25, justify: 'left' },
  loctid: { width: 6, justify: 'left' },
  refno: { width: 20, justify: 'left' },
  glacnt: { width: 24, justify: 'left' },
  arsess: { width: 6, justify: 'right' },
  sysid: { width: 4, justify: 'left' },
  ruleid: { width: 8, justify: 'left' },
  chrvl: { width: 20, justify: 'left' },
  /** syccomp.compid is char(2). */
  compid: { width: 2, justify: 'left' },
  /** sycrlst.compid is char(10) ('01        '), wider than syccomp.compid. */
  sycrlstCompid: { width: 10, justify: 'left' },
} as const satisfies Record<string, { width: number; justify: Justify }>;

export type KeyName = keyof typeof KEYS;

/** `padKey('1001', 10, 'right')` → `'      1001'`. Throws a RangeError for an empty or too long key. */
export function padKey(value: string | number, width: number, justify: Justify): string {
  const text = String(value).trim();
  if (!text) throw new RangeError('A Sage Pro key cannot be empty');
  if (text.length > width) throw new RangeError(`"${text}" is longer than the key's ${width} characters`);
  return justify === 'right' ? text.padStart(width, ' ') : text.padEnd(width, ' ');
}

/** A named key padded the way Sage Pro stores it. */
export function sageKey(name: KeyName, value: string | number): string {
  const { width, justify } = KEYS[name];
  return padKey(value, width, justify);
}

/**
 * The spellings a lookup matches: the stored one, plus the left-justified one for counters (sites
 * that typed '1001' into a counter field). Trailing spaces need no variant.
 */
export function keySpellings(name: KeyName, value: string | number): string[] {
  const stored = sageKey(name, value);
  const left = String(value).trim();
  return KEYS[name].justify === 'right' ? [stored, left] : [stored];
}

/** A stored key as people read it. */
export function trimKey(value: string | null | undefined): string {
  return (value ?? '').trim();
}

export function sameKey(a: string, b: string): boolean {
  return a.trim() === b.trim();
}
