import type { RaRecord } from 'react-admin';
import { gql } from '../../graphql';
import { connectionDocument, cursorList } from '../lists';
import { type ResourceModule, text } from '../resource';

const MEMBER = 'id role createdAt user { id email name }';
const INVITATION = 'id email role expiresAt acceptedAt createdAt';

/** members: list, change a role (update), remove (delete). */
export const members: ResourceModule = {
  ...cursorList({ document: connectionDocument('members', MEMBER), field: 'members' }),
  async update(id, data) {
    const r = await gql<{ changeRole: RaRecord }>(
      `mutation ChangeRole($id: ID!, $role: Role!) { changeRole(membershipId: $id, role: $role) { ${MEMBER} } }`,
      { id, role: data.role },
    );
    return r.changeRole;
  },
  async delete(id, previous) {
    await gql(`mutation RemoveMember($id: ID!) { removeMember(membershipId: $id) }`, { id });
    return previous ?? { id };
  },
};

/** invitations: list, invite (create). */
export const invitations: ResourceModule = {
  ...cursorList({ document: connectionDocument('invitations', INVITATION), field: 'invitations' }),
  async create(data) {
    const r = await gql<{ invite: RaRecord }>(
      `mutation Invite($input: InviteInput!) { invite(input: $input) { ${INVITATION} } }`,
      { input: { email: text(data.email) ?? '', role: data.role } },
    );
    return r.invite;
  },
};
