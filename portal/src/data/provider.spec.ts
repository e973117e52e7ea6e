import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../graphql';
import { toSubmissionErrors } from '../formErrors';
import { fakeApi, signedIn } from './fakeApi';
import { dataProvider, resetCursors } from './index';

const page = (field: string, nodes: object[], endCursor: string | null, hasNextPage: boolean) =>
  ({ data: { [field]: { nodes, pageInfo: { endCursor, hasNextPage } } } });
const rows = (...ids: string[]) => ids.map(id => ({ id }));
const list = (pageNumber: number, perPage: number, filter: object = {}) =>
  ({ pagination: { page: pageNumber, perPage }, sort: { field: 'createdAt', order: 'ASC' as const }, filter });

beforeEach(() => {
  signedIn();
  resetCursors();
});
afterEach(() => vi.unstubAllGlobals());

describe('getList: react-admin pages onto the API cursors', () => {
  it('reads page 1 with first = perPage, then page 2 after the cursor page 1 ended with', async () => {
    const sent = fakeApi(page('integrations', rows('a', 'b'), 'c2', true), page('integrations', rows('c'), 'c3', false));

    const first = await dataProvider.getList('integrations', list(1, 2));
    expect(first).toEqual({ data: rows('a', 'b'), total: undefined, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
    const second = await dataProvider.getList('integrations', list(2, 2));
    // The last page knows the total: react-admin shows "3-3 of 3".
    expect(second).toEqual({ data: rows('c'), total: 3, pageInfo: { hasNextPage: false, hasPreviousPage: true } });

    expect(sent.map(r => r.variables)).toEqual([{ first: 2, after: null }, { first: 2, after: 'c2' }]);
    expect(sent[0].query).toMatch(/integrations\(first: \$first, after: \$after\)/);
  });

  it('walks forward from page 1 when a deep link opens page 3 with no cursor known', async () => {
    const sent = fakeApi(page('members', rows('a'), 'c1', true), page('members', rows('b'), 'c2', true), page('members', rows('c'), 'c3', false));
    const third = await dataProvider.getList('members', list(3, 1));
    expect(third.data).toEqual(rows('c'));
    expect(sent.map(r => r.variables.after)).toEqual([null, 'c1', 'c2']);
  });

  it('answers a page past the end with no rows and the exact total', async () => {
    fakeApi(page('apiKeys', rows('a'), 'c1', false));
    expect(await dataProvider.getList('apiKeys', list(2, 5))).toEqual({ data: [], total: 1, pageInfo: { hasNextPage: false, hasPreviousPage: true } });
  });

  it('keeps the API order (newest first): the sort react-admin asks for is not sent', async () => {
    const sent = fakeApi(page('auditLog', rows('new', 'old'), null, false));
    const { data } = await dataProvider.getList('auditLog', { ...list(1, 25), sort: { field: 'createdAt', order: 'ASC' } });
    expect(data.map(r => r.id)).toEqual(['new', 'old']);
    expect(JSON.stringify(sent[0])).not.toMatch(/sort|order/i);
  });

  it('maps filters to the arguments of the resource: trimmed text, empty ones left unfiltered, switches negated', async () => {
    const sent = fakeApi(page('syncEvents', [], null, false), page('deadLetters', [], null, false), page('manualReviews', [], null, false));
    await dataProvider.getList('events', list(1, 10, { state: 'failed', search: '  INV-1 ', type: '', ignored: 'x' }));
    await dataProvider.getList('deadLetters', list(1, 10, { includeReplayed: true, integrationId: 'i1' }));
    await dataProvider.getList('manualReviews', list(1, 10, {}));
    expect(sent[0].variables).toEqual({ first: 10, after: null, state: 'failed', search: 'INV-1', type: null, source: null });
    expect(sent[0].query).toMatch(/\$state: EventState/);
    expect(sent[1].variables).toEqual({ first: 10, after: null, open: false, integrationId: 'i1' });
    expect(sent[2].variables).toEqual({ first: 10, after: null, open: true });
  });

  it('keeps cursors apart per filter: page 2 of another filter starts again from page 1', async () => {
    const sent = fakeApi(
      page('syncEvents', rows('a'), 'a1', true),
      page('syncEvents', rows('b'), 'b1', true), page('syncEvents', rows('c'), 'b2', false),
    );
    await dataProvider.getList('events', list(1, 1, { state: 'failed' }));
    await dataProvider.getList('events', list(2, 1, { state: 'completed' }));
    expect(sent.map(r => [r.variables.state, r.variables.after])).toEqual([['failed', null], ['completed', null], ['completed', 'b1']]);
  });

  it('returns a list the API sends whole (alert rules) in one piece', async () => {
    const sent = fakeApi({ data: { alertRules: rows('r1', 'r2', 'r3') } });
    expect(await dataProvider.getList('alertRules', list(1, 2))).toEqual({ data: rows('r1', 'r2', 'r3'), total: 3 });
    expect(sent[0].query).toMatch(/alertRules \{/);
  });
});

describe('getMany: one request for all ids', () => {
  it('reads every id through aliases of one query, once per distinct id, in the order asked', async () => {
    const sent = fakeApi(({ variables }) => ({
      data: Object.fromEntries(Object.entries(variables).map(([k, id]) => [k.replace('id', 'r'), { id, name: `PT ${String(id)}` }])),
    }));
    const { data } = await dataProvider.getMany('connections', { ids: ['p2', 'p1', 'p2'] });
    expect(data).toEqual([{ id: 'p2', name: 'PT p2' }, { id: 'p1', name: 'PT p1' }]);
    expect(sent).toHaveLength(1);
    expect(sent[0].variables).toEqual({ id0: 'p2', id1: 'p1' });
    expect(sent[0].query).toMatch(/r0: payTraceConnection\(id: \$id0\)[\s\S]*r1: payTraceConnection\(id: \$id1\)/);
  });

  it('asks nothing for no ids', async () => {
    const sent = fakeApi();
    expect(await dataProvider.getMany('integrations', { ids: [] })).toEqual({ data: [] });
    expect(sent).toHaveLength(0);
  });

  it('leaves out records that are gone: one more request without them, not one per id', async () => {
    const sent = fakeApi(
      { data: null, errors: [{ message: 'Integration not found', path: ['r1'], extensions: { code: 'NOT_FOUND' } }] },
      { data: { r0: { id: 'i1' }, r1: { id: 'i3' } } },
    );
    const { data } = await dataProvider.getMany('integrations', { ids: ['i1', 'i2', 'i3'] });
    expect(data).toEqual(rows('i1', 'i3'));
    expect(sent).toHaveLength(2);
    expect(sent[1].variables).toEqual({ id0: 'i1', id1: 'i3' });
  });

  it('fails on any other error', async () => {
    fakeApi({ data: null, errors: [{ message: 'Forbidden', path: ['r0'], extensions: { code: 'FORBIDDEN' } }] });
    await expect(dataProvider.getMany('sageProConnections', { ids: ['s1'] })).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });
});

describe('getManyReference: getList filtered by the reference', () => {
  it('reads a connection\'s transaction changes by connectionId, paged like getList', async () => {
    const sent = fakeApi(page('transactionChanges', rows('t1'), 'c1', false));
    const result = await dataProvider.getManyReference('transactionChanges', {
      target: 'connectionId', id: 'p1', pagination: { page: 1, perPage: 10 }, sort: { field: 'id', order: 'DESC' }, filter: {},
    });
    expect(result).toEqual({ data: rows('t1'), total: 1, pageInfo: { hasNextPage: false, hasPreviousPage: false } });
    expect(sent[0].variables).toEqual({ first: 10, after: null, connectionId: 'p1' });
  });

  it('reads an integration\'s dead letters, open ones unless the filter says otherwise', async () => {
    const sent = fakeApi(page('deadLetters', [], null, false));
    await dataProvider.getManyReference('deadLetters', {
      target: 'integrationId', id: 'i1', pagination: { page: 1, perPage: 25 }, sort: { field: 'id', order: 'DESC' }, filter: {},
    });
    expect(sent[0].variables).toEqual({ first: 25, after: null, open: true, integrationId: 'i1' });
  });

  it('refuses a reference the API cannot filter by, without a request', async () => {
    const sent = fakeApi();
    await expect(dataProvider.getManyReference('events', {
      target: 'integrationId', id: 'i1', pagination: { page: 1, perPage: 25 }, sort: { field: 'id', order: 'DESC' }, filter: {},
    })).rejects.toThrow('getManyReference is not supported for "events": no reference by integrationId');
    expect(sent).toHaveLength(0);
  });
});

describe('methods a resource does not support', () => {
  it('fail with a clear error naming the method and the resource, without a request', async () => {
    const sent = fakeApi();
    await expect(dataProvider.create('events', { data: {} })).rejects.toThrow('create is not supported for "events"');
    await expect(dataProvider.getOne('members', { id: 'm1' })).rejects.toThrow('getOne is not supported for "members"');
    await expect(dataProvider.deleteMany('apiKeys', { ids: ['k1'] })).rejects.toThrow('deleteMany is not supported for "apiKeys"');
    await expect(dataProvider.getList('nonsense', list(1, 10))).rejects.toThrow('Unknown resource "nonsense"');
    expect(sent).toHaveLength(0);
  });
});

describe('errors', () => {
  it('turns BAD_USER_INPUT naming an input field into that form field\'s error', async () => {
    fakeApi({
      data: null,
      errors: [{ message: 'input.baseUrl: must be an https URL', path: ['createPayTraceConnection'], extensions: { code: 'BAD_USER_INPUT', field: 'input.baseUrl' } }],
    });
    const failure = await dataProvider.create('connections', { data: { environment: 'custom', baseUrl: 'http://x' } }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    // react-admin's server-side validation reads body.errors (HttpError's shape); forms use toSubmissionErrors.
    expect(failure).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', field: 'baseUrl', body: { errors: { baseUrl: 'must be an https URL' } } });
    expect(toSubmissionErrors(failure, ['baseUrl', 'name'])).toEqual({ errors: { baseUrl: 'must be an https URL' }, message: undefined });
  });

  it('passes any other error on with its code and message (a notification, not a field)', async () => {
    fakeApi({ data: null, errors: [{ message: 'Integration is used by 2 endpoints', extensions: { code: 'CONFLICT' } }] });
    const failure = await dataProvider.delete('integrations', { id: 'i1', previousData: { id: 'i1' } }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'CONFLICT', message: 'Integration is used by 2 endpoints', body: {} });
    expect(toSubmissionErrors(failure, ['name'])).toEqual({ errors: undefined, message: 'Integration is used by 2 endpoints' });
  });
});

describe('records and mutations', () => {
  it('gives an event\'s timeline steps and effects ids (react-admin keys rows by id)', async () => {
    fakeApi({ data: { syncEvent: { id: 'e1', timeline: [{ step: 'match' }, { step: 'write' }], effects: [{ kind: 'receipt' }] } } });
    const { data } = await dataProvider.getOne('events', { id: 'e1' });
    expect(data).toEqual({ id: 'e1', timeline: [{ id: 1, step: 'match' }, { id: 2, step: 'write' }], effects: [{ id: 1, kind: 'receipt' }] });
  });

  it('sends only what changed, and nothing at all when nothing did', async () => {
    const previous = { id: 'i1', name: 'Main', matchWindowDays: 30, enabled: true };
    const sent = fakeApi({ data: { updateIntegration: { ...previous, name: 'Main store' } } });
    expect(await dataProvider.update('integrations', { id: 'i1', data: { ...previous, name: ' Main ' }, previousData: previous })).toEqual({ data: previous });
    expect(sent).toHaveLength(0);
    const saved = await dataProvider.update('integrations', { id: 'i1', data: { ...previous, name: 'Main store', matchWindowDays: '30' }, previousData: previous });
    expect(saved.data.name).toBe('Main store');
    expect(sent[0].variables).toEqual({ id: 'i1', input: { name: 'Main store' } });
  });

  it('returns a created API key with its one-time secret', async () => {
    const sent = fakeApi({ data: { createApiKey: { secret: 'sk_once', apiKey: { id: 'k1', name: 'CI' } } } });
    expect(await dataProvider.create('apiKeys', { data: { name: ' CI ', scopes: ['events:read'] } })).toEqual({ data: { id: 'k1', name: 'CI', secret: 'sk_once' } });
    expect(sent[0].variables).toEqual({ input: { name: 'CI', scopes: ['events:read'] } });
  });

  it('builds a Sage Pro sandbox view record from the meta it is read with', async () => {
    const sent = fakeApi({ data: { sageProSandboxView: { columns: ['custno'], rows: [['C1']] } } });
    const meta = { connectionId: 's1', view: 'customers', limit: 5 };
    expect(await dataProvider.getOne('sageProSandboxViews', { id: 's1/customers', meta })).toEqual({ data: { id: 's1/customers', columns: ['custno'], rows: [['C1']] } });
    expect(sent[0].variables).toEqual(meta);
    await expect(dataProvider.getOne('sageProSandboxViews', { id: 'x', meta: { view: 'nope' } })).rejects.toThrow(/meta must be/);
  });
});
