/**
 * bench:reconcile — the reconciliation rules (backend/src/reconciliation/matching) on a generated
 * world of N PayTrace transactions and as many Sage Pro lines, with differences of every category
 * planted and ambiguities on purpose (amounts from a small set, so many sales share an amount and a
 * day; hand-keyed receipts told apart only by the invoice they name). Per size: the time, the peak
 * RSS, items/s, every category found against planted, and false matches, next to issue #15's targets
 * (1M in 10 s and 1 GB on this machine, time linear in N). What it measures is the rules alone, in
 * memory: reading PayTrace's export and Sage Pro's tables is not in it yet (README.md of the module).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Category, PayTraceTransaction, ReconciliationItem, SageReceiptLine } from '../../../backend/src/reconciliation/matching/records.js';
import { reconcile } from '../../../backend/src/reconciliation/matching/reconcile.js';

type Fate = 'ok' | 'pending' | 'missing' | 'wrong' | 'double' | 'hand_copy' | 'by_hand' | 'explained' | 'declined' | 'refund' | 'refund_missing' | 'void' | 'void_standing' | 'chargeback' | 'chargeback_missing';
/** Per 1,000 transactions. */
const MIX: [Fate, number][] = [
  ['ok', 860], ['pending', 20], ['missing', 10], ['wrong', 5], ['double', 3], ['hand_copy', 3], ['by_hand', 3], ['explained', 2],
  ['declined', 30], ['refund', 30], ['refund_missing', 3], ['void', 20], ['void_standing', 3], ['chargeback', 6], ['chargeback_missing', 2],
];
const EXPECTED: Record<Fate, Category> = {
  ok: 'matched', pending: 'pending_settlement', missing: 'missing_in_sage', wrong: 'amount_mismatch', double: 'duplicate_receipt', hand_copy: 'matched', by_hand: 'matched',
  explained: 'explained', declined: 'matched', refund: 'matched', refund_missing: 'reversal_still_standing', void: 'matched', void_standing: 'reversal_still_standing',
  chargeback: 'matched', chargeback_missing: 'reversal_still_standing',
};

interface World {
  transactions: PayTraceTransaction[];
  lines: SageReceiptLine[];
  explanations: { transactionId: string; sentence: string }[];
  planted: Map<string, Category>;
}

function world(n: number): World {
  const fates: Fate[] = MIX.flatMap(([fate, per]) => Array<Fate>(per).fill(fate));
  const w: World = { transactions: [], lines: [], explanations: [], planted: new Map() };
  // mulberry32: deterministic, and its low bits are as random as its high ones.
  let seed = 42;
  const next = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  let lineId = 0;
  const line = (reference: string, amountMinor: number, date: string, invno: string, handKeyed = false) =>
    w.lines.push({ id: `arcash:${++lineId}`, reference, custno: 'C1', invno, amountMinor, currency: 'USD', date, handKeyed });
  for (let i = 0; i < n; i++) {
    const fate = fates[next() % fates.length];
    const id = String(100_000_000 + i);
    const day = 1 + (next() % 28);
    const date = `2026-11-${String(day).padStart(2, '0')}`;
    // 200 amounts only: the same amount on the same day is common, as in a shop with a few prices.
    const amount = 500 + (next() % 200) * 25;
    const invno = `I${i}`;
    const kind = fate.startsWith('refund') ? 'refund' : fate.startsWith('void') ? 'void' : fate.startsWith('chargeback') ? 'chargeback' : 'sale';
    w.transactions.push({ transactionId: id, kind, approved: fate !== 'declined', amountMinor: amount, currency: 'USD', date, settled: fate !== 'pending', invoiceNumber: invno });
    w.planted.set(`${EXPECTED[fate]} ${id}`, EXPECTED[fate]);
    const ref = `PT${id}`;
    if (fate === 'ok' || fate === 'pending' || fate === 'hand_copy') line(ref, amount, date, invno);
    if (fate === 'hand_copy') { line(`CHK${i}`, amount, date, invno, true); w.planted.set(`duplicate_receipt ${id}|arcash:${lineId}`, 'duplicate_receipt'); }
    if (fate === 'by_hand') line('', amount, date, invno, true);
    if (fate === 'wrong') line(ref, amount + 1, date, invno);
    if (fate === 'double') { line(ref, amount, date, invno); line(ref, amount, date, invno); }
    if (fate === 'explained') w.explanations.push({ transactionId: id, sentence: 'Paid by wire instead' });
    if (fate === 'refund') line(ref, -amount, date, invno);
    if (fate === 'void') { line(ref, amount, date, invno); line(`${ref}-V`, -amount, date, invno); }
    if (fate === 'void_standing') line(ref, amount, date, invno);
    if (fate === 'chargeback') line(`${ref}-CB`, -amount, date, invno);
  }
  // Strays: Settle references nobody knows, and hand-keyed card receipts of amounts no sale has.
  for (let i = 0; i < Math.max(1, n / 1000); i++) {
    line(`PT${900_000_000 + i}`, 700, '2026-11-10', 'X');
    w.planted.set(`not_in_paytrace PT${900_000_000 + i}`, 'not_in_paytrace');
    line(`CHK-X${i}`, 99_999_000 + i, '2026-11-11', 'Y', true);
    w.planted.set(`not_in_paytrace arcash:${lineId}`, 'not_in_paytrace');
  }
  return w;
}

