import {
  BooleanInput, NumberInput, ReferenceInput, SelectInput, TextInput, maxValue, minValue, regex, required,
} from 'react-admin';
import { Row } from '../connections/Row';
import { REFERENCE_FIELD_CHOICES, UNMATCHED_POLICY_CHOICES } from './choices';

const location = regex(/^\s*[A-Za-z0-9_-]{1,6}\s*$/, 'A Sage Pro location id, up to 6 characters, e.g. MAIN');

/** The fields of an integration, for its create and edit forms. */
export const IntegrationInputs = ({ readOnly = false }: { readOnly?: boolean }) => (
  <>
    <TextInput source="name" label="Name" validate={required()} readOnly={readOnly} fullWidth />
    <Row>
      <ReferenceInput source="payTraceConnectionId" reference="connections">
        <SelectInput label="PayTrace connection" optionText="name" emptyText="Not paired yet" readOnly={readOnly} fullWidth
          helperText="Where payments come from; an account feeds one integration only" />
      </ReferenceInput>
      <ReferenceInput source="sageProConnectionId" reference="sageProConnections">
        <SelectInput label="Sage Pro connection" optionText="name" validate={required()} readOnly={readOnly} fullWidth
          helperText="The company payments are posted to" />
      </ReferenceInput>
    </Row>
    <Row>
      <SelectInput source="referenceField" label="Reference field" choices={REFERENCE_FIELD_CHOICES} validate={required()}
        readOnly={readOnly} fullWidth helperText="The PayTrace field carrying the invoice or order number" />
      <SelectInput source="unmatchedPolicy" label="Unmatched payments" choices={UNMATCHED_POLICY_CHOICES} validate={required()}
        readOnly={readOnly} fullWidth helperText="When no open invoice matches" />
    </Row>
    <Row>
      <NumberInput source="matchWindowDays" label="Match window (days)" validate={[required(), minValue(0), maxValue(90)]}
        min={0} max={90} step={1} readOnly={readOnly} fullWidth
        helperText="Days either side of a payment for the customer + amount fallback" />
      <TextInput source="orderLocation" label="Order location" validate={[required(), location]} readOnly={readOnly} fullWidth
        helperText="Stock location of the sales orders Settle creates" />
    </Row>
    <BooleanInput source="enabled" label="Enabled" readOnly={readOnly}
      helperText="Off pauses it: its payments wait (nothing is lost) and are posted in order when it is turned on again" />
  </>
);

export const INTEGRATION_DEFAULTS = { referenceField: 'invoice_id', unmatchedPolicy: 'manual_review', matchWindowDays: 7, orderLocation: 'MAIN', enabled: true };
