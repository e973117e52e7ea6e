/**
 * The settings of each step type, as the flow model has them (backend flow-definition.ts). A setting
 * left empty is left out of the step, so the pair's own setting applies, as the model intends.
 */
import type { ReactNode } from 'react';
import { Box, Button, Stack, Typography } from '@mui/material';
import { Link, useParams } from 'react-router-dom';
import { SAGE_STATUSES } from '../api';
import { BranchChecks, type FieldState, SelectSetting, TextSetting } from './fields';
import { GlRulesForm, type GlRuleValue } from './GlRulesForm';
import type { FieldMappings } from '../mapper/api';
import { countMapped } from '../mapper/model';

export type Config = Record<string, unknown>;
export interface FormProps {
  config: Config;
  /** Sets one key of the config; undefined leaves it out. */
  set: (key: string, value: unknown) => void;
  /** The state of a field named by its path under the step ('config.condition'). */
  at: (field: string) => FieldState;
  kind: string;
  kindTriggers: readonly string[];
  flowTriggers: string[];
}

const text = (value: unknown) => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));
const orUndefined = (value: string) => (value.trim() === '' ? undefined : value);

export const TriggerForm = ({ config, set, at, kindTriggers }: FormProps) => (
  <BranchChecks legend="Triggers the flow takes (each a branch)" name="config.triggers" options={kindTriggers}
    value={(config.triggers as string[] | undefined) ?? []} onChange={v => set('triggers', v)} state={at('config.triggers')} />
);

export const FilterForm = ({ config, set, at }: FormProps) => (
  <Stack spacing={2}>
    <TextSetting label="Condition (JSONata, true lets the event through)" name="config.condition" multiline value={text(config.condition)}
      onChange={v => set('condition', v)} state={at('config.condition')} hint="e.g. amount.minor >= 100" />
    <SelectSetting label="Otherwise" name="config.otherwise" value={text(config.otherwise) || 'ignore'} state={at('config.otherwise')}
      options={[['ignore', 'ignore the event'], ['review', 'hold it for a person to review']]} onChange={v => set('otherwise', v)} />
    <TextSetting label="Reason shown when it stops an event" name="config.reason" value={text(config.reason)} onChange={v => set('reason', v)} state={at('config.reason')} />
  </Stack>
);

interface Reference { source?: string; extract?: string; target?: string }
const TARGETS: [string, string][] = [['invoice_number', 'invoice number'], ['order_number', 'order number'], ['po_number', 'PO number']];

