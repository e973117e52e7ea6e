import { useCallback, useEffect, useState } from 'react';

/**
 * Loads once per `key` and again on `reload()`; the previous data stays shown while reloading so a
 * page does not flash empty after each action.
 */
export function useLoad<T>(load: () => Promise<T>, key: string) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setState(s => ({ ...s, loading: true }));
    load().then(
      data => current && setState({ data, loading: false }),
      error => current && setState(s => ({ data: s.data, error, loading: false })),
    );
    return () => { current = false; };
    // `load` is a new closure each render; `key` says when what it loads changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, generation]);
  const reload = useCallback(() => setGeneration(g => g + 1), []);
  return { ...state, reload };
}