const keyOf = (item: ReconciliationItem) =>
  `${item.category} ${item.category === 'duplicate_receipt' && item.records.sage.length === 1 && !item.reference ? `${item.transactionId}|${item.records.sage[0]}` : item.transactionId ?? item.reference ?? item.records.sage[0]}`;

interface SizeResult { n: number; items: number; ms: number; rssMb: number; itemsPerSecond: number; found: Record<string, number>; planted: Record<string, number>; missed: number; falseMatches: number }

function runSize(n: number): SizeResult {
  const w = world(n);
  const started = performance.now();
  const report = reconcile(w);
  const ms = performance.now() - started;
  const found: Record<string, number> = {};
  const planted: Record<string, number> = {};
  for (const category of w.planted.values()) planted[category] = (planted[category] ?? 0) + 1;
  let falseMatches = 0;
  const seen = new Set<string>();
  for (const item of report) {
    const key = keyOf(item);
    if (w.planted.has(key)) found[item.category] = (found[item.category] ?? 0) + 1;
    else falseMatches += 1;
    seen.add(key);
  }
  const missed = [...w.planted.keys()].filter((key) => !seen.has(key)).length;
  return { n, items: report.length, ms: Math.round(ms), rssMb: Math.round(process.resourceUsage().maxRSS / 1024), itemsPerSecond: Math.round(report.length / (ms / 1000)), found, planted, missed, falseMatches };
}

export async function main(args: string[]): Promise<number> {
  const one = args.find((arg) => arg.startsWith('--size='));
  if (one) {
    process.stdout.write(JSON.stringify(runSize(Number(one.slice(7)))));
    return 0;
  }
  const sizes = (args.find((arg) => arg.startsWith('--sizes='))?.slice(8) ?? '10000,100000,1000000').split(',').map(Number);
  const runner = fileURLToPath(new URL('./run.mjs', import.meta.url));
  const results: SizeResult[] = sizes.map((n) => JSON.parse(execFileSync(process.execPath, ['--max-old-space-size=4096', runner, `--size=${n}`], { encoding: 'utf8', maxBuffer: 1 << 20 })));
  console.log('reconciliation rules (in memory, reading excluded) — target for 1M: at most 10 s and 1 GB RSS, time linear in N');
  for (const r of results) {
    const categories = Object.keys(r.planted).sort().map((c) => `${c} ${r.found[c] ?? 0}/${r.planted[c]}`).join(', ');
    console.log(`${String(r.n).padStart(9)}: ${r.ms} ms, peak RSS ${r.rssMb} MB, ${r.itemsPerSecond} items/s, ${r.items} items; found/planted: ${categories}; missed ${r.missed}, false matches ${r.falseMatches}`);
  }
  if (results.length > 1) {
    const [first, last] = [results[0], results.at(-1)!];
    console.log(`time per item ${first.n} → ${last.n}: ×${((last.ms / last.n) / (first.ms / first.n)).toFixed(2)} (1.00 is linear)`);
  }
  const big = results.find((r) => r.n === 1_000_000);
  if (big) console.log(`1M: ${big.ms <= 10_000 ? 'within' : 'OVER'} 10 s (${big.ms} ms), ${big.rssMb <= 1024 ? 'within' : 'OVER'} 1 GB (${big.rssMb} MB)`);
  mkdirSync('.data/bench', { recursive: true });
  writeFileSync('.data/bench/reconcile.json', JSON.stringify(results, null, 2));
  return results.every((r) => r.missed === 0 && r.falseMatches === 0) ? 0 : 1;
}
