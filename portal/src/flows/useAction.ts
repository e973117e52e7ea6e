import { useState } from 'react';
import { useNotify } from 'react-admin';
import { describeError } from './api';

/** One button's call: busy while it runs, its failure in words until the next try, a notice when done. */
export function useAction() {
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run<T>(call: () => Promise<T>, done?: (result: T) => string | void): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    try {
      const result = await call();
      const message = done?.(result);
      if (message) notify(message, { type: 'success' });
      return result;
    } catch (e) {
      setError(describeError(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run, clearError: () => setError(null) };
}
