/**
 * Which stretch of time a poll reads. PayTrace exports by whole merchant days, and a transaction can
 * show up in an export a little after its timestamp (or with a clock that disagrees with ours), so
 * each poll re-reads from a margin before the cursor: overlapping windows cost a few rows and the
 * (transaction, state) key makes re-reading harmless.
 */
export interface FeedWindow {
  from: Date;
  to: Date;
}

export interface WindowRules {
  /** How far before the cursor to start again. */
  overlapMs: number;
  /** Where a brand-new connection starts. */
  firstLookbackMs: number;
}

export const DEFAULT_WINDOW_RULES: WindowRules = { overlapMs: 15 * 60_000, firstLookbackMs: 24 * 3_600_000 };

export function pollWindow(cursor: Date | null, now: Date, rules: WindowRules = DEFAULT_WINDOW_RULES): FeedWindow {
  const from = cursor ? new Date(Math.min(cursor.getTime(), now.getTime()) - rules.overlapMs) : new Date(now.getTime() - rules.firstLookbackMs);
  return { from, to: now };
}

/** The cursor after a poll that read everything up to `startedAt` without error: it never moves back. */
export function advanceCursor(cursor: Date | null, startedAt: Date): Date {
  return cursor && cursor > startedAt ? cursor : startedAt;
}
