import { useEffect, useState } from 'react';
import { Autocomplete, Box, Button, Chip, Stack, TextField, Typography } from '@mui/material';
import type { FlowSample } from '../api';
import { describeError } from '../api';
import { evaluateRule, type FieldSuggestion, type MappingRule, type RuleEvaluation, type SourceLeaf, type TargetField, type TargetRecord } from './api';
import { ExpressionEditor } from './ExpressionEditor';
import { percent, ruleText, valueText } from './model';
import { PATH_TYPE } from './SourceTree';

/** A drag that carries a source path (ours, or its plain-text copy: some drags keep only that). */
const draggedPath = (data: DataTransfer) => data.types.includes(PATH_TYPE) || data.types.includes('text/plain');

type Mode = 'default' | 'path' | 'expression' | 'constant' | 'lookup';
const MODES: [Mode, string][] = [['default', "Settle's default"], ['path', 'Source field'], ['expression', 'JSONata expression'], ['constant', 'Constant']];
const EVALUATE_AFTER_MS = 350;

/** The rule a mode starts with, carrying over what the field had (a path is a JSONata expression too). */
function ruleFor(mode: Mode, rule: MappingRule | undefined): MappingRule | undefined {
  if (mode === 'expression') return rule && rule.kind !== 'expression' && rule.kind !== 'lookup' ? { kind: 'expression', expression: rule.kind === 'path' ? rule.path : JSON.stringify(rule.value) } : rule;
  if (mode === 'constant') return { kind: 'constant', value: rule?.kind === 'constant' ? rule.value : '' };
  return undefined; // a source field is set when one is picked
}

/** The field's rule evaluated on the sample, after the typing stops. */
function useEvaluation(flowId: string, record: TargetRecord, field: string, rule: MappingRule | undefined, sample: FlowSample) {
  const [evaluation, setEvaluation] = useState<RuleEvaluation | null>(null);
  const ruleKey = JSON.stringify(rule ?? null);
  const sampleKey = JSON.stringify(sample);
  useEffect(() => {
    setEvaluation(null);
    if (!rule || (rule.kind === 'expression' && !rule.expression.trim())) return;
    let current = true;
    const timer = setTimeout(() => {
      evaluateRule(flowId, record, field, rule, sample).then(
        result => current && setEvaluation(result),
        error => current && setEvaluation({ value: null, error: { message: describeError(error), position: null } }),
      );
    }, EVALUATE_AFTER_MS);
    return () => { current = false; clearTimeout(timer); };
  }, [flowId, record, field, ruleKey, sampleKey]); // eslint-disable-line react-hooks/exhaustive-deps
  return evaluation;
}

export interface FieldRowProps {
  flowId: string; record: TargetRecord; field: TargetField; rule: MappingRule | undefined; suggestion: FieldSuggestion | undefined;
  rejected: boolean; sample: FlowSample; leaves: SourceLeaf[]; picked: string | null; readOnly: boolean;
  onRule: (rule: MappingRule | undefined) => void; onAccept: (path: string) => void; onReject: (path: string) => void;
  onDropPath: (path: string) => void; onError: (message: string | undefined) => void;
}

/**
 * One Sage Pro field: its type, width, whether it is required, what it means, and who sets it; the
 * rule that maps it (a source field picked from a list or dropped from the tree, a JSONata expression,
 * a constant) with its value on the sample or the field rule it breaks; and, unmapped, the suggestion.
 */
