/**
 * Strings PostgreSQL cannot store, sent to GraphQL: a NUL in any variable used to answer HTTP 500
 * (with a BAD_USER_INPUT body naming the variable), and a lone UTF-16 surrogate in updateTenant or
 * createAlertChannel an INTERNAL_SERVER_ERROR. Each is now HTTP 400, BAD_USER_INPUT naming the input
 * field, before any resolver writes anything; JSON nested thousands deep is refused with 400 too.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type GqlResponse, type TestApp } from '../support/app.js';

let t: TestApp;
let token: string;

const SIGN_UP = 'mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }';
const UPDATE_TENANT = 'mutation($name: String!) { updateTenant(input: { name: $name }) { id name } }';
const UPDATE_TENANT_INPUT = 'mutation($i: UpdateTenantInput!) { updateTenant(input: $i) { id name } }';
const CREATE_CHANNEL = 'mutation($i: CreateAlertChannelInput!) { createAlertChannel(input: $i) { channel { id name } } }';

function badInput(response: GqlResponse, field: string, problem: RegExp) {
  expect(response.body.errors?.[0]?.extensions, JSON.stringify(response.body)).toMatchObject({ code: 'BAD_USER_INPUT', field });
  expect(response.body.errors![0].message).toMatch(problem);
  expect(response.status).toBe(400);
}

const tenantName = async () => (await t.gql('{ tenant { name } }', undefined, { token })).body.data.tenant.name as string;

beforeAll(async () => {
  t = await startTestApp();
  const res = await t.gql(SIGN_UP, { i: { companyName: 'Hostile Input Co', email: `owner-${randomBytes(4).toString('hex')}@hostile.test`, password: 'hostile-pass-1' } });
  token = res.body.data.signUp.accessToken;
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('a NUL character in a variable', () => {
  it('is HTTP 400, BAD_USER_INPUT naming the field it fills, not the variable, and changes nothing', async () => {
    badInput(await t.gql(UPDATE_TENANT, { name: 'Nul\u0000Co' }, { token }), 'name', /NUL/);
    badInput(await t.gql(UPDATE_TENANT_INPUT, { i: { name: 'ok', timeZone: 'Europe/\u0000' } }, { token }), 'timeZone', /NUL/);
    badInput(await t.gql(SIGN_UP, { i: { companyName: 'Nul\u0000Company', email: 'nul@hostile.test', password: 'hostile-pass-1' } }), 'companyName', /NUL/);
    expect(await tenantName()).toBe('Hostile Input Co');
  });
});

describe('a lone surrogate in a string input', () => {
  it('is BAD_USER_INPUT naming the field in updateTenant and createAlertChannel, never an internal error', async () => {
    badInput(await t.gql(UPDATE_TENANT, { name: 'Half \uD800 pair' }, { token }), 'name', /surrogate/);
    badInput(await t.gql(UPDATE_TENANT_INPUT, { i: { name: 'Low \uDC00 half' } }, { token }), 'name', /surrogate/);
    badInput(await t.gql(CREATE_CHANNEL, { i: { kind: 'email', name: 'Ops \uD83D', target: 'ops@hostile.test' } }, { token }), 'name', /surrogate/);
    badInput(await t.gql(CREATE_CHANNEL, { i: { kind: 'email', name: 'Ops', target: 'ops\uDFFF@hostile.test' } }, { token }), 'target', /surrogate/);
    expect(await tenantName()).toBe('Hostile Input Co');
    const channels = await t.gql('{ alertChannels { id } }', undefined, { token });
    expect(channels.body.data?.alertChannels ?? [], JSON.stringify(channels.body)).toHaveLength(0);
  });

  it('takes a whole surrogate pair (an emoji) as the character it is', async () => {
    const renamed = await t.gql(UPDATE_TENANT, { name: 'Hostile Input Co 💳' }, { token });
    expect(renamed.body.errors, JSON.stringify(renamed.body.errors)).toBeUndefined();
    expect(await tenantName()).toBe('Hostile Input Co 💳');
  });
});

describe('JSON nested thousands of levels deep', () => {
  it('is refused with 400, never a 500', async () => {
    const deep = `{"query":"mutation($i: UpdateTenantInput!) { updateTenant(input: $i) { id } }","variables":{"i":${'{"name":'.repeat(100_000)}"x"${'}'.repeat(100_000)}}}`;
    const res = await t.http.post('/graphql').set('content-type', 'application/json').set('authorization', `Bearer ${token}`).send(deep);
    expect(res.status, res.text.slice(0, 300)).toBe(400);
  });
});
