import { Typography } from '@mui/material';
import { DataTable, DateField, DeleteButton, List, useGetIdentity, useNotify, usePermissions, useRecordContext } from 'react-admin';
import { isAdminRole } from '../authProvider';
import { MemberRoleSelect } from './MemberRoleSelect';
import { roleName } from './roles';

const useIsSelf = () => {
  const record = useRecordContext();
  const { identity } = useGetIdentity();
  return !!record && record.user.id === identity?.id;
};

const RoleCell = ({ canEdit }: { canEdit: boolean }) => {
  const record = useRecordContext();
  const self = useIsSelf();
  return canEdit && !self ? <MemberRoleSelect /> : <>{roleName(record?.role)}{self && ' (you)'}</>;
};

const RemoveCell = () => {
  const record = useRecordContext();
  const notify = useNotify();
  if (useIsSelf() || !record) return null;
  return (
    <DeleteButton label="Remove" mutationMode="pessimistic" redirect={false}
      mutationOptions={{ onSuccess: () => notify(`${record.user.email} removed from the team`, { type: 'success' }) }}
      confirmTitle={`Remove ${record.user.email}?`}
      confirmContent="They will immediately lose access to this tenant." />
  );
};

export const MemberList = () => {
  const { permissions } = usePermissions();
  const admin = isAdminRole(permissions);
  return (
    <List resource="members" title="Team" empty={false} exporter={false} actions={false} perPage={25} sx={{ mb: 3 }}>
      <Typography variant="h6" component="h2" sx={{ px: 2, pt: 2 }}>Members</Typography>
      <DataTable bulkActionButtons={false} rowClick={false}>
        <DataTable.Col label="Name" source="user.name" disableSort />
        <DataTable.Col label="Email" source="user.email" disableSort />
        <DataTable.Col label="Role" disableSort render={() => <RoleCell canEdit={admin} />} />
        <DataTable.Col label="Member since" disableSort render={() => <DateField source="createdAt" />} />
        {admin && <DataTable.Col label="" disableSort align="right" render={() => <RemoveCell />} />}
      </DataTable>
    </List>
  );
};
