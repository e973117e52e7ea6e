/**
 * Coalesces the drain signals of a busy tenant: at most one signal per tenant is in flight, and when
 * events were stored meanwhile exactly one more follows it, at least `spacingMs` after the previous
 * one started. A signal sent after an event committed covers it, so a burst of commits costs a Redis
 * write per `spacingMs`, not one per commit, and the last commit's signal comes at most that late.
 */
export class DrainSignals {
  /** Tenants with a signal in flight (or spacing out) → whether another must follow. */
  private readonly inFlight = new Map<string, boolean>();

  /** `send` must not throw (InboxService.signal logs its failures; the sweeper covers them). */
  constructor(
    private readonly send: (tenantId: string) => Promise<void>,
    private readonly spacingMs = 20,
  ) {}

  request(tenantId: string): void {
    if (this.inFlight.has(tenantId)) {
      this.inFlight.set(tenantId, true);
      return;
    }
    void this.run(tenantId);
  }

  private async run(tenantId: string): Promise<void> {
    try {
      do {
        this.inFlight.set(tenantId, false);
        const started = Date.now();
        await this.send(tenantId);
        // The tenant stays "in flight" for the rest of the spacing even when nothing is stored meanwhile,
        // so a steady trickle of commits is folded too. Unref'd: an exiting process need not wait (the
        // sweeper signals what is left).
        const rest = this.spacingMs - (Date.now() - started);
        if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest).unref());
      } while (this.inFlight.get(tenantId));
    } finally {
      this.inFlight.delete(tenantId);
    }
  }
}
