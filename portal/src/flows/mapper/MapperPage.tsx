import { useEffect, useMemo, useState } from 'react';
import { Alert, Box, Button, CircularProgress, Link as MuiLink, Slider, Stack, TextField, Typography, useMediaQuery } from '@mui/material';
import { Title, useNotify, usePermissions } from 'react-admin';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { isAdminRole } from '../../authProvider';
import { ApiError } from '../../graphql';
import { describeError, type FlowSample, getFlow, saveDraft } from '../api';
import { useLoad } from '../useLoad';
import { type FieldMappings, KIND_RECORDS, type SourceLeaf, mappingSources, mappingSuggestions, mappingTargets, RECORD_TITLES, recordDecision, type TargetRecord } from './api';
import { MapperPreview } from './MapperPreview';
import { acceptable, countMapped, fieldFlags, fits, isRecord, mappingsOf, percent, withMappings, withRule } from './model';
import { exampleOf, SamplePicker } from './SamplePicker';
import { SourceTree } from './SourceTree';
import { TargetFieldRow } from './TargetFieldRow';

/** The array a per-line record's rules walk ('line_items[]' of 'line_items[].sku'), if any. */
const arrayOfRules = (fields: Record<string, { kind: string; path?: string }>) =>
  Object.values(fields).map(rule => rule.path?.match(/^(.*?\[\])/)?.[1]).find(Boolean);

type Saving = { busy: boolean; conflict: boolean; error: string | null };

/**
 * /flows/:id/mapper?record=…: the field mapper of the draft's transform step. Left, the sample's
 * source tree; right, the Sage Pro fields of one record with their rules, values on the sample and
 * suggestions. Edits collect here and are saved into the draft against its revision, like the canvas.
 */
