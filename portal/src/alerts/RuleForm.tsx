import { Box, Typography } from '@mui/material';
import {
  BooleanInput, Form, NumberInput, type RaRecord, SaveButton, maxValue, minValue, required, useDataProvider, useNotify, useRefresh,
} from 'react-admin';
import type { AlertRuleInput, SettleDataProvider } from '../data';
import { toSubmissionErrors } from '../formErrors';
import { ALERT_KINDS } from './kinds';

const NUMBERS = ['thresholdPercent', 'windowMinutes', 'waitMinutes'] as const;
const NEEDS: Record<string, readonly (typeof NUMBERS)[number][]> = {
  failure_rate: ['thresholdPercent', 'windowMinutes'],
  manual_review_waiting: ['waitMinutes'],
};
const LABELS = { thresholdPercent: 'Failed more than (%)', windowMinutes: 'In the last (minutes)', waitMinutes: 'Open longer than (minutes)' };
const LIMITS = { thresholdPercent: 100, windowMinutes: 1440, waitMinutes: 10080 };

/** One kind's rule: on/off, and its thresholds for failure_rate and manual_review_waiting (upsertAlertRule). */
export const RuleForm = ({ kind, rule, canEdit }: { kind: (typeof ALERT_KINDS)[number]; rule?: RaRecord; canEdit: boolean }) => {
  const dataProvider = useDataProvider<SettleDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const needs = NEEDS[kind.id] ?? [];
  const defaults = {
    enabled: rule?.enabled ?? false,
    thresholdPercent: rule?.thresholdPercent ?? 20, windowMinutes: rule?.windowMinutes ?? 15, waitMinutes: rule?.waitMinutes ?? 60,
  };

  const submit = async (data: Record<string, unknown>) => {
    const input: AlertRuleInput = { kind: kind.id, enabled: data.enabled === true };
    for (const f of needs) input[f] = Number(data[f]);
    try {
      await dataProvider.upsertAlertRule(input);
      notify(`${kind.name} rule saved`, { type: 'success' });
      refresh();
    } catch (e) {
      const { errors, message } = toSubmissionErrors(e, needs);
      if (message) notify(message, { type: 'error' });
      return errors;
    }
  };

  return (
    <Form key={JSON.stringify(rule ?? kind.id)} onSubmit={submit} noValidate defaultValues={defaults}>
      <Box component="fieldset" aria-label={`${kind.name} rule`} disabled={!canEdit} sx={{
        border: 0, m: 0, px: 2, py: 1.5, display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap',
        borderBottom: 1, borderColor: 'divider',
      }}>
        <Box sx={{ flex: '1 1 260px' }}>
          <Typography variant="subtitle1" component="h3">{kind.name}</Typography>
          <Typography variant="body2" color="text.secondary">{rule ? kind.description : `${kind.description} Not set up yet.`}</Typography>
        </Box>
        {needs.map(f => (
          <NumberInput key={f} source={f} label={LABELS[f]} validate={[required(), minValue(1), maxValue(LIMITS[f])]}
            min={1} max={LIMITS[f]} step={1} sx={{ width: 230, m: 0 }} helperText={false} />
        ))}
        <BooleanInput source="enabled" label="Enabled" helperText={false} sx={{ m: 0 }} />
        {canEdit && <SaveButton label="Save" variant="outlined" size="small" alwaysEnable={!rule} />}
      </Box>
    </Form>
  );
};
