import { Card, Chip, Typography } from '@mui/material';
import { DataTable, DateField, ListBase, Pagination, useRecordContext } from 'react-admin';
import { InviteForm } from './InviteForm';
import { roleName } from './roles';

const Status = () => {
  const r = useRecordContext();
  if (!r) return null;
  if (r.acceptedAt) return <Chip size="small" color="success" label="Accepted" />;
  if (Date.parse(r.expiresAt) < Date.now()) return <Chip size="small" label="Expired" />;
  return <Chip size="small" color="info" variant="outlined" label="Pending" />;
};

/** Invitations section of the Team page (admins only); not synced with the URL, the members list owns it. */
export const InvitationList = () => (
  <ListBase resource="invitations" perPage={10} disableSyncWithLocation storeKey="team.invitations">
    <Card>
      <Typography variant="h6" component="h2" sx={{ px: 2, pt: 2 }}>Invitations</Typography>
      <InviteForm />
      <DataTable bulkActionButtons={false} rowClick={false}
        empty={<Typography sx={{ p: 2 }} color="text.secondary">No invitations yet.</Typography>}>
        <DataTable.Col label="Email" source="email" disableSort />
        <DataTable.Col label="Role" disableSort render={r => roleName(r.role)} />
        <DataTable.Col label="Status" disableSort render={() => <Status />} />
        <DataTable.Col label="Sent" disableSort render={() => <DateField source="createdAt" showTime />} />
        <DataTable.Col label="Expires" disableSort render={() => <DateField source="expiresAt" showTime />} />
      </DataTable>
      <Pagination rowsPerPageOptions={[10, 25, 50]} />
    </Card>
  </ListBase>
);
