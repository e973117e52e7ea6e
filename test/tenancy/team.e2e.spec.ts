/**
 * The team of a tenant: invitations by email (read from a local SMTP sink), acceptance, role
 * changes, removal, and the rules that keep a tenant with an owner.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GqlResponse, startTestApp, type TestApp } from '../support/app.js';
import { sql } from '../support/database.js';
import { type SmtpMessage, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';

const AUTH = 'accessToken me { user { id email name } tenant { id name } role tenants { tenant { id } role } }';
const MEMBER = 'id role createdAt user { id email name }';
const INVITATION = 'id email role expiresAt acceptedAt createdAt';
const PASSWORD = 'correct-horse-battery';

let t: TestApp;
let smtp: SmtpSink;

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://settle.test' });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

interface Session {
  token: string;
  userId: string;
  tenantId: string;
}

const errorOf = (res: GqlResponse) => res.body.errors?.[0];
const codeOf = (res: GqlResponse) => errorOf(res)?.extensions?.code;
const fieldOf = (res: GqlResponse) => errorOf(res)?.extensions?.field;

function ok<T = any>(res: GqlResponse<T>): T {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data as T;
}

async function signUp(companyName: string, email: string): Promise<Session> {
  const { signUp } = ok(
    await t.gql(`mutation($input: SignUpInput!) { signUp(input: $input) { ${AUTH} } }`, {
      input: { companyName, email, password: PASSWORD, name: email.split('@')[0] },
    }),
  );
  return { token: signUp.accessToken, userId: signUp.me.user.id, tenantId: signUp.me.tenant.id };
}

const invite = (token: string, email: string, role: string) =>
  t.gql(`mutation($input: InviteInput!) { invite(input: $input) { ${INVITATION} } }`, { input: { email, role } }, { token });

const accept = (input: { token: string; password: string; name?: string }) =>
  t.gql(`mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { ${AUTH} } }`, { input });

const changeRole = (token: string, membershipId: string, role: string) =>
  t.gql(`mutation($id: ID!, $role: Role!) { changeRole(membershipId: $id, role: $role) { ${MEMBER} } }`, { id: membershipId, role }, { token });

const removeMember = (token: string, membershipId: string) =>
  t.gql('mutation($id: ID!) { removeMember(membershipId: $id) }', { id: membershipId }, { token });

async function members(token: string): Promise<{ id: string; role: string; user: { id: string; email: string } }[]> {
  return ok(await t.gql(`query { members(first: 100) { nodes { ${MEMBER} } pageInfo { hasNextPage } } }`, undefined, { token })).members.nodes;
}

async function membershipOf(token: string, email: string): Promise<string> {
  const found = (await members(token)).find((m) => m.user.email === email);
  expect(found, `${email} is a member`).toBeDefined();
  return found!.id;
}

/** The next invitation email to `email` that no earlier call consumed, and the token it carries. */
const consumed = new Set<SmtpMessage>();
async function invitationMail(email: string): Promise<{ mail: SmtpMessage; token: string }> {
  const mail = await smtp.waitFor((m) => m.to.includes(email) && !consumed.has(m));
  consumed.add(mail);
  const token = /^Invitation token: (\S+)$/m.exec(mail.text)?.[1];
  expect(token, mail.text).toBeDefined();
  return { mail, token: token! };
}

async function inviteAndRead(inviter: string, email: string, role: string): Promise<string> {
  ok(await invite(inviter, email, role));
  return (await invitationMail(email)).token;
}

