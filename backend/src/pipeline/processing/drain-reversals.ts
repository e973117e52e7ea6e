/**
 * What the reversals of one drain took from each receipt so far. Settle records a drain's effects
 * when the drain ends, so a second refund or chargeback of the same receipt in the same drain would
 * not see the first one in `sync_effects` and could take the same money back twice; this is the
 * drain's own ledger of it, added to what earlier drains recorded.
 */
export class DrainReversals {
  /** receipt reference → (reversal reference → minor units taken). */
  private readonly taken = new Map<string, Map<string, number>>();

  add(receiptReference: string, reversalReference: string, minor: number): void {
    const byReversal = this.taken.get(receiptReference) ?? new Map<string, number>();
    this.taken.set(receiptReference, byReversal.set(reversalReference, minor));
  }

  /** Taken from the receipt in this drain by reversals other than `except` (the asking event's own). */
  takenFrom(receiptReference: string, except: string): number {
    let sum = 0;
    for (const [reference, minor] of this.taken.get(receiptReference) ?? []) if (reference !== except) sum += minor;
    return sum;
  }
}
