import { Injectable } from '@nestjs/common';

export interface SavedConnection {
  tenantId: string;
  connectionId: string;
  pollIntervalSeconds: number;
}

type Listener<T> = (event: T) => Promise<void> | void;

/**
 * Tells other modules (the PayTrace change feed) that a connection was saved or deleted, after the
 * change committed, without the connections module knowing who listens.
 */
@Injectable()
export class ConnectionEvents {
  private readonly saved: Listener<SavedConnection>[] = [];
  private readonly deleted: Listener<{ tenantId: string; connectionId: string }>[] = [];
  private readonly resumed: Listener<{ tenantId: string }>[] = [];

  onSaved(listener: Listener<SavedConnection>): void {
    this.saved.push(listener);
  }

  onDeleted(listener: Listener<{ tenantId: string; connectionId: string }>): void {
    this.deleted.push(listener);
  }

  /** An integration was resumed and its held events queued again (the pipeline signals the tenant's drain). */
  onResumed(listener: Listener<{ tenantId: string }>): void {
    this.resumed.push(listener);
  }

  async emitResumed(event: { tenantId: string }): Promise<void> {
    for (const listener of this.resumed) await listener(event);
  }

  async emitSaved(event: SavedConnection): Promise<void> {
    for (const listener of this.saved) await listener(event);
  }

  async emitDeleted(event: { tenantId: string; connectionId: string }): Promise<void> {
    for (const listener of this.deleted) await listener(event);
  }
}
