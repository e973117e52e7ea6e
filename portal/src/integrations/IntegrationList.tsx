import { Chip, Typography } from '@mui/material';
import { CreateButton, DataTable, List, ReferenceField, TopToolbar, usePermissions } from 'react-admin';
import { isAdminRole } from '../authProvider';
import { REFERENCE_FIELD_CHOICES, UNMATCHED_POLICY_CHOICES, choiceName } from './choices';

/** /integrations: PayTrace accounts paired with the Sage Pro company their payments are posted to. */
export const IntegrationList = () => {
  const { permissions } = usePermissions();
  return (
    <List title="Integrations" exporter={false} perPage={25} empty={false}
      actions={isAdminRole(permissions) ? <TopToolbar><CreateButton label="New integration" /></TopToolbar> : false}>
      <DataTable bulkActionButtons={false} rowClick="edit"
        empty={<Typography sx={{ p: 2 }} color="text.secondary">No integration yet: pair a PayTrace account with a Sage Pro company.</Typography>}>
        <DataTable.Col label="Name" source="name" disableSort />
        <DataTable.Col label="PayTrace" disableSort render={r => (r.payTraceConnectionId
          ? <ReferenceField source="payTraceConnectionId" reference="connections" link={false} />
          : <Typography variant="body2" color="text.secondary">Not paired</Typography>)} />
        <DataTable.Col label="Sage Pro" disableSort
          render={() => <ReferenceField source="sageProConnectionId" reference="sageProConnections" link={false} />} />
        <DataTable.Col label="Reference field" disableSort render={r => choiceName(REFERENCE_FIELD_CHOICES, r.referenceField)} />
        <DataTable.Col label="Unmatched" disableSort render={r => choiceName(UNMATCHED_POLICY_CHOICES, r.unmatchedPolicy)} />
        <DataTable.Col label="Window" disableSort align="right" render={r => `${r.matchWindowDays} d`} />
        <DataTable.Col label="Location" source="orderLocation" disableSort />
        <DataTable.Col label="Status" disableSort render={r => (
          <Chip size="small" variant="outlined" color={r.enabled ? 'success' : 'default'} label={r.enabled ? 'Enabled' : 'Paused'} />
        )} />
      </DataTable>
    </List>
  );
};
