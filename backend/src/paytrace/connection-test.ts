import { connectionFailureKind } from '../platform/egress/connection-failure.js';
import type { AnyOutcome } from './client/outcome.js';

export const CONNECTION_TEST_STATUSES = ['ok', 'bad_credentials', 'forbidden', 'unreachable', 'timed_out', 'refused_address', 'tls_error', 'error'] as const;
export type ConnectionTestStatus = (typeof CONNECTION_TEST_STATUSES)[number];

export interface ConnectionTestVerdict {
  status: ConnectionTestStatus;
  message: string;
}

/**
 * One fixed sentence per status. Nothing the remote end said is repeated (no page title, no body, no
 * error text): a tenant names the base URL, and an echo would make the test a way to read, or scan,
 * whatever Settle can reach.
 */
export const CONNECTION_TEST_MESSAGES: Record<ConnectionTestStatus, string> = {
  ok: 'Logged in to PayTrace and read the transaction export.',
  bad_credentials: 'PayTrace refused the API username or password.',
  forbidden: 'PayTrace accepted the login but this user may not use the API (error 981).',
  unreachable: 'PayTrace could not be reached at this base URL within 10 s, or what answered is not PayTrace.',
  timed_out: 'PayTrace did not answer in time.', // kept for the API's sake: a test answers unreachable instead
  refused_address: 'Settle does not connect to this address: it is not a public address (see EGRESS_ALLOW).',
  tls_error: 'The secure connection to this base URL failed: its certificate is not valid for it.',
  error: 'PayTrace rejected the test call.',
};

const verdict = (status: ConnectionTestStatus): ConnectionTestVerdict => ({ status, message: CONNECTION_TEST_MESSAGES[status] });

/** What a person should read after pressing "Test": one status and its one fixed sentence. */
export function connectionTestVerdict(outcome: AnyOutcome): ConnectionTestVerdict {
  switch (outcome.kind) {
    case 'Ok':
    case 'Approved':
    case 'Declined':
      return verdict('ok');
    case 'AuthError':
      return verdict(outcome.reason === 'permission' ? 'forbidden' : 'bad_credentials');
    case 'TransientError':
      // A timeout is unreachable too: a filtered port must not look different from a closed one.
      return verdict(outcome.reason === 'network' ? connectionFailureKind(outcome.detail) : 'unreachable');
    case 'ValidationError':
      return verdict('error');
  }
}
