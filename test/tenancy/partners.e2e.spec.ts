/**
 * Partner firms: tenants grant a firm access, the firm's users see and enter those tenants (acting
 * as themselves, on the firm's behalf, in the audit log), and lose access the moment it is revoked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GqlResponse, startTestApp, type TestApp } from '../support/app.js';

const AUTH = 'accessToken me { user { id email } tenant { id name } role partner { id name } tenants { tenant { id } role viaPartner } }';
const GRANT = 'partner { id name } role createdAt';
const PASSWORD = 'correct-horse-battery';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const errorOf = (res: GqlResponse) => res.body.errors?.[0];
const codeOf = (res: GqlResponse) => errorOf(res)?.extensions?.code;
const fieldOf = (res: GqlResponse) => errorOf(res)?.extensions?.field;

function ok<T = any>(res: GqlResponse<T>): T {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data as T;
}

interface Owner {
  token: string;
  tenantId: string;
}

async function signUp(companyName: string, email: string): Promise<Owner> {
  const { signUp } = ok(
    await t.gql(`mutation($input: SignUpInput!) { signUp(input: $input) { ${AUTH} } }`, { input: { companyName, email, password: PASSWORD } }),
  );
  return { token: signUp.accessToken, tenantId: signUp.me.tenant.id };
}

const grant = (token: string, partnerId: string, role: string) =>
  t.gql(`mutation($id: ID!, $role: Role!) { grantPartnerAccess(partnerId: $id, role: $role) { ${GRANT} } }`, { id: partnerId, role }, { token });

const revoke = (token: string, partnerId: string) =>
  t.gql('mutation($id: ID!) { revokePartnerAccess(partnerId: $id) }', { id: partnerId }, { token });

const partnerTenants = (token: string, args: { first?: number; after?: string } = {}) =>
  t.gql(
    'query($first: Int, $after: String) { partnerTenants(first: $first, after: $after) { nodes { tenant { id name } role viaPartner } pageInfo { endCursor hasNextPage } } }',
    args,
    { token },
  );

const switchTenant = (token: string, tenantId: string) =>
  t.gql(`mutation($id: ID!) { switchTenant(tenantId: $id) { ${AUTH} } }`, { id: tenantId }, { token });

describe('partner access', () => {
  /** `token` is the partner user's latest access token: switching tenants revokes the previous one. */
  let partner: { token: string; userId: string; partnerId: string };
  let acme: Owner;
  let bolt: Owner;
  let crane: Owner;

  beforeAll(async () => {
    const { signUpPartner } = ok(
      await t.gql(`mutation($input: SignUpPartnerInput!) { signUpPartner(input: $input) { ${AUTH} } }`, {
        input: { partnerName: 'Ledger Architects', email: 'pat@ledger.test', password: PASSWORD },
      }),
    );
    partner = { token: signUpPartner.accessToken, userId: signUpPartner.me.user.id, partnerId: signUpPartner.me.partner.id };
    acme = await signUp('Acme Supply', 'olivia@acme.test');
    bolt = await signUp('Bolt Hardware', 'bea@bolt.test');
    crane = await signUp('Crane Logistics', 'cai@crane.test');
  });

  /** A fresh login: partner users start without a tenant. */
  async function logIn(): Promise<string> {
    const { logIn: payload } = ok(
      await t.gql('mutation($input: LogInInput!) { logIn(input: $input) { accessToken me { tenant { id } } } }', {
        input: { email: 'pat@ledger.test', password: PASSWORD },
      }),
    );
    expect(payload.me.tenant).toBeNull();
    return payload.accessToken;
  }

  async function enter(tenantId: string) {
    const { switchTenant: payload } = ok(await switchTenant(partner.token, tenantId));
    partner.token = payload.accessToken;
    return payload;
  }

  it('lets two tenants grant the firm access and lists both for the firm’s user', async () => {
    expect(ok(await partnerTenants(partner.token)).partnerTenants.nodes).toEqual([]);

    const { grantPartnerAccess } = ok(await grant(acme.token, partner.partnerId, 'admin'));
    expect(grantPartnerAccess).toMatchObject({ partner: { id: partner.partnerId, name: 'Ledger Architects' }, role: 'admin' });
    ok(await grant(bolt.token, partner.partnerId, 'viewer'));
    ok(await grant(bolt.token, partner.partnerId, 'operator')); // a second grant changes the role

    const { partnerTenants: listed } = ok(await partnerTenants(partner.token));
    expect(listed.nodes).toEqual([
      { tenant: { id: acme.tenantId, name: 'Acme Supply' }, role: 'admin', viaPartner: true },
      { tenant: { id: bolt.tenantId, name: 'Bolt Hardware' }, role: 'operator', viaPartner: true },
    ]);
    const first = ok(await partnerTenants(partner.token, { first: 1 })).partnerTenants;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const page = ok(await partnerTenants(partner.token, { first: 1, after: first.pageInfo.endCursor })).partnerTenants;
    expect(page.nodes.map((a: { tenant: { id: string } }) => a.tenant.id)).toEqual([bolt.tenantId]);
    expect(page.pageInfo.hasNextPage).toBe(false);

    expect(ok(await partnerTenants(crane.token)).partnerTenants.nodes).toEqual([]);
    const { partnerGrants } = ok(await t.gql(`query { partnerGrants { ${GRANT} } }`, undefined, { token: acme.token }));
    expect(partnerGrants).toEqual([expect.objectContaining({ partner: { id: partner.partnerId, name: 'Ledger Architects' }, role: 'admin' })]);
    expect(ok(await t.gql(`query { partnerGrants { ${GRANT} } }`, undefined, { token: crane.token })).partnerGrants).toEqual([]);
  });

  it('validates grants: a real partner, a UUID, no role above the granter’s', async () => {
    const unknown = await grant(crane.token, '00000000-0000-4000-8000-000000000000', 'viewer');
    expect(codeOf(unknown)).toBe('NOT_FOUND');
    const malformed = await grant(crane.token, 'ledger', 'viewer');
    expect([codeOf(malformed), fieldOf(malformed)]).toEqual(['BAD_USER_INPUT', 'partnerId']);
    const badRevoke = await revoke(crane.token, 'ledger');
    expect([codeOf(badRevoke), fieldOf(badRevoke)]).toEqual(['BAD_USER_INPUT', 'partnerId']);
    const badAfter = await partnerTenants(partner.token, { after: 'nope' });
    expect([codeOf(badAfter), fieldOf(badAfter)]).toEqual(['BAD_USER_INPUT', 'after']);

    // Acme's partner acts as admin there: it may not grant owner, nor anything on Crane.
    const inAcme = (await enter(acme.tenantId)).accessToken;
    expect(codeOf(await grant(inAcme, partner.partnerId, 'owner'))).toBe('FORBIDDEN');
    // Crane never granted access: revoking there finds nothing.
    expect(codeOf(await revoke(crane.token, partner.partnerId))).toBe('NOT_FOUND');
  });

  it('lets the firm’s user act in a granted tenant, recorded as that user on the firm’s behalf', async () => {
    const inAcme = await enter(acme.tenantId);
    expect(inAcme.me).toMatchObject({ tenant: { id: acme.tenantId }, role: 'admin', partner: { id: partner.partnerId } });

    ok(await t.gql('mutation { updateTenant(input: { timeZone: "America/Chicago" }) { id timeZone } }', undefined, { token: inAcme.accessToken }));

    const { auditLog } = ok(
      await t.gql('query { auditLog(action: "tenant.updated") { nodes { action actorUserId actorPartnerId actorEmail } } }', undefined, {
        token: acme.token,
      }),
    );
    expect(auditLog.nodes).toEqual([
      { action: 'tenant.updated', actorUserId: partner.userId, actorPartnerId: partner.partnerId, actorEmail: 'pat@ledger.test' },
    ]);
    // Bolt's log does not see what happened in Acme.
    const bolts = ok(await t.gql('query { auditLog(action: "tenant.updated") { nodes { action } } }', undefined, { token: bolt.token }));
    expect(bolts.auditLog.nodes).toEqual([]);
  });

  it('does not let the firm into a tenant that did not grant access', async () => {
    expect(codeOf(await switchTenant(partner.token, crane.tenantId))).toBe('NOT_FOUND');
  });

  it('ends the firm’s access at once when the tenant revokes it', async () => {
    const inAcme = (await enter(acme.tenantId)).accessToken;
    expect(ok(await t.gql('query { tenant { id } }', undefined, { token: inAcme })).tenant.id).toBe(acme.tenantId);

    expect(ok(await revoke(acme.token, partner.partnerId)).revokePartnerAccess).toBe(true);
    expect(codeOf(await t.gql('query { tenant { id } }', undefined, { token: inAcme }))).toBe('UNAUTHENTICATED');
    // That token is bound to Acme, so it is refused everywhere; a new login cannot enter Acme again.
    partner.token = await logIn();
    expect(codeOf(await switchTenant(partner.token, acme.tenantId))).toBe('NOT_FOUND');
    const remaining = ok(await partnerTenants(partner.token)).partnerTenants.nodes;
    expect(remaining.map((a: { tenant: { id: string } }) => a.tenant.id)).toEqual([bolt.tenantId]);
    expect(codeOf(await revoke(acme.token, partner.partnerId))).toBe('NOT_FOUND');

    const { auditLog } = ok(await t.gql('query { auditLog { nodes { action targetId } } }', undefined, { token: acme.token }));
    const actions = auditLog.nodes.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['partner.access_granted', 'partner.switched_tenant', 'partner.access_revoked']));
  });

  it('keeps partner administration to tenant admins', async () => {
    const bolted = (await enter(bolt.tenantId)).accessToken; // operator in Bolt
    expect(codeOf(await t.gql(`query { partnerGrants { ${GRANT} } }`, undefined, { token: bolted }))).toBe('FORBIDDEN');
    expect(codeOf(await revoke(bolted, partner.partnerId))).toBe('FORBIDDEN');

    // Signed in without a tenant, the firm's user administers nothing.
    const outside = await logIn();
    expect(codeOf(await t.gql(`query { partnerGrants { ${GRANT} } }`, undefined, { token: outside }))).toBe('FORBIDDEN');
    expect(ok(await partnerTenants(outside)).partnerTenants.nodes).toHaveLength(1);
  });
});