export const MatchForm = ({ config, set, at, kind }: FormProps) => {
  if (kind !== 'payment_sync') return <Typography variant="body2">An order's customer is found by its email: this step has no settings.</Typography>;
  const references = (config.references as Reference[] | undefined) ?? [];
  const setReference = (i: number, change: Reference) =>
    set('references', references.map((r, j) => (j === i ? Object.fromEntries(Object.entries({ ...r, ...change }).filter(([, v]) => v !== undefined)) : r)));
  const fallback = config.customerAmount as { windowDays: number; toleranceMinor: number } | null | undefined;
  const mode = fallback === undefined ? '' : fallback === null ? 'off' : 'custom';
  return (
    <Stack spacing={2}>
      <Typography variant="subtitle2">Reference rules (tried in order; none: the pair's reference field)</Typography>
      {references.map((reference, i) => (
        <Stack key={i} spacing={1} sx={{ pl: 1, borderLeft: 2, borderColor: 'divider' }}>
          <TextSetting label={`Rule ${i + 1}: read from`} name={`config.references[${i}].source`} value={text(reference.source)}
            onChange={v => setReference(i, { source: v })} state={at(`config.references[${i}].source`)} hint="documentNumber, fields.description, …" />
          <TextSetting label={`Rule ${i + 1}: extract (regular expression)`} name={`config.references[${i}].extract`} value={text(reference.extract)}
            onChange={v => setReference(i, { extract: orUndefined(v) })} state={at(`config.references[${i}].extract`)} hint="its first group is the reference, e.g. INV-(\d+)" />
          <SelectSetting label={`Rule ${i + 1}: look up as`} name={`config.references[${i}].target`} value={text(reference.target) || 'invoice_number'}
            options={TARGETS} onChange={v => setReference(i, { target: v })} state={at(`config.references[${i}].target`)} />
          {!at('').readOnly && <Box><Button size="small" onClick={() => set('references', references.length > 1 ? references.filter((_, j) => j !== i) : undefined)}>Remove rule {i + 1}</Button></Box>}
        </Stack>
      ))}
      {!at('').readOnly && references.length < 10 && (
        <Box><Button size="small" onClick={() => set('references', [...references, { source: 'documentNumber', target: 'invoice_number' }])}>Add a reference rule</Button></Box>
      )}
      <SelectSetting label="Customer + amount + date fallback" name="config.customerAmount" value={mode} state={at('config.customerAmount')}
        options={[['', "the pair's window"], ['off', 'off'], ['custom', 'this window and tolerance']]}
        onChange={v => set('customerAmount', v === '' ? undefined : v === 'off' ? null : { windowDays: 3, toleranceMinor: 0 })} />
      {fallback && (
        <Stack direction="row" spacing={1}>
          <TextSetting label="Window (days either side)" name="config.customerAmount.windowDays" value={String(fallback.windowDays)} state={at('config.customerAmount.windowDays')}
            onChange={v => set('customerAmount', { ...fallback, windowDays: Number.parseInt(v || '0', 10) || 0 })} />
          <TextSetting label="Tolerance (minor units)" name="config.customerAmount.toleranceMinor" value={String(fallback.toleranceMinor)} state={at('config.customerAmount.toleranceMinor')}
            onChange={v => set('customerAmount', { ...fallback, toleranceMinor: Number.parseInt(v || '0', 10) || 0 })} />
        </Stack>
      )}
      <SelectSetting label="No invoice found" name="config.unmatched" value={text(config.unmatched)} state={at('config.unmatched')}
        options={[['', "the pair's policy"], ['manual_review', 'manual review'], ['payment_on_account', 'payment on account']]} onChange={v => set('unmatched', orUndefined(v))} />
    </Stack>
  );
};

/** '' = left out (the connection's status), 'none' = no status (null). */
const STATUS_CHOICES: [string, string][] = [['', "default (the connection's)"], ['none', 'no status'], ...SAGE_STATUSES.map((s): [string, string] => [s, s.replace('_', ' ')])];

/** The transform step's GL rules, each a form of its own (GlRulesForm.tsx). */
const GlRulesSetting = ({ config, set, at, kindTriggers }: FormProps) => (
  <GlRulesForm rules={(config.glRules as GlRuleValue[] | undefined) ?? []} onChange={rules => set('glRules', rules)} at={at} branches={kindTriggers} />
);

/** The field mapper of this flow's transform step (a page of its own: the source tree and the fields need the width). */
const OpenMapper = ({ record }: { record: string }) => {
  const { id } = useParams();
  return id ? (
    <Box sx={{ mt: 0.5 }}>
      <Button size="small" variant="outlined" component={Link} to={`/flows/${id}/mapper?record=${record}`}>Open the field mapper</Button>
    </Box>
  ) : null;
};

export const TransformForm = (props: FormProps) => {
  const { config, set, at, kind } = props;
  const statusMap = (config.statusMap as Record<string, string | null> | undefined) ?? {};
  const setStatus = (trigger: string, choice: string) => {
    const { [trigger]: _old, ...rest } = statusMap;
    const next = choice === '' ? rest : { ...rest, [trigger]: choice === 'none' ? null : choice };
    set('statusMap', Object.keys(next).length ? next : undefined);
  };
  const mapped = countMapped((config.mappings as FieldMappings | undefined) ?? {});
  return (
    <Stack spacing={2}>
      {kind === 'payment_sync' && (
        <>
          <Typography variant="subtitle2">Status map: the Sage Pro status each branch writes</Typography>
          {props.kindTriggers.map(trigger => (
            <SelectSetting key={trigger} label={`${trigger.replace('_', ' ')} writes`} name={`config.statusMap.${trigger}`}
              value={trigger in statusMap ? statusMap[trigger] ?? 'none' : ''} options={STATUS_CHOICES}
              onChange={v => setStatus(trigger, v)} state={at(`config.statusMap.${trigger}`)} />
          ))}
          <GlRulesSetting {...props} />
          <SelectSetting label="Payment in another currency than the books'" name="config.currency" state={at('config.currency')}
            value={text((config.currency as { mode?: string } | undefined)?.mode)}
            options={[['', 'refuse (default)'], ['refuse', 'refuse'], ['convert', "convert at the tenant's rate of the day"]]}
            onChange={v => set('currency', v ? { mode: v } : undefined)} />
        </>
      )}
      <TextSetting label="Time zone of Sage Pro dates" name="config.timeZone" value={text(config.timeZone)} onChange={v => set('timeZone', orUndefined(v))}
        state={at('config.timeZone')} hint="IANA, e.g. America/Chicago; empty: the PayTrace connection's" />
      <Box data-field="config.mappings">
        <Typography variant="subtitle2">Field mappings</Typography>
        <Typography variant="body2" data-testid="mapping-count">{mapped === 0 ? "None: Settle's defaults" : `${mapped} field${mapped > 1 ? 's' : ''} mapped`}</Typography>
        {at('config.mappings').problems.map(p => <Typography key={p.path + p.message} variant="body2" color="error"><code>{p.path}</code>: {p.message}</Typography>)}
        <OpenMapper record={kind === 'order_to_cash' ? 'sales_order' : 'cash_receipt'} />
      </Box>
    </Stack>
  );
};

export const ValidateForm = () => (
  <Typography variant="body2">Checks every value against Sage Pro's field rules before anything is written. It has no settings.</Typography>
);

const TRI: [string, string][] = [['', "the connection's setting"], ['true', 'yes'], ['false', 'no']];
const tri = (value: unknown) => (value === true ? 'true' : value === false ? 'false' : '');
export const WriteForm = ({ config, set, at }: FormProps) => (
  <Stack spacing={2}>
    <SelectSetting label="Set the status on the sales order" name="config.statusOnOrder" value={tri(config.statusOnOrder)} options={TRI}
      onChange={v => set('statusOnOrder', v === '' ? undefined : v === 'true')} state={at('config.statusOnOrder')} />
    <SelectSetting label="Set the status on the invoice" name="config.statusOnInvoice" value={tri(config.statusOnInvoice)} options={TRI}
      onChange={v => set('statusOnInvoice', v === '' ? undefined : v === 'true')} state={at('config.statusOnInvoice')} />
  </Stack>
);

export const NotifyForm = ({ config, set, at, flowTriggers }: FormProps) => (
  <Stack spacing={2}>
    <BranchChecks legend="Alert on" name="config.triggers" options={flowTriggers} value={(config.triggers as string[] | undefined) ?? []}
      onChange={v => set('triggers', v)} state={at('config.triggers')} />
    <TextSetting label="Message" name="config.message" value={text(config.message)} onChange={v => set('message', orUndefined(v))} state={at('config.message')} />
  </Stack>
);

export const FORMS: Record<string, (props: FormProps) => ReactNode> = {
  trigger: TriggerForm, filter: FilterForm, match: MatchForm, transform: TransformForm, validate: ValidateForm, write: WriteForm, notify: NotifyForm,
};
