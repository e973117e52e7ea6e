import { describe, expect, it } from 'vitest';
import { normaliseSignal } from './alert-signal.js';
import { connectionAuthSignal } from './connection-auth.js';

const failure = {
  connectionId: '7b7c1c2e-59a4-4a36-9a43-0d1f7d3f0b10',
  connectionName: 'Main account',
  during: 'change-feed poll',
  detail: 'PayTrace refused the API username or password (invalid_grant).',
};

describe('connection auth signals', () => {
  it('name the system and the connection, grouped per connection', () => {
    expect(connectionAuthSignal({ system: 'paytrace', ...failure })).toEqual({
      kind: 'connection_auth',
      groupKey: 'paytrace:7b7c1c2e-59a4-4a36-9a43-0d1f7d3f0b10',
      summary: 'PayTrace refused the login of connection "Main account": check its credentials in Settle',
      sample: { detail: 'change-feed poll: PayTrace refused the API username or password (invalid_grant).' },
    });
  });

  it('keep Sage Pro and PayTrace connections apart, and carry the event when there is one', () => {
    const signal = connectionAuthSignal({ system: 'sagepro', ...failure, connectionName: 'Company 01', during: 'writing to Sage Pro', eventId: 'evt-1' });
    expect(signal.groupKey).toBe('sagepro:7b7c1c2e-59a4-4a36-9a43-0d1f7d3f0b10');
    expect(signal.summary).toBe('Sage Pro refused the login of connection "Company 01": check its credentials in Settle');
    expect(signal.sample).toEqual({ eventId: 'evt-1', detail: 'writing to Sage Pro: PayTrace refused the API username or password (invalid_grant).' });
    expect(normaliseSignal(signal, new Date())).not.toBeNull();
  });
});
