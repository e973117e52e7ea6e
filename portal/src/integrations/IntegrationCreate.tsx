import { Create, SimpleForm } from 'react-admin';
import { helperTextRoom } from '../connections/Row';
import { INTEGRATION_DEFAULTS, IntegrationInputs } from './IntegrationInputs';

/** /integrations/create (admins); BAD_USER_INPUT (e.g. a PayTrace account already paired) shows on its field. */
export const IntegrationCreate = () => (
  <Create title="New integration" redirect="edit" sx={{ maxWidth: 820 }}>
    <SimpleForm defaultValues={INTEGRATION_DEFAULTS} sx={helperTextRoom}>
      <IntegrationInputs />
    </SimpleForm>
  </Create>
);
