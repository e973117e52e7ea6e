import { Alert, Box, Button, Card, CardContent, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { Link } from 'react-router-dom';
import {
  Form, FormDataConsumer, NumberInput, PasswordInput, TextInput, Title, maxValue, minValue, required,
  useCreate, useNotify, usePermissions, useRedirect,
} from 'react-admin';
import { isAdminRole } from '../authProvider';
import { toSubmissionErrors } from '../formErrors';
import { TimeZoneList, validTimeZone } from '../timeZones';
import { Row, helperTextRoom } from './Row';
import { EnvironmentInput } from './environments';

const FIELDS = [
  'environment', 'name', 'baseUrl', 'username', 'password', 'integratorId', 'timeZone', 'pollIntervalSeconds', 'rateLimitPerMinute',
] as const;

const DEFAULTS = { environment: 'production', timeZone: 'America/Los_Angeles', pollIntervalSeconds: 30, rateLimitPerMinute: 60 };

const httpUrl = (value: string) => (!value || /^https?:\/\/\S+$/i.test(value.trim()) ? undefined : 'An http(s) URL, e.g. https://paytrace.example.com');

/** /connections/create: a production or custom PayTrace account (the sandbox is one click on the list). */
export const ConnectionCreate = () => {
  const { permissions, isPending: loadingPermissions } = usePermissions();
  const [create, { isPending }] = useCreate();
  const notify = useNotify();
  const redirect = useRedirect();

  const submit = async (data: Record<string, unknown>) => {
    try {
      const created = await create('connections', { data }, { returnPromise: true });
      notify('PayTrace account added', { type: 'success' });
      redirect('edit', 'connections', created.id);
    } catch (e) {
      const { errors, message } = toSubmissionErrors(e, FIELDS);
      if (message) notify(message, { type: 'error' });
      return errors;
    }
  };

  return (
    <Card sx={{ mt: 2, maxWidth: 640 }}>
      <Title title="Add PayTrace account" />
      <CardContent sx={helperTextRoom}>
        <Typography variant="h6" component="h2" gutterBottom>Add PayTrace account</Typography>
        {!loadingPermissions && !isAdminRole(permissions)
          ? <Alert severity="info">Only owners and admins can add PayTrace accounts.</Alert>
          : (
            <Form onSubmit={submit} noValidate defaultValues={DEFAULTS}>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
                The API user's credentials from PayTrace. The password is stored encrypted and never shown again.
              </Typography>
              <EnvironmentInput />
              <FormDataConsumer>
                {({ formData }) => formData.environment === 'custom' && (
                  <TextInput size="small" source="baseUrl" label="Base URL" fullWidth validate={[required(), httpUrl]}
                    helperText="The PayTrace API root, e.g. https://paytrace.example.com" />
                )}
              </FormDataConsumer>
              <TextInput size="small" source="name" label="Name" fullWidth helperText="Shown in Settle; defaults to “PayTrace”" />
              <Row>
                <TextInput size="small" source="username" label="API username" autoComplete="off" fullWidth validate={required()} />
                <PasswordInput source="password" label="API password" autoComplete="new-password" fullWidth validate={required()} />
              </Row>
              <TextInput size="small" source="integratorId" label="Integrator ID" fullWidth validate={required()}
                helperText="From your PayTrace integration settings" />
              <TextInput size="small" source="timeZone" label="Time zone" fullWidth validate={[required(), validTimeZone]}
                helperText="The PayTrace account's time zone (its timestamps carry none)"
                slotProps={{ htmlInput: { list: 'connection-time-zones' } }} />
              <TimeZoneList id="connection-time-zones" />
              <Row>
                <NumberInput source="pollIntervalSeconds" label="Poll interval (seconds)" fullWidth
                  validate={[required(), minValue(5), maxValue(3600)]} min={5} max={3600} step={1} />
                <NumberInput source="rateLimitPerMinute" label="Rate limit (requests/minute)" fullWidth
                  validate={[required(), minValue(1), maxValue(6000)]} min={1} max={6000} step={1} />
              </Row>
              <Box sx={{ display: 'flex', gap: 1, mt: 1 }}>
                <Button type="submit" variant="contained" startIcon={<AddIcon />} disabled={isPending}>Add PayTrace account</Button>
                <Button component={Link} to="/connections">Cancel</Button>
              </Box>
            </Form>
          )}
      </CardContent>
    </Card>
  );
};
