import type { AnyOutcome } from './client/outcome.js';

export const CONNECTION_TEST_STATUSES = ['ok', 'bad_credentials', 'forbidden', 'unreachable', 'timed_out', 'error'] as const;
export type ConnectionTestStatus = (typeof CONNECTION_TEST_STATUSES)[number];

export interface ConnectionTestVerdict {
  status: ConnectionTestStatus;
  message: string;
}

/** What a person should read after pressing "Test": one status and one sentence. */
export function connectionTestVerdict(outcome: AnyOutcome): ConnectionTestVerdict {
  switch (outcome.kind) {
    case 'Ok':
    case 'Approved':
    case 'Declined':
      return { status: 'ok', message: 'Logged in to PayTrace and read the transaction export.' };
    case 'AuthError':
      return outcome.reason === 'permission'
        ? { status: 'forbidden', message: 'PayTrace accepted the login but this user may not use the API (error 981).' }
        : { status: 'bad_credentials', message: 'PayTrace refused the API username or password.' };
    case 'TransientError':
      if (outcome.reason === 'timeout') return { status: 'timed_out', message: 'PayTrace did not answer in time.' };
      if (outcome.reason === 'network') return { status: 'unreachable', message: `PayTrace could not be reached: ${outcome.detail}` };
      return { status: 'unreachable', message: `PayTrace is not answering normally (${outcome.detail}).` };
    case 'ValidationError':
      return { status: 'error', message: `PayTrace rejected the test call: ${outcome.errors.map((e) => `${e.code} ${e.messages.join(' ')}`).join('; ')}` };
  }
}
