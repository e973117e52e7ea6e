import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startHeartbeat } from './heartbeat.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A beat that stays in flight until the test lets it finish. */
function slowBeats() {
  const finishers: (() => void)[] = [];
  const beat = vi.fn(() => new Promise<void>((resolve) => finishers.push(resolve)));
  return { beat, finishNext: () => finishers.shift()?.() };
}

describe('startHeartbeat', () => {
  it('beats every period', async () => {
    const beat = vi.fn(async () => undefined);
    const heartbeat = startHeartbeat(100, beat, () => undefined);
    await vi.advanceTimersByTimeAsync(350);
    expect(beat).toHaveBeenCalledTimes(3);
    await heartbeat.stop();
    await vi.advanceTimersByTimeAsync(500);
    expect(beat).toHaveBeenCalledTimes(3);
  });

  it('never runs two beats at once: a slow beat makes the next periods skip', async () => {
    const { beat, finishNext } = slowBeats();
    const heartbeat = startHeartbeat(100, beat, () => undefined);
    await vi.advanceTimersByTimeAsync(450);
    expect(beat).toHaveBeenCalledTimes(1);
    finishNext();
    await vi.advanceTimersByTimeAsync(100);
    expect(beat).toHaveBeenCalledTimes(2);
    finishNext();
    await heartbeat.stop();
  });

  it('stop waits for the beat in flight', async () => {
    const { beat, finishNext } = slowBeats();
    const heartbeat = startHeartbeat(100, beat, () => undefined);
    await vi.advanceTimersByTimeAsync(100);
    let stopped = false;
    const stopping = heartbeat.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(stopped).toBe(false);
    finishNext();
    await stopping;
    expect(stopped).toBe(true);
  });

  it('reports a failed beat and keeps beating', async () => {
    const errors: string[] = [];
    const beat = vi.fn().mockRejectedValueOnce(new Error('database gone')).mockResolvedValue(undefined);
    const heartbeat = startHeartbeat(100, beat, (error) => errors.push(error.message));
    await vi.advanceTimersByTimeAsync(200);
    expect(errors).toEqual(['database gone']);
    expect(beat).toHaveBeenCalledTimes(2);
    await heartbeat.stop();
  });
});