export const TargetFieldRow = (props: FieldRowProps) => {
  const { flowId, record, field, rule, suggestion, rejected, sample, leaves, picked, readOnly, onRule } = props;
  const owned = !!field.settleOwns;
  const [mode, setMode] = useState<Mode>(rule ? rule.kind : 'default');
  const [over, setOver] = useState(false);
  // A rule set from outside (accepted, dropped, saved) shows in its own mode.
  useEffect(() => { if (rule && rule.kind !== mode) setMode(rule.kind); }, [rule?.kind]); // eslint-disable-line react-hooks/exhaustive-deps
  const evaluation = useEvaluation(flowId, record, field.name, owned ? undefined : rule, sample);
  const error = evaluation?.error ?? null;
  useEffect(() => props.onError(rule && error ? error.message : undefined), [rule ? error?.message : undefined]); // eslint-disable-line react-hooks/exhaustive-deps

  const changeMode = (next: Mode) => { setMode(next); onRule(ruleFor(next, rule)); };
  const droppable = !readOnly && !owned;
  const offered = suggestion && !owned && !rule && !rejected ? suggestion : undefined;
  const pathLeaf = rule?.kind === 'path' ? leaves.find(l => l.path === rule.path) ?? null : null;

  return (
    <Box component="li" data-testid={`target-${field.name}`} aria-label={`Field ${field.name}`}
      onDragOver={droppable ? e => { if (draggedPath(e.dataTransfer)) { e.preventDefault(); setOver(true); } } : undefined}
      onDragLeave={() => setOver(false)}
      onDrop={droppable ? e => { e.preventDefault(); setOver(false); const path = e.dataTransfer.getData(PATH_TYPE) || e.dataTransfer.getData('text/plain'); if (path) props.onDropPath(path); } : undefined}
      sx={{
        listStyle: 'none', p: owned ? 1 : 1.5, mb: 1, border: 1, borderRadius: 1, borderStyle: over ? 'dashed' : 'solid',
        borderColor: over ? 'primary.main' : error && rule ? 'error.main' : 'divider', bgcolor: owned ? 'action.hover' : 'background.paper',
      }}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'baseline', flexWrap: 'wrap' }}>
        <Typography component="h3" variant="subtitle2" sx={{ fontFamily: 'monospace' }}>{field.name}</Typography>
        <Typography variant="caption" color="text.secondary">{field.table}.{field.name} · {field.typeText}</Typography>
        {field.required && <Chip size="small" label="required" color={owned ? 'default' : 'warning'} variant="outlined" sx={{ height: 18, fontSize: 11 }} />}
        {field.code && <Chip size="small" label={field.code === 'gl_account' ? 'a GL account of the company' : 'an ORDRSTAT code'} variant="outlined" sx={{ height: 18, fontSize: 11 }} />}
      </Stack>
      {owned ? (
        <Typography variant="caption" color="text.secondary" component="p" data-testid={`owned-${field.name}`}>{field.description}. Settle sets it, not a mapping: {field.settleOwns}</Typography>
      ) : (
        <>
        <Typography variant="body2">{field.description}</Typography>
        <Stack spacing={1} sx={{ mt: 1 }}>
          {readOnly ? (
            <Typography variant="body2" data-testid={`rule-${field.name}`}>
              {rule ? <>Mapped: <code>{ruleText(rule)}</code></> : <>Settle's default: {field.defaultValue ?? 'none'}</>}
            </Typography>
          ) : (
            <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'flex-start' }}>
              <TextField select size="small" label="Set by" value={mode} sx={{ minWidth: 170 }}
                slotProps={{ select: { native: true }, inputLabel: { shrink: true }, htmlInput: { 'aria-label': `How ${field.name} is set` } }}
                onChange={e => changeMode(e.target.value as Mode)}>
                {MODES.map(([value, text]) => <option key={value} value={value}>{text}</option>)}
                {mode === 'lookup' && <option value="lookup">Lookup table</option>}
              </TextField>
              {mode === 'path' && (
                <Autocomplete size="small" sx={{ flex: '1 1 220px', minWidth: 0 }} options={leaves} value={pathLeaf}
                  getOptionLabel={leaf => leaf.path} isOptionEqualToValue={(a, b) => a.path === b.path}
                  renderOption={({ key, ...rest }, leaf) => <li key={key} {...rest}><code>{leaf.path}</code>&nbsp;<Typography component="span" variant="caption" color="text.secondary">{leaf.format} · {leaf.samples[0] ?? ''}</Typography></li>}
                  onChange={(_, leaf) => onRule(leaf ? { kind: 'path', path: leaf.path } : undefined)}
                  renderInput={params => <TextField {...params} label={`Source for ${field.name}`} />} />
              )}
              {mode === 'constant' && (
                <TextField size="small" label={`Constant for ${field.name}`} sx={{ flex: '1 1 220px' }} value={rule?.kind === 'constant' ? String(rule.value ?? '') : ''}
                  onChange={e => onRule({ kind: 'constant', value: e.target.value })} />
              )}
              {mode === 'lookup' && rule && <Typography variant="body2"><code>{ruleText(rule)}</code> (edit it in the Advanced section)</Typography>}
              {mode === 'default' && <Typography variant="body2" color="text.secondary" sx={{ alignSelf: 'center' }}>Default: {field.defaultValue ?? 'none'}</Typography>}
            </Stack>
          )}
          {!readOnly && mode === 'expression' && (
            <ExpressionEditor label={`Expression for ${field.name}`} value={rule?.kind === 'expression' ? rule.expression : ''} leaves={leaves} error={error} readOnly={readOnly}
              onChange={text => onRule(text.trim() ? { kind: 'expression', expression: text } : undefined)} />
          )}
          {!readOnly && picked && picked !== (rule?.kind === 'path' ? rule.path : null) && (
            <Box><Button size="small" onClick={() => props.onDropPath(picked)}>Map {picked} here</Button></Box>
          )}
          {rule && evaluation && !error && (
            <Typography variant="body2" data-testid={`value-${field.name}`}>On the sample: <code>{valueText(evaluation.value)}</code></Typography>
          )}
          {rule && error && (
            <Typography variant="body2" color="error" role="alert" data-testid={`error-${field.name}`}>{error.message}</Typography>
          )}
          {offered && offered.suggestion && (
            <Box data-testid={`suggestion-${field.name}`} sx={{ p: 1, borderRadius: 1, bgcolor: 'action.hover' }}>
              <Typography variant="body2">
                Suggested: <code>{offered.suggestion.path}</code> <strong>{percent(offered.suggestion.confidence)}</strong> — {offered.suggestion.reason}
              </Typography>
              {!readOnly && (
                <Stack direction="row" spacing={1} sx={{ mt: 0.5 }}>
                  <Button size="small" variant="outlined" onClick={() => props.onAccept(offered.suggestion!.path)} aria-label={`Accept ${offered.suggestion.path} for ${field.name}`}>Accept</Button>
                  <Button size="small" onClick={() => props.onReject(offered.suggestion!.path)} aria-label={`Reject ${offered.suggestion.path} for ${field.name}`}>Reject</Button>
                </Stack>
              )}
            </Box>
          )}
          {offered && !offered.suggestion && (
            <Typography variant="body2" color="text.secondary" data-testid={`abstained-${field.name}`}>
              No good source{offered.candidates[0] ? ` (best: ${offered.candidates[0].path} at ${percent(offered.candidates[0].confidence)})` : ''}: leave Settle's default or map it yourself.
            </Typography>
          )}
          {suggestion && rejected && !rule && <Typography variant="caption" color="text.secondary">Suggestion rejected.</Typography>}
        </Stack>
        </>
      )}
    </Box>
  );
};
