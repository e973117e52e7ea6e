import type { StepRecord } from './event-result.js';

/** Collects an event's steps (with durations, errors and the rule used) while it is processed. */
export class Timeline {
  readonly steps: StepRecord[] = [];

  note(step: string, detail: Record<string, unknown> = {}, rule?: string, outcome: StepRecord['outcome'] = 'ok'): void {
    this.steps.push({ step, outcome, startedAt: new Date(), durationMs: 0, rule, detail });
  }

  /** Runs one step; a thrown error is recorded on the step and rethrown. */
  async step<T>(step: string, work: () => Promise<T>, describe?: (value: T) => { rule?: string; detail?: Record<string, unknown> }): Promise<T> {
    const startedAt = new Date();
    try {
      const value = await work();
      const { rule, detail } = describe?.(value) ?? {};
      this.steps.push({ step, outcome: 'ok', startedAt, durationMs: Date.now() - startedAt.getTime(), rule, detail: detail ?? {} });
      return value;
    } catch (error) {
      this.steps.push({ step, outcome: 'error', startedAt, durationMs: Date.now() - startedAt.getTime(), detail: errorDetail(error) });
      throw error;
    }
  }
}

export function errorDetail(error: unknown): Record<string, unknown> {
  const e = error as { name?: string; message?: string; kind?: string; field?: string };
  return { error: e?.name ?? 'Error', message: String(e?.message ?? error).slice(0, 500), ...(e?.kind ? { kind: e.kind } : {}), ...(e?.field ? { field: e.field } : {}) };
}
