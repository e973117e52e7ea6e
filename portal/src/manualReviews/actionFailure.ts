import { ApiError } from '../graphql';

/**
 * What to tell an operator whose review or replay failed. A CONFLICT means someone else acted first
 * (another operator, a second tab): the message names the item and what was done, and the list is
 * stale, so callers refresh it. A refusal naming `action` (a voided payment has nothing to post) is
 * shown without the field prefix.
 */
export function actionFailure(error: unknown, fallback: string): { message: string; stale: boolean; type: 'warning' | 'error' } {
  if (!(error instanceof ApiError)) return { message: error instanceof Error ? error.message : fallback, stale: false, type: 'error' };
  const prefix = error.field ? `${error.field}: ` : '';
  const text = prefix && error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  const message = text.charAt(0).toUpperCase() + text.slice(1);
  return error.code === 'CONFLICT' ? { message, stale: true, type: 'warning' } : { message, stale: false, type: 'error' };
}
