/**
 * Grouping window: an alert is held for `windowSeconds` after its first occurrence, gathering the
 * ones that follow, and is delivered once that time has passed.
 */
export function deliveryDueAt(firstAt: Date, windowSeconds: number): Date {
  return new Date(firstAt.getTime() + windowSeconds * 1000);
}

/** How long a job must wait to run at `due`; never negative. */
export function delayUntil(due: Date, now: Date): number {
  return Math.max(0, due.getTime() - now.getTime());
}
