import { Box, Card, Stack, Typography } from '@mui/material';
import { useParams } from 'react-router-dom';
import { Edit, useDataProvider, useGetOne, useNotify, usePermissions, useRecordContext } from 'react-admin';
import { isAdminRole, isOperatorRole } from '../../authProvider';
import type { SettleDataProvider } from '../../data';
import { Facts, Panel } from '../Panel';
import { TestPanel } from '../TestPanel';
import { EditionChip, serverSummary } from './editions';
import { SandboxViewer } from './SandboxViewer';
import { SageProPostingPanel } from './SageProPostingPanel';
import { SageProSettingsForm } from './SageProSettingsForm';
import { SAGEPRO_RESOURCE, type SageProConnection } from './types';

const ConnectionTitle = () => {
  const record = useRecordContext<SageProConnection>();
  return <>Connection {record ? `“${record.name}”` : ''}</>;
};

/**
 * The test panel reads its own copy of the connection (getOne with meta.live, refetched every 5 s), so
 * that refreshing lastTest never resets the settings form, which re-initialises whenever its record changes.
 */
const useLiveConnection = (id: string) =>
  useGetOne<SageProConnection>(SAGEPRO_RESOURCE, { id, meta: { live: true } }, { enabled: !!id, refetchInterval: 5000 });

const DetailLayout = ({ canEdit, canOperate }: { canEdit: boolean; canOperate: boolean }) => {
  const record = useRecordContext<SageProConnection>();
  const dataProvider = useDataProvider<SettleDataProvider>();
  const live = useLiveConnection(String(record?.id ?? ''));
  if (!record) return null;
  const current = live.data ?? record;
  const sandbox = record.edition === 'sandbox';

  return (
    <Stack spacing={2} sx={{ mt: 2, mb: 3 }}>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
        <Typography variant="h5" component="h1">{record.name}</Typography>
        <EditionChip edition={record.edition} />
      </Box>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 1fr) minmax(0, 1fr)' }, alignItems: 'start' }}>
        <Card>
          <Typography variant="h6" component="h2" sx={{ px: 2, pt: 2 }}>Settings</Typography>
          <SageProSettingsForm record={record} canEdit={canEdit} />
        </Card>
        <Stack spacing={2}>
          <TestPanel lastTest={current.lastTest} canTest={canOperate} onTested={() => void live.refetch()}
            run={() => dataProvider.testSageProConnection(current.id)} testId="sagepro-test-result"
            description={sandbox
              ? 'Opens the sandbox company, checks that the Sage Pro tables Settle uses are there and reads one row. Nothing is changed.'
              : 'Signs in to SQL Server, checks that the Sage Pro tables Settle uses are there and reads one row. Nothing is changed. Answers within 10 seconds.'} />
          <Panel title="Company">
            <Facts rows={[
              ['Edition', sandbox ? 'Built-in sandbox' : 'SQL Server'],
              ['Company ID', <code>{record.companyId}</code>],
              ['Server', sandbox ? serverSummary(record) : <code>{serverSummary(record)}</code>],
              ...(sandbox ? [] : [
                ['System database', record.systemDatabase ?? '—'],
                ['Encryption', record.encrypt ? 'TLS' : 'Off'],
              ] as [string, string][]),
              ['Connected', new Date(record.createdAt).toLocaleString()],
            ]} />
          </Panel>
        </Stack>
      </Box>
      <SageProPostingPanel connection={record} canEdit={canEdit} />
      {sandbox && <SandboxViewer connection={current} />}
    </Stack>
  );
};

/** /connections/sagepro/:id: settings (admins edit), test (operators), and for the sandbox its tables. */
export const SageProConnectionDetail = () => {
  const { id } = useParams<{ id: string }>();
  const { permissions } = usePermissions();
  const notify = useNotify();
  return (
    <Edit resource={SAGEPRO_RESOURCE} id={id} title={<ConnectionTitle />} actions={false} redirect={false}
      mutationMode="pessimistic" component="div"
      mutationOptions={{ onSuccess: () => notify('Connection saved', { type: 'success' }) }}>
      <DetailLayout canEdit={isAdminRole(permissions)} canOperate={isOperatorRole(permissions)} />
    </Edit>
  );
};
