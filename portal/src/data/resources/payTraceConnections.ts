import type { RaRecord } from 'react-admin';
import type { PayTraceConnection, TransactionChange } from '../../connections/types';
import { gql } from '../../graphql';
import { asIs, byId } from '../byId';
import { connectionDocument, cursorList } from '../lists';
import { changedNumbers, changedText, type FormValues, type ResourceModule, text } from '../resource';

const CONNECTION = `id name environment baseUrl username passwordHint integratorId timeZone notificationUrl
  pollIntervalSeconds rateLimitPerMinute changeFeed { cursor lastPollAt lagSeconds lastError } lastTest { result testedAt } createdAt`;
const CHANGE = 'id connectionId transactionId state kind amountMinor currency occurredAt source createdAt';

const TEXT = ['name', 'timeZone', 'username', 'integratorId'] as const;
const NUMBERS = ['pollIntervalSeconds', 'rateLimitPerMinute'] as const;

/** CreatePayTraceConnectionInput from form values: empty fields are left out (server defaults). */
export function newConnection(data: FormValues): FormValues {
  const input: FormValues = { environment: data.environment, ...changedText(data, TEXT), ...changedNumbers(data, NUMBERS) };
  if (data.environment === 'custom' && text(data.baseUrl) !== null) input.baseUrl = text(data.baseUrl);
  if (typeof data.password === 'string' && data.password) input.password = data.password;
  return input;
}

/** UpdatePayTraceConnectionInput: only what changed; an empty password keeps the current one. */
export function connectionChanges(data: FormValues, previous: FormValues): FormValues {
  const fields = previous.environment === 'custom' ? [...TEXT, 'baseUrl'] : TEXT;
  const input: FormValues = { ...changedText(data, fields, previous), ...changedNumbers(data, NUMBERS, previous) };
  if (typeof data.password === 'string' && data.password) input.password = data.password;
  return input;
}

/** The react-admin resource "connections": PayTrace connections (payTraceConnection(s) in the API). */
export const payTraceConnections: ResourceModule<PayTraceConnection> = {
  ...cursorList<PayTraceConnection>({ document: connectionDocument('payTraceConnections', CONNECTION), field: 'payTraceConnections' }),
  ...byId<PayTraceConnection>({ field: 'payTraceConnection', selection: CONNECTION, toRecord: asIs }),
  async create(data) {
    const r = await gql<{ createPayTraceConnection: PayTraceConnection }>(
      `mutation CreatePayTraceConnection($input: CreatePayTraceConnectionInput!) {
        createPayTraceConnection(input: $input) { ${CONNECTION} } }`,
      { input: newConnection(data) },
    );
    return r.createPayTraceConnection;
  },
  async update(id, data, previous) {
    const input = connectionChanges(data, previous ?? {});
    if (previous && !Object.keys(input).length) return previous; // nothing changed: no audit entry
    const r = await gql<{ updatePayTraceConnection: PayTraceConnection }>(
      `mutation UpdatePayTraceConnection($id: ID!, $input: UpdatePayTraceConnectionInput!) {
        updatePayTraceConnection(id: $id, input: $input) { ${CONNECTION} } }`,
      { id, input },
    );
    return r.updatePayTraceConnection;
  },
  async delete(id, previous) {
    await gql(`mutation DeletePayTraceConnection($id: ID!) { deletePayTraceConnection(id: $id) }`, { id });
    return previous ?? { id };
  },
};

/** A connection's transaction changes, newest first; getManyReference by connectionId. */
export const transactionChanges: ResourceModule<TransactionChange> = cursorList<TransactionChange>({
  document: connectionDocument('transactionChanges', CHANGE, { connectionId: 'ID' }),
  field: 'transactionChanges',
  variables: f => ({ connectionId: text(f.connectionId) }),
  references: ['connectionId'],
});

/** refused_address: the server's egress guard does not connect there (not a public address, EGRESS_ALLOW). */
export type ConnectionTestStatus = 'ok' | 'bad_credentials' | 'forbidden' | 'unreachable' | 'timed_out' | 'refused_address' | 'tls_error' | 'error';
export interface ConnectionTestResult { status: ConnectionTestStatus; message: string; durationMs: number; testedAt: string }

/** PayTrace connection operations that are not CRUD; call them through `useDataProvider<SettleDataProvider>()`. */
export const payTraceActions = {
  async testConnection(id: string): Promise<ConnectionTestResult> {
    const r = await gql<{ testPayTraceConnection: ConnectionTestResult }>(
      `mutation TestPayTraceConnection($id: ID!) { testPayTraceConnection(id: $id) { status message durationMs testedAt } }`,
      { id },
    );
    return r.testPayTraceConnection;
  },
  async pollConnection(id: string): Promise<boolean> {
    const r = await gql<{ pollPayTraceConnection: boolean }>(`mutation PollPayTraceConnection($id: ID!) { pollPayTraceConnection(id: $id) }`, { id });
    return r.pollPayTraceConnection;
  },
  async rotateNotificationUrl(id: string): Promise<RaRecord> {
    const r = await gql<{ rotatePayTraceNotificationUrl: PayTraceConnection }>(
      `mutation RotatePayTraceNotificationUrl($id: ID!) { rotatePayTraceNotificationUrl(id: $id) { ${CONNECTION} } }`,
      { id },
    );
    return r.rotatePayTraceNotificationUrl;
  },
};
