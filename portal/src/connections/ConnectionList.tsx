import { Box, Button, Stack, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { Link } from 'react-router-dom';
import { DataTable, ListBase, Title, usePermissions } from 'react-admin';
import { isAdminRole } from '../authProvider';
import { ConnectSandboxButton } from './ConnectSandboxButton';
import { EnvironmentChip } from './environments';
import { SageProConnectionList } from './sagepro/SageProConnectionList';
import { Section, SectionPagination } from './Section';
import { FeedSummary, TestSummary } from './status';
import type { PayTraceConnection } from './types';

const Empty = ({ admin }: { admin: boolean }) => (
  <Box sx={{ p: 3 }}>
    <Typography variant="h6" component="p" gutterBottom>No PayTrace connection yet</Typography>
    <Typography color="text.secondary">
      {admin
        ? 'Connect the built-in PayTrace sandbox to try Settle with test data, or add your PayTrace account.'
        : 'An admin of this company can connect a PayTrace account.'}
    </Typography>
  </Box>
);

/** The tenant's PayTrace accounts and how their change feeds are doing (refreshed every 5 s). */
const PayTraceConnectionList = ({ admin }: { admin: boolean }) => (
  <Section title="PayTrace" description="Where payments come from: Settle follows each account's transactions."
    actions={admin && <>
      <ConnectSandboxButton />
      <Button variant="outlined" component={Link} to="/connections/create" startIcon={<AddIcon />}>Add PayTrace account</Button>
    </>}>
    <ListBase resource="connections" perPage={25} queryOptions={{ refetchInterval: 5000 }}>
      <DataTable<PayTraceConnection> bulkActionButtons={false} rowClick="edit" empty={<Empty admin={admin} />}>
        <DataTable.Col label="Name" source="name" disableSort />
        <DataTable.Col label="Environment" disableSort render={r => <EnvironmentChip environment={r.environment} />} />
        <DataTable.Col label="Username" disableSort render={r => <code>{r.username}</code>} />
        <DataTable.Col label="Time zone" source="timeZone" disableSort />
        <DataTable.Col label="Change feed" disableSort render={r => <FeedSummary feed={r.changeFeed} />} />
        <DataTable.Col label="Last test" disableSort render={r => <TestSummary lastTest={r.lastTest} />} />
      </DataTable>
      <SectionPagination />
    </ListBase>
  </Section>
);

/** /connections: PayTrace (where payments come from) and Sage Pro (where they are recorded), one section each. */
export const ConnectionList = () => {
  const { permissions } = usePermissions();
  const admin = isAdminRole(permissions);
  return (
    <Stack spacing={4} sx={{ mt: 2, mb: 3 }}>
      <Title title="Connections" />
      <PayTraceConnectionList admin={admin} />
      <SageProConnectionList admin={admin} />
    </Stack>
  );
};
