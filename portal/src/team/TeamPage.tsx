import { usePermissions } from 'react-admin';
import { isAdminRole } from '../authProvider';
import { InvitationList } from './InvitationList';
import { MemberList } from './MemberList';

/** "Team" screen: members (role editing / removal for admins) and, for admins, invitations. */
export const TeamPage = () => {
  const { permissions } = usePermissions();
  return (
    <>
      <MemberList />
      {isAdminRole(permissions) && <InvitationList />}
    </>
  );
};
