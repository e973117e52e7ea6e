export interface Heartbeat {
  /** Stops beating and waits for a beat in flight, so nothing renews after the caller moved on. */
  stop(): Promise<void>;
}

/** Calls `beat` every `everyMs`, never two at once; a failed beat is reported and the next one tries again. */
export function startHeartbeat(everyMs: number, beat: () => Promise<void>, onError: (error: Error) => void): Heartbeat {
  let inFlight: Promise<void> | undefined;
  const timer = setInterval(() => {
    inFlight ??= beat()
      .catch((error: Error) => onError(error))
      .finally(() => {
        inFlight = undefined;
      });
  }, everyMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await inFlight;
    },
  };
}
