import { useState } from 'react';
import { useDataProvider, useNotify, useRefresh, useUnselectAll } from 'react-admin';
import type { ReplayScope, SettleDataProvider } from '../data';
import { actionFailure } from '../manualReviews/actionFailure';

/**
 * replayDeadLetters, then "N replayed" and a fresh list (replayed ones leave the open list). A
 * CONFLICT (the letter was replayed meanwhile and its event failed again, say) is shown as a warning
 * naming it, and the list is refreshed too.
 */
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
      const failure = actionFailure(e, 'Could not replay');
      notify(failure.message, { type: failure.type });
      if (failure.stale) {
        unselectAll();
        refresh();
      }
    } finally {
      setPending(false);
    }
  };
  return { replay, pending };
}
