import { Alert, Typography } from '@mui/material';
import {
  NumberInput, PasswordInput, SaveButton, SimpleForm, TextInput, Toolbar, maxValue, minValue, required,
  useNotify, useRedirect,
} from 'react-admin';
import { TimeZoneList, validTimeZone } from '../timeZones';
import { HeldEventsDeleteButton } from '../integrations/HeldEventsDelete';
import { Row, helperTextRoom } from './Row';
import type { PayTraceConnection } from './types';

const SettingsToolbar = ({ record }: { record: PayTraceConnection }) => {
  const notify = useNotify();
  const redirect = useRedirect();
  const deleted = () => {
    notify(`Connection “${record.name}” deleted`, { type: 'success' });
    redirect('list', 'connections');
  };
  return (
    <Toolbar sx={{ justifyContent: 'space-between' }}>
      <SaveButton />
      <HeldEventsDeleteButton mutation="deletePayTraceConnection" id={record.id} onDeleted={deleted}
        title={`Delete the connection “${record.name}”?`}
        content="Settle stops reading this PayTrace account and its notification URL stops working. PayTrace itself is not changed." />
    </Toolbar>
  );
};

/**
 * Name, time zone, poll interval and rate limit; credentials only for production/custom (the sandbox
 * manages its own). Saved through dataProvider.update, which sends only the changed fields; an empty
 * password keeps the stored one.
 */
export const SettingsForm = ({ record, canEdit }: { record: PayTraceConnection; canEdit: boolean }) => {
  const readOnly = !canEdit;
  const sandbox = record.environment === 'sandbox';
  return (
    <SimpleForm toolbar={canEdit ? <SettingsToolbar record={record} /> : false} sx={helperTextRoom}>
      <TextInput size="small" source="name" label="Name" validate={required()} readOnly={readOnly} fullWidth />
      <TextInput size="small" source="timeZone" label="Time zone" validate={[required(), validTimeZone]} readOnly={readOnly} fullWidth
        helperText="The PayTrace account's time zone (its timestamps carry none)"
        slotProps={{ htmlInput: { list: 'connection-time-zones' } }} />
      <TimeZoneList id="connection-time-zones" />
      <Row>
        <NumberInput source="pollIntervalSeconds" label="Poll interval (seconds)" readOnly={readOnly} fullWidth
          validate={[required(), minValue(5), maxValue(3600)]} min={5} max={3600} step={1} />
        <NumberInput source="rateLimitPerMinute" label="Rate limit (requests/minute)" readOnly={readOnly} fullWidth
          validate={[required(), minValue(1), maxValue(6000)]} min={1} max={6000} step={1} />
      </Row>

      <Typography variant="subtitle1" component="h3" sx={{ mt: 1 }}>PayTrace credentials</Typography>
      {sandbox && (
        <Alert severity="info" sx={{ mb: 2, width: '100%', boxSizing: 'border-box' }}>
          This is Settle's built-in PayTrace sandbox: its credentials are managed for you.
        </Alert>
      )}
      <TextInput size="small" source="baseUrl" label="Base URL" fullWidth readOnly={readOnly || record.environment !== 'custom'}
        validate={record.environment === 'custom' ? required() : undefined} />
      <Row>
        <TextInput size="small" source="username" label="API username" autoComplete="off" fullWidth readOnly={readOnly || sandbox}
          validate={required()} />
        <TextInput size="small" source="integratorId" label="Integrator ID" fullWidth readOnly={readOnly || sandbox} validate={required()} />
      </Row>
      {sandbox || readOnly
        ? <TextInput size="small" source="passwordHint" label="Password" fullWidth readOnly helperText="Stored encrypted; only a hint is shown" />
        : <PasswordInput source="password" label="New password" autoComplete="new-password" fullWidth
            helperText={`Current password: ${record.passwordHint}. Leave empty to keep it.`} />}
    </SimpleForm>
  );
};