export const MapperPage = () => {
  const { id = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const notify = useNotify();
  const { permissions } = usePermissions();
  const phone = useMediaQuery('(max-width:600px)');
  const readOnly = !isAdminRole(permissions) || phone;
  const flowLoad = useLoad(() => getFlow(id), id);
  const flow = flowLoad.data;
  const records = flow ? KIND_RECORDS[flow.kind] ?? [] : [];
  const asked = search.get('record') ?? '';
  const record: TargetRecord | null = isRecord(asked, records) ? asked : records[0] ?? null;

  const [sample, setSample] = useState<FlowSample>(() => exampleOf('payment_sync', 'approved'));
  const sampleKey = JSON.stringify(sample);
  const sources = useLoad(() => mappingSources(id, sample), `${id} ${sampleKey}`);
  const targets = useLoad(() => (record ? mappingTargets(record) : Promise.resolve(null)), record ?? '');

  const saved = useMemo(() => (flow ? mappingsOf(flow.draft.definition) : {}), [flow]);
  const [mappings, setMappings] = useState<FieldMappings>({});
  const dirty = JSON.stringify(mappings) !== JSON.stringify(saved);
  // Rows start again (each in its rule's mode) after an undo or with a saved or reloaded draft.
  const [generation, setGeneration] = useState(0);
  // A saved or reloaded draft replaces what the mapper shows.
  useEffect(() => { setMappings(saved); setGeneration(n => n + 1); }, [saved]);
  const [threshold, setThreshold] = useState(0.8);
  const [rejected, setRejected] = useState<Set<string>>(new Set());
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [picked, setPicked] = useState<string | null>(null);
  const [linesFrom, setLinesFrom] = useState<string | null>(null);
  // Suggested again when a person picks another array for the rows: its leaves are the line's own.
  const suggestions = useLoad(() => (record ? mappingSuggestions(id, record, sample, linesFrom) : Promise.resolve(null)), `${id} ${record} ${sampleKey} ${linesFrom ?? ''}`);
  const [saving, setSaving] = useState<Saving>({ busy: false, conflict: false, error: null });
  useEffect(() => { setErrors({}); setPicked(null); setLinesFrom(null); }, [record]);
  // Another sample has arrays of its own.
  useEffect(() => setLinesFrom(null), [sampleKey]);

  if (flowLoad.error && !flow) return <Alert severity="error" sx={{ mt: 2 }}>Could not read the flow: {describeError(flowLoad.error)}</Alert>;
  if (!flow || !record) return <CircularProgress size={24} sx={{ mt: 2 }} aria-label="Loading the mapper" />;

  const format = sources.data?.format ?? suggestions.data?.format ?? 'pasted-json';
  const perLine = targets.data?.perLine ?? false;
  const fields = mappings[record] ?? {};
  const leaves = sources.data?.leaves ?? [];
  const arrays = sources.data?.arrays ?? [];
  const rowsFrom = linesFrom ?? arrayOfRules(fields) ?? sources.data?.linesPath ?? arrays[0]?.path ?? null;
  const usable = (leaf: SourceLeaf) => fits(leaf, perLine, rowsFrom);
  const offered = leaves.filter(usable);
  const flags = targets.data ? fieldFlags(targets.data.fields, fields, errors) : [];
  const suggestionOf = (field: string) => suggestions.data?.fields.find(s => s.field === field);

  const setRule = (field: string, rule: Parameters<typeof withRule>[3]) => setMappings(m => withRule(m, record, field, rule));
  const decide = (field: string, path: string, decision: 'ACCEPTED' | 'REJECTED') =>
    recordDecision({ flowId: flow.id, record, field, path, decision, format }).catch(error => notify(`The ${decision.toLowerCase()} suggestion was not recorded: ${describeError(error)}`, { type: 'warning' }));
  const accept = (field: string, path: string) => { setRule(field, { kind: 'path', path }); void decide(field, path, 'ACCEPTED'); };
  const reject = (field: string, path: string) => { setRejected(r => new Set(r).add(`${record}.${field}:${path}`)); void decide(field, path, 'REJECTED'); };
  const acceptAll = () => {
    // A suggestion rejected here stays rejected: "accept all" does not bring it back.
    const taken = acceptable(suggestions.data?.fields ?? [], fields, threshold).filter(t => !rejected.has(`${record}.${t.field}:${t.path}`));
    if (!taken.length) { notify(`No suggestion at or above ${percent(threshold)} is left to accept`, { type: 'info' }); return; }
    setMappings(m => taken.reduce((next, t) => withRule(next, record, t.field, { kind: 'path', path: t.path }), m));
    taken.forEach(t => void decide(t.field, t.path, 'ACCEPTED'));
    notify(`Accepted ${taken.length} suggestion${taken.length > 1 ? 's' : ''}: ${taken.map(t => t.field).join(', ')}`, { type: 'success' });
  };
  const drop = (field: string, path: string) => {
    const leaf = leaves.find(l => l.path === path);
    if (leaf && !usable(leaf)) {
      notify(perLine ? `${path} is in another array than the rows' (${rowsFrom})` : `${path} is inside an array: only a per-line record (sales_order_line) maps it`, { type: 'warning' });
      return;
    }
    setRule(field, { kind: 'path', path });
    setPicked(null);
  };

  async function save() {
    setSaving({ busy: true, conflict: false, error: null });
    try {
      const draft = await saveDraft(flow!.id, withMappings(flow!.draft.definition, mappings), flow!.draft.revision);
      setSaving({ busy: false, conflict: false, error: null });
      notify(`Mappings saved (revision ${draft.revision}${draft.problems.length ? `, ${draft.problems.length} problem${draft.problems.length > 1 ? 's' : ''} to fix` : ''})`, { type: 'success' });
      flowLoad.reload();
    } catch (error) {
      const conflict = error instanceof ApiError && error.code === 'CONFLICT';
      setSaving({ busy: false, conflict, error: conflict ? null : describeError(error) });
    }
  }

  return (
    <Stack spacing={2} sx={{ mt: 2, mb: 3 }} data-testid="field-mapper">
      <Title title={`Field mapper: ${flow.name}`} />
      <Box>
        <MuiLink component={Link} to={`/flows/${flow.id}`}>← Back to the canvas</MuiLink>
        <Typography variant="h5" component="h1" sx={{ mt: 1 }}>Field mapper: {flow.name}</Typography>
        <Typography variant="body2" color="text.secondary">
          Draft revision {flow.draft.revision}, transform step · {countMapped(mappings)} field{countMapped(mappings) === 1 ? '' : 's'} mapped in all records
          {readOnly ? (phone && isAdminRole(permissions) ? ' · Read only on a phone: map fields on a wider screen.' : ' · Read only: an owner or admin edits flows.') : ''}
        </Typography>
      </Box>

      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ alignItems: { md: 'flex-start' } }}>
        <TextField select size="small" label="Target record" value={record} sx={{ minWidth: 260 }}
          slotProps={{ select: { native: true }, inputLabel: { shrink: true }, htmlInput: { 'aria-label': 'Target record' } }}
          onChange={e => setSearch({ record: e.target.value }, { replace: true })}>
          {records.map(r => <option key={r} value={r}>{RECORD_TITLES[r]}</option>)}
        </TextField>
        <SamplePicker flowId={flow.id} kind={flow.kind} onSample={next => { setSample(next); setRejected(new Set()); }} />
      </Stack>

      {saving.conflict && (
        <Alert severity="warning" data-testid="mapper-conflict"
          action={<Button size="small" onClick={() => { setSaving(s => ({ ...s, conflict: false })); flowLoad.reload(); }}>Reload</Button>}>
          Someone saved the draft since you opened it: your mapping changes were not saved. Reload to see their draft (your unsaved changes are lost), then map again.
        </Alert>
      )}
      {saving.error && <Alert severity="error" onClose={() => setSaving(s => ({ ...s, error: null }))}>{saving.error}</Alert>}
      {(flags.length > 0 || flow.draft.problems.length > 0) && (
        <Alert severity="error" data-testid="mapper-flags">
          <strong>Before publishing</strong>
          <Box component="ul" sx={{ m: 0, pl: 2 }}>
            {flags.map(f => <li key={f.field + f.message}><code>{record}.{f.field}</code>: {f.message}</li>)}
            {flow.draft.problems.map(p => <li key={p.path + p.message}><code>{p.path}</code>: {p.message}</li>)}
          </Box>
        </Alert>
      )}

      {!readOnly && (
        <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <Button variant="contained" disabled={!dirty || saving.busy} onClick={save}>Save mappings</Button>
          {dirty && <Button disabled={saving.busy} onClick={() => { setMappings(saved); setGeneration(n => n + 1); }}>Undo changes</Button>}
          {dirty && <Typography variant="body2" color="warning.main" data-testid="mapper-dirty">Unsaved changes</Typography>}
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, minWidth: 320 }}>
            <Typography variant="body2" id="threshold-label" sx={{ whiteSpace: 'nowrap' }}>Threshold {percent(threshold)}</Typography>
            <Slider size="small" min={0.5} max={1} step={0.05} value={threshold} sx={{ width: 120 }} aria-labelledby="threshold-label"
              onChange={(_, value) => setThreshold(value as number)} />
            <Button variant="outlined" size="small" disabled={!suggestions.data} onClick={acceptAll}>Accept all above {percent(threshold)}</Button>
          </Box>
        </Stack>
      )}

      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'minmax(280px, 5fr) 7fr' }, gap: 2, alignItems: 'start' }}>
        <Box component="section" aria-labelledby="sources-title" sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 1.5, position: { md: 'sticky' }, top: { md: 72 }, maxHeight: { md: 'calc(100vh - 96px)' }, overflowY: 'auto' }}>
          <Typography id="sources-title" variant="subtitle1" component="h2">Source: {format}</Typography>
          <Typography variant="caption" color="text.secondary" component="p" sx={{ mb: 1 }}>
            {readOnly ? 'Each value with its format and samples.' : 'Drag a value onto a field, or Tab to it and press Enter to pick it, then "Map … here" on the field.'}
          </Typography>
          {sources.error ? <Alert severity="error">Could not read the sample: {describeError(sources.error)}</Alert> : null}
          {sources.loading && !sources.data ? <CircularProgress size={20} aria-label="Reading the sample" /> : null}
          {sources.data && <SourceTree key={sampleKey} leaves={leaves} usable={usable} readOnly={readOnly} picked={picked} onPick={setPicked} />}
        </Box>

        <Box component="section" aria-labelledby="targets-title" sx={{ minWidth: 0 }}>
          <Typography id="targets-title" variant="subtitle1" component="h2">Target: {RECORD_TITLES[record]}</Typography>
          {targets.data && <Typography variant="body2" color="text.secondary">{targets.data.description}</Typography>}
          {perLine && (
            <Box data-testid="lines-from" sx={{ my: 1, p: 1, bgcolor: 'action.hover', borderRadius: 1 }}>
              {arrays.length === 0 ? <Typography variant="body2">The sample has no array of lines: a per-line record needs one (order lines).</Typography> : (
                <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                  <Typography variant="body2">One row per element of</Typography>
                  <TextField select size="small" value={rowsFrom ?? ''} disabled={readOnly}
                    slotProps={{ select: { native: true }, htmlInput: { 'aria-label': 'Rows come from' } }} onChange={e => setLinesFrom(e.target.value)}>
                    {arrays.map(a => <option key={a.path} value={a.path}>{a.path} ({a.elements} in the sample)</option>)}
                  </TextField>
                  <Typography variant="body2" color="text.secondary">its values (<code>{rowsFrom}.sku</code>, …) map per line; others read the whole order.</Typography>
                </Stack>
              )}
            </Box>
          )}
          {targets.error ? <Alert severity="error">{describeError(targets.error)}</Alert> : null}
          {suggestions.error ? <Alert severity="warning">No suggestions: {describeError(suggestions.error)}</Alert> : null}
          <Box component="ul" sx={{ p: 0, m: 0, mt: 1 }} data-testid="target-fields">
            {[...(targets.data?.fields ?? [])].sort((a, b) => Number(!!a.settleOwns) - Number(!!b.settleOwns)).map(field => (
              <TargetFieldRow key={`${record}.${field.name}.${generation}`} flowId={flow.id} record={record} field={field} rule={fields[field.name]}
                suggestion={suggestionOf(field.name)} rejected={rejected.has(`${record}.${field.name}:${suggestionOf(field.name)?.suggestion?.path}`)}
                sample={sample} leaves={offered} picked={picked} readOnly={readOnly}
                onRule={rule => setRule(field.name, rule)} onAccept={path => accept(field.name, path)} onReject={path => reject(field.name, path)}
                onDropPath={path => drop(field.name, path)} onError={message => setErrors(e => (e[field.name] === message ? e : { ...e, [field.name]: message }))} />
            ))}
          </Box>
        </Box>
      </Box>

      <Box component="section" aria-labelledby="preview-title" sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 1.5 }}>
        <Typography id="preview-title" variant="subtitle1" component="h2">Preview</Typography>
        <MapperPreview flowId={flow.id} sample={sample} dirty={dirty} />
      </Box>
    </Stack>
  );
};
