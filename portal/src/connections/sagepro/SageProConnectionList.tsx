import { Box, Button, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { Link } from 'react-router-dom';
import { DataTable, ListBase } from 'react-admin';
import { Section, SectionPagination } from '../Section';
import { TestSummary } from '../status';
import { ConnectSageProSandboxButton } from './ConnectSageProSandboxButton';
import { EditionChip, serverSummary } from './editions';
import { SAGEPRO_RESOURCE, type SageProConnection, sageProPath } from './types';

const Empty = ({ admin }: { admin: boolean }) => (
  <Box sx={{ p: 3 }}>
    <Typography variant="h6" component="p" gutterBottom>No Sage Pro company yet</Typography>
    <Typography color="text.secondary">
      {admin
        ? 'Connect the built-in Sage Pro sandbox to watch Settle record receipts, or add your Sage Pro company (SQL Server edition).'
        : 'An admin of this company can connect a Sage Pro company.'}
    </Typography>
  </Box>
);

/** The tenant's Sage Pro companies (refreshed every 5 s); a row opens /connections/sagepro/:id. */
export const SageProConnectionList = ({ admin }: { admin: boolean }) => (
  <Section title="Sage Pro" description="Where payments are recorded: Settle writes receipts to each company."
    actions={admin && <>
      <ConnectSageProSandboxButton />
      <Button variant="outlined" component={Link} to={sageProPath()} startIcon={<AddIcon />}>Add Sage Pro company</Button>
    </>}>
    <ListBase resource={SAGEPRO_RESOURCE} perPage={25} disableSyncWithLocation storeKey={false}
      queryOptions={{ refetchInterval: 5000 }}>
      <DataTable<SageProConnection> bulkActionButtons={false} rowClick={id => sageProPath(id)} empty={<Empty admin={admin} />}>
        <DataTable.Col label="Name" source="name" disableSort />
        <DataTable.Col label="Edition" disableSort render={r => <EditionChip edition={r.edition} />} />
        <DataTable.Col label="Company" disableSort render={r => <code>{r.companyId}</code>} />
        <DataTable.Col label="Server" disableSort render={r => r.edition === 'sandbox'
          ? <Typography variant="body2" color="text.secondary">{serverSummary(r as SageProConnection)}</Typography>
          : <code>{serverSummary(r as SageProConnection)}</code>} />
        <DataTable.Col label="Last test" disableSort render={r => <TestSummary lastTest={r.lastTest} />} />
      </DataTable>
      <SectionPagination />
    </ListBase>
  </Section>
);