describe('team', () => {
  let owner: Session;
  let mia: Session;
  let other: Session;

  beforeAll(async () => {
    owner = await signUp('Acme Supply', 'olivia@acme.test');
    other = await signUp('Other Co', 'noah@other.test');
  });

  it('emails an invitation whose token only the invitee gets, and the invitee joins with the role', async () => {
    const before = Date.now();
    const { invite: invitation } = ok(await invite(owner.token, 'Mia@Acme.test', 'operator'));
    expect(invitation).toMatchObject({ email: 'mia@acme.test', role: 'operator', acceptedAt: null });
    const ttl = new Date(invitation.expiresAt).getTime() - before;
    expect(ttl).toBeGreaterThan(71.9 * 3_600_000);
    expect(ttl).toBeLessThan(72.1 * 3_600_000);

    const { mail, token } = await invitationMail('mia@acme.test');
    expect(mail.subject).toContain('Acme Supply');
    expect(mail.text).toContain(`https://settle.test/accept-invitation?token=${token}`);
    const [row] = await sql(t.db.adminUrl, 'SELECT token_hash FROM invitations WHERE id = $1', [invitation.id]);
    expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));

    const res = await accept({ token, password: 'mia-password-1', name: 'Mia' });
    const { acceptInvitation } = ok(res);
    expect(acceptInvitation.me).toMatchObject({ user: { email: 'mia@acme.test', name: 'Mia' }, tenant: { id: owner.tenantId }, role: 'operator' });
    expect(String(res.headers['set-cookie'])).toContain('settle_refresh=');
    mia = { token: acceptInvitation.accessToken, userId: acceptInvitation.me.user.id, tenantId: owner.tenantId };

    expect((await members(mia.token)).map((m) => [m.user.email, m.role]).sort()).toEqual([
      ['mia@acme.test', 'operator'],
      ['olivia@acme.test', 'owner'],
    ]);
    const { invitations } = ok(await t.gql(`query { invitations { nodes { ${INVITATION} } } }`, undefined, { token: owner.token }));
    expect(invitations.nodes[0]).toMatchObject({ id: invitation.id });
    expect(invitations.nodes[0].acceptedAt).not.toBeNull();

    const again = await accept({ token, password: 'mia-password-1' });
    expect([codeOf(again), fieldOf(again)]).toEqual(['BAD_USER_INPUT', 'token']);
  });

  it('refuses unknown tokens and short new passwords', async () => {
    const unknown = await accept({ token: 'not-a-token', password: 'whatever-long-enough' });
    expect([codeOf(unknown), fieldOf(unknown)]).toEqual(['BAD_USER_INPUT', 'token']);

    const token = await inviteAndRead(owner.token, 'sam@acme.test', 'viewer');
    const short = await accept({ token, password: 'short' });
    expect([codeOf(short), fieldOf(short)]).toEqual(['BAD_USER_INPUT', 'password']);
    ok(await accept({ token, password: 'sam-password-1' }));
  });

  it('lets a person who already has an account join with their own password', async () => {
    const token = await inviteAndRead(owner.token, 'noah@other.test', 'viewer');
    const wrong = await accept({ token, password: 'not-noahs-password' });
    expect([codeOf(wrong), fieldOf(wrong)]).toEqual(['BAD_USER_INPUT', 'password']);
    const { acceptInvitation } = ok(await accept({ token, password: PASSWORD, name: 'ignored' }));
    expect(acceptInvitation.me).toMatchObject({ user: { id: other.userId, name: 'noah' }, tenant: { id: owner.tenantId }, role: 'viewer' });
    expect(acceptInvitation.me.tenants).toHaveLength(2);
  });

  it('replaces a pending invitation when the same email is invited again, and refuses to invite a member', async () => {
    const first = await inviteAndRead(owner.token, 'zoe@acme.test', 'viewer');
    const second = await inviteAndRead(owner.token, 'zoe@acme.test', 'admin');
    const { invitations } = ok(await t.gql(`query { invitations(first: 100) { nodes { ${INVITATION} } } }`, undefined, { token: owner.token }));
    expect(invitations.nodes.filter((i: { email: string }) => i.email === 'zoe@acme.test').map((i: { role: string }) => i.role)).toEqual(['admin']);
    const stale = await accept({ token: first, password: 'zoe-password-1' });
    expect([codeOf(stale), fieldOf(stale)]).toEqual(['BAD_USER_INPUT', 'token']);
    expect(second).not.toBe(first);

    const member = await invite(owner.token, 'MIA@acme.test', 'viewer');
    expect([codeOf(member), fieldOf(member)]).toEqual(['BAD_USER_INPUT', 'email']);
    const operator = await t.gql(`query { invitations { nodes { id } } }`, undefined, { token: mia.token });
    expect(codeOf(operator)).toBe('FORBIDDEN');
  });

  it('changes roles, which take effect on the next request; a viewer cannot invite', async () => {
    const miaMembership = await membershipOf(owner.token, 'mia@acme.test');
    const { changeRole: changed } = ok(await changeRole(owner.token, miaMembership, 'viewer'));
    expect(changed).toMatchObject({ id: miaMembership, role: 'viewer', user: { email: 'mia@acme.test' } });
    expect(ok(await t.gql('query { me { role } }', undefined, { token: mia.token })).me.role).toBe('viewer');

    const refused = await invite(mia.token, 'someone@acme.test', 'viewer');
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(codeOf(await changeRole(mia.token, miaMembership, 'admin'))).toBe('FORBIDDEN');
  });

  it('validates membership ids and cannot reach another tenant’s members', async () => {
    const bad = await changeRole(owner.token, 'not-a-uuid', 'viewer');
    expect([codeOf(bad), fieldOf(bad)]).toEqual(['BAD_USER_INPUT', 'membershipId']);
    const badRemove = await removeMember(owner.token, '1234');
    expect([codeOf(badRemove), fieldOf(badRemove)]).toEqual(['BAD_USER_INPUT', 'membershipId']);

    const foreign = await membershipOf(other.token, 'noah@other.test');
    expect(codeOf(await changeRole(owner.token, foreign, 'viewer'))).toBe('NOT_FOUND');
    expect(codeOf(await removeMember(owner.token, foreign))).toBe('NOT_FOUND');
    expect((await members(other.token)).map((m) => m.user.email)).toEqual(['noah@other.test']);
  });

  it('lets admins manage the team but not above their own role, and not owners', async () => {
    ok(await changeRole(owner.token, await membershipOf(owner.token, 'mia@acme.test'), 'admin'));
    const ownerMembership = await membershipOf(owner.token, 'olivia@acme.test');
    const noahMembership = await membershipOf(owner.token, 'noah@other.test');

    expect(codeOf(await invite(mia.token, 'boss@acme.test', 'owner'))).toBe('FORBIDDEN');
    expect(codeOf(await changeRole(mia.token, noahMembership, 'owner'))).toBe('FORBIDDEN');
    expect(codeOf(await changeRole(mia.token, ownerMembership, 'viewer'))).toBe('FORBIDDEN');
    expect(codeOf(await removeMember(mia.token, ownerMembership))).toBe('FORBIDDEN');

    expect(ok(await changeRole(mia.token, noahMembership, 'operator')).changeRole.role).toBe('operator');
    ok(await invite(mia.token, 'ada@acme.test', 'admin'));
  });

  it('never demotes or removes the last owner', async () => {
    const ownerMembership = await membershipOf(owner.token, 'olivia@acme.test');
    const demote = await changeRole(owner.token, ownerMembership, 'admin');
    expect([codeOf(demote), fieldOf(demote)]).toEqual(['BAD_USER_INPUT', 'role']);
    const remove = await removeMember(owner.token, ownerMembership);
    expect([codeOf(remove), fieldOf(remove)]).toEqual(['BAD_USER_INPUT', 'membershipId']);

    // With a second owner the first may step down; then the second is the last one.
    const noahMembership = await membershipOf(owner.token, 'noah@other.test');
    ok(await changeRole(owner.token, noahMembership, 'owner'));
    ok(await changeRole(owner.token, ownerMembership, 'admin'));
    const noah = ok(await t.gql(`mutation($id: ID!) { switchTenant(tenantId: $id) { ${AUTH} } }`, { id: owner.tenantId }, { token: other.token })).switchTenant;
    expect(noah.me.role).toBe('owner');
    expect(codeOf(await changeRole(noah.accessToken, noahMembership, 'admin'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await removeMember(noah.accessToken, noahMembership))).toBe('BAD_USER_INPUT');
    ok(await changeRole(noah.accessToken, ownerMembership, 'owner'));
  });

  it('keeps an owner when two owners demote each other at the same time', async () => {
    const first = await signUp('Race Co', 'first@race.test');
    const token = await inviteAndRead(first.token, 'second@race.test', 'owner');
    const second = ok(await accept({ token, password: 'second-password' })).acceptInvitation.accessToken;
    const firstId = await membershipOf(first.token, 'first@race.test');
    const secondId = await membershipOf(first.token, 'second@race.test');
    const owners = async () =>
      (await sql(t.db.adminUrl, "SELECT count(*)::int AS n FROM memberships WHERE tenant_id = $1 AND role = 'owner'", [first.tenantId]))[0].n;

    for (let round = 0; round < 5; round++) {
      const results = await Promise.all([changeRole(first.token, secondId, 'admin'), changeRole(second, firstId, 'admin')]);
      // The loser is refused by the last-owner rule, or by the guard when it already reads the demoted role.
      expect(results.filter((res) => !res.body.errors)).toHaveLength(1);
      expect(results.map(codeOf).filter(Boolean)[0]).toMatch(/^(BAD_USER_INPUT|FORBIDDEN)$/);
      expect(await owners()).toBe(1);
      const winner = results[0].body.errors ? second : first.token;
      ok(await changeRole(winner, results[0].body.errors ? firstId : secondId, 'owner'));
      expect(await owners()).toBe(2);
    }
  });

  it('ends a removed member’s access at once', async () => {
    const miaMembership = await membershipOf(owner.token, 'mia@acme.test');
    expect(ok(await t.gql('query { tenant { id } }', undefined, { token: mia.token })).tenant.id).toBe(owner.tenantId);
    expect(ok(await removeMember(owner.token, miaMembership)).removeMember).toBe(true);

    expect(codeOf(await t.gql('query { tenant { id } }', undefined, { token: mia.token }))).toBe('UNAUTHENTICATED');
    expect((await members(owner.token)).map((m) => m.user.email)).not.toContain('mia@acme.test');
    expect(codeOf(await removeMember(owner.token, miaMembership))).toBe('NOT_FOUND');
  });

  it('refuses an expired invitation', async () => {
    const token = await inviteAndRead(owner.token, 'late@acme.test', 'viewer');
    await sql(t.db.adminUrl, "UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE email = $1", ['late@acme.test']);
    const res = await accept({ token, password: 'late-password-1' });
    expect([codeOf(res), fieldOf(res)]).toEqual(['BAD_USER_INPUT', 'token']);
    expect(errorOf(res)?.message).toMatch(/expired/);
    const [user] = await sql(t.db.adminUrl, 'SELECT count(*)::int AS n FROM users WHERE email = $1', ['late@acme.test']);
    expect(user.n).toBe(0);
  });

  it('records every team change in the audit log', async () => {
    const { auditLog } = ok(
      await t.gql('query { auditLog(first: 100) { nodes { action actorUserId targetType details } } }', undefined, { token: owner.token }),
    );
    const actions = new Set(auditLog.nodes.map((e: { action: string }) => e.action));
    for (const action of ['member.invited', 'member.joined', 'member.role_changed', 'member.removed']) expect(actions).toContain(action);
    const joined = auditLog.nodes.find((e: { action: string; details: string }) => e.action === 'member.joined' && JSON.parse(e.details).email === 'mia@acme.test');
    expect(joined.actorUserId).toBe(mia.userId);
    const raw = JSON.stringify(auditLog.nodes);
    for (const mail of smtp.messages) {
      const token = /^Invitation token: (\S+)$/m.exec(mail.text)?.[1];
      if (token) expect(raw).not.toContain(token);
    }
  });
});
