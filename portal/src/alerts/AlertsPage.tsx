import { Stack } from '@mui/material';
import { Title, usePermissions } from 'react-admin';
import { isAdminRole } from '../authProvider';
import { Section } from '../connections/Section';
import { AlertChannels } from './AlertChannels';
import { AlertRules } from './AlertRules';
import { RecentAlerts } from './RecentAlerts';

/** /alerts: what raises an alert (rules), where alerts go (channels), and the recent ones. */
export const AlertsPage = () => {
  const { permissions } = usePermissions();
  const admin = isAdminRole(permissions);
  return (
    <Stack spacing={4} sx={{ mt: 2, mb: 3 }}>
      <Title title="Alerts" />
      <Section title="Rules" description="One rule per kind. Occurrences of one problem are gathered into one alert.">
        <AlertRules canEdit={admin} />
      </Section>
      <Section title="Channels" description="Every enabled channel receives every alert.">
        <AlertChannels canEdit={admin} />
      </Section>
      <Section title="Recent alerts" description="Newest first; an alert is delivered once its grouping window closes.">
        <RecentAlerts />
      </Section>
    </Stack>
  );
};
