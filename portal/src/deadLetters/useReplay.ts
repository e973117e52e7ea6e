import { useState } from 'react';
import { useDataProvider, useNotify, useRefresh, useUnselectAll } from 'react-admin';
import type { ReplayScope, SettleDataProvider } from '../dataProvider';

/** replayDeadLetters, then "N replayed" and a fresh list (replayed ones leave the open list). */
export function useReplay() {
  const dataProvider = useDataProvider<SettleDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const unselectAll = useUnselectAll('deadLetters');
  const [pending, setPending] = useState(false);

  const replay = async (scope: ReplayScope) => {
    setPending(true);
    try {
      const replayed = await dataProvider.replayDeadLetters(scope);
      notify(`${replayed} dead letter${replayed === 1 ? '' : 's'} replayed`, { type: replayed ? 'success' : 'info' });
      unselectAll();
      refresh();
    } catch (e) {
      notify(e instanceof Error ? e.message : 'Could not replay', { type: 'error' });
    } finally {
      setPending(false);
    }
  };
  return { replay, pending };
}
