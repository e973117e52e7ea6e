import { Alert, Box, Button, Card, CardContent, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { Link } from 'react-router-dom';
import {
  Form, NumberInput, PasswordInput, TextInput, Title, maxValue, minValue, regex, required,
  useCreate, useNotify, usePermissions, useRedirect,
} from 'react-admin';
import { isAdminRole } from '../../authProvider';
import { toSubmissionErrors } from '../../formErrors';
import { Row, helperTextRoom } from '../Row';
import { CheckboxInput } from './CheckboxInput';
import { SAGEPRO_RESOURCE, sageProPath } from './types';

const FIELDS = [
  'name', 'companyId', 'host', 'port', 'companyDatabase', 'systemDatabase', 'user', 'password', 'encrypt', 'trustServerCertificate',
] as const;

const DEFAULTS = {
  edition: 'sqlserver', companyId: '01', port: 1433, companyDatabase: 'PRO01', systemDatabase: 'PROSYS',
  encrypt: true, trustServerCertificate: false,
};

const validCompanyId = regex(/^\s*\d{1,2}\s*$/, 'One or two digits, e.g. 01');

/** /connections/sagepro/create: a SQL Server edition company (the sandbox is one click on the list). */
export const SageProConnectionCreate = () => {
  const { permissions, isPending: loadingPermissions } = usePermissions();
  const [create, { isPending }] = useCreate();
  const notify = useNotify();
  const redirect = useRedirect();

  const submit = async (data: Record<string, unknown>) => {
    try {
      const created = await create(SAGEPRO_RESOURCE, { data }, { returnPromise: true });
      notify('Sage Pro company added', { type: 'success' });
      redirect(sageProPath(created.id));
    } catch (e) {
      const { errors, message } = toSubmissionErrors(e, FIELDS);
      if (message) notify(message, { type: 'error' });
      return errors;
    }
  };

  return (
    <Card sx={{ mt: 2, maxWidth: 640 }}>
      <Title title="Add Sage Pro company" />
      <CardContent sx={helperTextRoom}>
        <Typography variant="h6" component="h2" gutterBottom>Add Sage Pro company</Typography>
        {!loadingPermissions && !isAdminRole(permissions)
          ? <Alert severity="info">Only owners and admins can add Sage Pro companies.</Alert>
          : (
            <Form onSubmit={submit} noValidate defaultValues={DEFAULTS}>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
                A Sage Pro ERP company, SQL Server edition. Settle signs in to SQL Server with this user to record
                receipts. The password is stored encrypted and never shown again.
              </Typography>
              <Row>
                <TextInput size="small" source="name" label="Name" fullWidth helperText="Shown in Settle; defaults to “Sage Pro”" />
                <TextInput size="small" source="companyId" label="Company ID" sx={{ maxWidth: { sm: 180 } }} fullWidth
                  validate={[required(), validCompanyId]} helperText="As in Sage Pro, e.g. 01" />
              </Row>
              <Row>
                <TextInput size="small" source="host" label="SQL Server host" fullWidth validate={required()}
                  helperText="Name or IP address, e.g. sql.example.com" />
                <NumberInput source="port" label="Port" sx={{ maxWidth: { sm: 180 } }} fullWidth
                  validate={[required(), minValue(1), maxValue(65535)]} min={1} max={65535} step={1} />
              </Row>
              <Row>
                <TextInput size="small" source="companyDatabase" label="Company database" fullWidth validate={required()}
                  helperText="PRO + company ID, e.g. PRO01" />
                <TextInput size="small" source="systemDatabase" label="System database" fullWidth validate={required()}
                  helperText="Usually PROSYS" />
              </Row>
              <Row>
                <TextInput size="small" source="user" label="SQL Server user" autoComplete="off" fullWidth validate={required()} />
                <PasswordInput source="password" label="Password" autoComplete="new-password" fullWidth validate={required()} />
              </Row>
              <CheckboxInput source="encrypt" label="Encrypt the connection (TLS)" helperText="Recommended; SQL Server must have TLS set up" />
              <CheckboxInput source="trustServerCertificate" label="Trust the server certificate"
                helperText="Skips verifying the certificate: only for a server with a self-signed certificate" />
              <Box sx={{ display: 'flex', gap: 1, mt: 1 }}>
                <Button type="submit" variant="contained" startIcon={<AddIcon />} disabled={isPending}>Add Sage Pro company</Button>
                <Button component={Link} to="/connections">Cancel</Button>
              </Box>
            </Form>
          )}
      </CardContent>
    </Card>
  );
};
