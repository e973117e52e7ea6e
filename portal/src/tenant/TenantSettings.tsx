import { BooleanInput, Edit, SaveButton, SimpleForm, TextInput, Toolbar, regex, required, useGetIdentity, useNotify, usePermissions } from 'react-admin';
import { isAdminRole } from '../authProvider';
import { TimeZoneList, validTimeZone } from '../timeZones';

const currencies = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : [];

/** /settings: the current tenant (singleton resource "tenant"), saved with updateTenant. */
export const TenantSettings = () => {
  const { permissions } = usePermissions();
  const { identity, refetch } = useGetIdentity(); // the app bar shows the tenant name
  const notify = useNotify();
  const readOnly = !isAdminRole(permissions);
  if (!identity?.tenantId) return null;
  return (
    <Edit resource="tenant" id={identity.tenantId} title="Settings" actions={false} redirect={false}
      mutationMode="pessimistic" mutationOptions={{ onSuccess: () => { notify('Settings saved', { type: 'success' }); refetch(); } }}>
      <SimpleForm toolbar={readOnly ? false : <Toolbar><SaveButton /></Toolbar>} sx={{ maxWidth: 480 }}>
        <TextInput source="name" label="Company name" validate={required()} readOnly={readOnly} fullWidth />
        <TextInput source="timeZone" label="Time zone" validate={[required(), validTimeZone]} readOnly={readOnly} fullWidth
          helperText="IANA name, e.g. America/New_York" slotProps={{ htmlInput: { list: 'settle-time-zones' } }} />
        <TextInput source="baseCurrency" label="Base currency" readOnly={readOnly} fullWidth
          validate={[required(), regex(/^[A-Z]{3}$/, 'Three-letter ISO 4217 code, e.g. USD')]}
          parse={(v: string) => v.toUpperCase()} helperText="ISO 4217 code, e.g. USD"
          slotProps={{ htmlInput: { list: 'settle-currencies', maxLength: 3 } }} />
        <BooleanInput source="prodPromotionNeedsApproval" label="A promotion to prod waits for a second owner or admin" readOnly={readOnly}
          helperText="Flows: whoever asks for a production deployment cannot approve it." />
        <BooleanInput source="suggestionsMaySendSamples" label="The mapping re-ranker may see sample values" readOnly={readOnly}
          helperText="Only where the operator set up a re-ranker. Off: it sees names, paths, formats and Sage Pro field descriptions, never values." />
        <TimeZoneList id="settle-time-zones" />
        <datalist id="settle-currencies">{currencies.map(c => <option key={c} value={c} />)}</datalist>
      </SimpleForm>
    </Edit>
  );
};
