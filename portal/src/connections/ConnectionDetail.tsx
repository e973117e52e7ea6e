import { useState } from 'react';
import { Box, Card, Stack, Typography } from '@mui/material';
import { Edit, useDataProvider, useGetOne, useNotify, usePermissions, useRecordContext } from 'react-admin';
import type { SettleDataProvider } from '../data';
import { isAdminRole, isOperatorRole } from '../authProvider';
import { ChangeFeedPanel } from './ChangeFeedPanel';
import { EnvironmentChip } from './environments';
import { NotificationUrlPanel } from './NotificationUrlPanel';
import { RecentChanges } from './RecentChanges';
import { SettingsForm } from './SettingsForm';
import { TestPanel } from './TestPanel';
import type { PayTraceConnection } from './types';

const ConnectionTitle = () => {
  const record = useRecordContext<PayTraceConnection>();
  return <>Connection {record ? `“${record.name}”` : ''}</>;
};

/**
 * The status panels read their own copy of the connection (getOne with meta.live, refetched every 5 s),
 * so that polling never resets the settings form, which re-initialises whenever its record changes.
 */
const useLiveConnection = (id: string) =>
  useGetOne<PayTraceConnection>('connections', { id, meta: { live: true } }, { enabled: !!id, refetchInterval: 5000 });

const DetailLayout = ({ canEdit, canOperate }: { canEdit: boolean; canOperate: boolean }) => {
  const record = useRecordContext<PayTraceConnection>();
  const dataProvider = useDataProvider<SettleDataProvider>();
  const live = useLiveConnection(String(record?.id ?? ''));
  const [rotatedUrl, setRotatedUrl] = useState<{ from: string; to: string } | null>(null);
  if (!record) return null;
  const current = live.data ?? record;
  // Show a freshly rotated URL at once, until the live copy has caught up.
  const notificationUrl = rotatedUrl && current.notificationUrl === rotatedUrl.from ? rotatedUrl.to : current.notificationUrl;
  const refetch = () => void live.refetch();

  return (
    <Stack spacing={2} sx={{ mt: 2, mb: 3 }}>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
        <Typography variant="h5" component="h1">{record.name}</Typography>
        <EnvironmentChip environment={record.environment} />
      </Box>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 1fr) minmax(0, 1fr)' }, alignItems: 'start' }}>
        <Card>
          <Typography variant="h6" component="h2" sx={{ px: 2, pt: 2 }}>Settings</Typography>
          <SettingsForm record={record} canEdit={canEdit} />
        </Card>
        <Stack spacing={2}>
          <TestPanel lastTest={current.lastTest} canTest={canOperate} onTested={refetch}
            run={() => dataProvider.testConnection(current.id)}
            description="Signs in to PayTrace with the stored credentials. Nothing is charged or changed." />
          <NotificationUrlPanel connection={{ ...current, notificationUrl }} canRotate={canEdit}
            onRotated={to => { setRotatedUrl({ from: current.notificationUrl, to }); refetch(); }} />
          <ChangeFeedPanel connection={current} canPoll={canOperate} onPolled={refetch} />
        </Stack>
      </Box>
      <RecentChanges connectionId={String(record.id)} />
    </Stack>
  );
};

/** /connections/:id: settings (admins edit), test, notification URL, change feed, recent changes. */
export const ConnectionDetail = () => {
  const { permissions } = usePermissions();
  const notify = useNotify();
  return (
    <Edit title={<ConnectionTitle />} actions={false} redirect={false} mutationMode="pessimistic" component="div"
      mutationOptions={{ onSuccess: () => notify('Connection saved', { type: 'success' }) }}>
      <DetailLayout canEdit={isAdminRole(permissions)} canOperate={isOperatorRole(permissions)} />
    </Edit>
  );
};
