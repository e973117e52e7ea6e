export interface Reading<T> {
  value: T;
  /** When it was read (ms since the epoch). */
  at: number;
}

export interface LastGoodReadingOptions<T> {
  read: () => Promise<T>;
  /** Longest `current()` waits for a read before it answers with the last value. */
  waitMs: number;
  /** A value younger than this is answered without reading again. */
  freshMs: number;
  onFailure: (error: Error) => void;
  now?: () => number;
}

/**
 * A value read from somewhere that may be slow or down (the database), for a caller that must answer
 * anyway (a metrics scrape): `current()` starts a read (one at a time), waits for it at most `waitMs`
 * and answers the last value read successfully: this one, or an older one when the read failed or is
 * late (a late read still lands, for the next caller). Undefined until a first read succeeded.
 */
export class LastGoodReading<T> {
  private last?: Reading<T>;
  private pending?: Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: LastGoodReadingOptions<T>) {
    this.now = options.now ?? Date.now;
  }

  async current(): Promise<Reading<T> | undefined> {
    if (this.last && this.now() - this.last.at < this.options.freshMs) return this.last;
    this.pending ??= this.readOnce();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.waitMs);
    });
    await Promise.race([this.pending, late]);
    clearTimeout(timer);
    return this.last;
  }

  private async readOnce(): Promise<void> {
    try {
      const value = await this.options.read();
      this.last = { value, at: this.now() };
    } catch (error) {
      this.options.onFailure(error as Error);
    } finally {
      this.pending = undefined;
    }
  }
}
