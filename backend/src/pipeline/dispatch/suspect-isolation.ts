/**
 * A worker process runs a suspect event alone. An event whose lease ran out may be what killed its
 * last worker (out of memory, a native crash); if it kills this one too, every event in hand here is
 * charged an attempt. Run next to other work, a suspect would charge bystanders again and again
 * until they, too, end as worker_crashed dead letters, though they never crashed anything. So
 * batches share the process with each other, and a suspect waits until the process is idle, runs by
 * itself, and keeps new batches waiting meanwhile (writer preference, so a busy process cannot starve
 * it). A suspect is rare and is one event: the wait it imposes on others is one event's processing.
 * Drains enter before they claim, so nothing is claimed (and charged an attempt) while it waits.
 */
export class SuspectIsolation {
  private batches = 0;
  private suspectRunning = false;
  private readonly suspectsWaiting: Array<() => void> = [];
  private readonly batchesWaiting: Array<() => void> = [];

  /** Waits for its turn; the function returned leaves (a second call does nothing). */
  async enter(alone: boolean): Promise<() => void> {
    await (alone ? this.enterAlone() : this.enterShared());
    let left = false;
    return () => {
      if (left) return;
      left = true;
      if (alone) this.suspectRunning = false;
      else this.batches -= 1;
      this.wakeNext();
    };
  }

  private enterShared(): Promise<void> {
    if (!this.suspectRunning && !this.suspectsWaiting.length) {
      this.batches += 1;
      return Promise.resolve();
    }
    return new Promise((entered) => this.batchesWaiting.push(() => ((this.batches += 1), entered())));
  }

  private enterAlone(): Promise<void> {
    if (!this.suspectRunning && this.batches === 0 && !this.suspectsWaiting.length) {
      this.suspectRunning = true;
      return Promise.resolve();
    }
    return new Promise((entered) => this.suspectsWaiting.push(() => ((this.suspectRunning = true), entered())));
  }

  /** Suspects first, one at a time, once the process is idle; then every waiting batch together. */
  private wakeNext(): void {
    if (this.suspectRunning || this.batches > 0) return;
    const suspect = this.suspectsWaiting.shift();
    if (suspect) return suspect();
    for (const batch of this.batchesWaiting.splice(0)) batch();
  }
}
