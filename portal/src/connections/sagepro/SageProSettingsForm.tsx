import { Alert, TextField, Typography } from '@mui/material';
import {
  NumberInput, PasswordInput, SaveButton, SimpleForm, TextInput, Toolbar, maxValue, minValue, required,
  useInput, useNotify, useRedirect,
} from 'react-admin';
import { HeldEventsDeleteButton } from '../../integrations/HeldEventsDelete';
import { Row, helperTextRoom } from '../Row';
import { CheckboxInput } from './CheckboxInput';
import type { SageProConnection } from './types';

const SettingsToolbar = ({ record }: { record: SageProConnection }) => {
  const notify = useNotify();
  const redirect = useRedirect();
  const deleted = () => {
    notify(`Connection “${record.name}” deleted`, { type: 'success' });
    redirect('/connections');
  };
  return (
    <Toolbar sx={{ justifyContent: 'space-between' }}>
      <SaveButton />
      <HeldEventsDeleteButton mutation="deleteSageProConnection" id={record.id} onDeleted={deleted}
        title={`Delete the connection “${record.name}”?`}
        content={record.edition === 'sandbox'
          ? 'Settle stops writing to this sandbox company. The sandbox company itself is not changed.'
          : 'Settle stops writing to this Sage Pro company and forgets its SQL Server password. Sage Pro itself is not changed.'} />
    </Toolbar>
  );
};

const TRUST_CHOICES = [
  { id: '', name: 'Keep the current setting' },
  { id: 'no', name: 'Verify the certificate' },
  { id: 'yes', name: 'Trust it without verifying (self-signed)' },
];

/**
 * The API does not return trustServerCertificate, so its current value cannot be shown: the choice is
 * "keep" (the default, not sent), or set it either way. A native <select>, like RoleInput.
 */
const TrustCertificateInput = () => {
  const { field, id } = useInput({ source: 'trustServerCertificate', defaultValue: '' });
  return (
    <TextField select {...field} value={field.value ?? ''} id={id} label="Server certificate" size="small" fullWidth
      helperText="Settle does not show the current setting; pick one to change it."
      slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}>
      {TRUST_CHOICES.map(c => <option key={c.id} value={c.id}>{c.name}</option>)}
    </TextField>
  );
};

/**
 * Name for every connection; for a SQL Server company also where and how to sign in (admins edit).
 * The sandbox's details are managed by Settle. Saved through dataProvider.update, which sends only the
 * changed fields; an empty password keeps the stored one. The company ID is fixed once connected.
 */
export const SageProSettingsForm = ({ record, canEdit }: { record: SageProConnection; canEdit: boolean }) => {
  const readOnly = !canEdit;
  const sandbox = record.edition === 'sandbox';
  return (
    <SimpleForm toolbar={canEdit ? <SettingsToolbar record={record} /> : false} sx={helperTextRoom}>
      <Row>
        <TextInput size="small" source="name" label="Name" validate={required()} readOnly={readOnly} fullWidth />
        <TextInput size="small" source="companyId" label="Company ID" readOnly fullWidth sx={{ maxWidth: { sm: 160 } }}
          helperText="Cannot be changed" />
      </Row>
      <Typography variant="subtitle1" component="h3" sx={{ mt: 1, mb: 1.5 }}>SQL Server</Typography>
      {sandbox
        ? (
          <Alert severity="info" sx={{ mb: 2, width: '100%', boxSizing: 'border-box' }}>
            This is company {record.companyId} of Settle's built-in Sage Pro sandbox: there is no server to set up.
            Its tables are shown below, read-only.
          </Alert>
        )
        : <>
          <Row>
            <TextInput size="small" source="host" label="Host" fullWidth readOnly={readOnly} validate={required()} />
            <NumberInput source="port" label="Port" fullWidth readOnly={readOnly} sx={{ maxWidth: { sm: 160 } }}
              validate={[required(), minValue(1), maxValue(65535)]} min={1} max={65535} step={1} />
          </Row>
          <Row>
            <TextInput size="small" source="companyDatabase" label="Company database" fullWidth readOnly={readOnly} validate={required()} />
            <TextInput size="small" source="systemDatabase" label="System database" fullWidth readOnly={readOnly} validate={required()} />
          </Row>
          <Row>
            <TextInput size="small" source="user" label="User" autoComplete="off" fullWidth readOnly={readOnly} validate={required()} />
            {readOnly
              ? <TextInput size="small" source="passwordHint" label="Password" fullWidth readOnly helperText="Stored encrypted; only a hint is shown" />
              : <PasswordInput source="password" label="New password" autoComplete="new-password" fullWidth
                  helperText={`Current password: ${record.passwordHint}. Leave empty to keep it.`} />}
          </Row>
          <CheckboxInput source="encrypt" label="Encrypt the connection (TLS)" readOnly={readOnly} />
          {!readOnly && <TrustCertificateInput />}
        </>}
    </SimpleForm>
  );
};
