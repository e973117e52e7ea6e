import type { AlertSignal } from './alert-signal.js';

export type ConnectedSystem = 'paytrace' | 'sagepro';

/** A connected system refused Settle's login (or its rights) for one of the tenant's connections. */
export interface ConnectionAuthFailure {
  system: ConnectedSystem;
  connectionId: string;
  connectionName: string;
  /** What Settle was doing, e.g. `change-feed poll`. */
  during: string;
  /** What the system said (never a credential). */
  detail: string;
  eventId?: string;
}

const SYSTEM_NAMES: Record<ConnectedSystem, string> = { paytrace: 'PayTrace', sagepro: 'Sage Pro' };

/**
 * `connection_auth`, grouped per connection: every poll, lookup, charge or write refused while the
 * credentials are wrong adds to one alert, and a person fixes one connection per alert.
 */
export function connectionAuthSignal(failure: ConnectionAuthFailure): AlertSignal {
  const system = SYSTEM_NAMES[failure.system];
  return {
    kind: 'connection_auth',
    groupKey: `${failure.system}:${failure.connectionId}`,
    summary: `${system} refused the login of connection "${failure.connectionName}": check its credentials in Settle`,
    sample: { ...(failure.eventId ? { eventId: failure.eventId } : {}), detail: `${failure.during}: ${failure.detail}` },
  };
}
