import { useEffect, useMemo, useState } from 'react';
import { type Edge, ReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack, Typography, useMediaQuery } from '@mui/material';
import { useNotify } from 'react-admin';
import { ApiError } from '../../graphql';
import { describeError, diffVersions, type Flow, type FlowChange, type FlowDefinition, type FlowVersion, saveDraft } from '../api';
import { layoutFlow } from './layout';
import { addStep, changesByStep, flowTriggers, isOptional, KIND_TRIGGERS, moveStep, moveTarget, problemsByStep, removeStep, withStep } from './model';
import { ReleaseBar } from './ReleaseBar';
import { StepNode, type StepNodeType } from './StepNode';
import { StepPanel } from './StepPanel';

const NODE_TYPES = { step: StepNode };

/** A draft edit's outcome: saved, refused as stale (someone saved since), or refused with a reason. */
type Saving = { busy: boolean; conflict: boolean; error: string | null };

/**
 * The draft as a graph (trigger → filters → match → transform → validate → write → notifications,
 * branches as labelled edges), a side panel per step, the checks' problems on their steps, and a diff
 * against a version drawn on it. Editing needs an admin on a screen wider than a phone; otherwise it
 * is read only, stacked top to bottom on a phone.
 */
export const FlowCanvas = ({ flow, versions, canEdit, onChange }: { flow: Flow; versions: FlowVersion[]; canEdit: boolean; onChange: () => void }) => {
  const { draft } = flow;
  const definition = draft.definition;
  const notify = useNotify();
  const phone = useMediaQuery('(max-width:600px)');
  const readOnly = !canEdit || phone;
  const [open, setOpen] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [saving, setSaving] = useState<Saving>({ busy: false, conflict: false, error: null });
  const [compare, setCompare] = useState<{ version: FlowVersion; changes: FlowChange[] } | null>(null);

  // The diff is against the draft: it is drawn again whenever the draft changes.
  useEffect(() => {
    if (!compare) return;
    let current = true;
    diffVersions(compare.version.id, null).then(changes => current && setCompare(c => (c ? { ...c, changes } : c)), () => undefined);
    return () => { current = false; };
  }, [draft.revision]); // eslint-disable-line react-hooks/exhaustive-deps

  const triggers = flowTriggers(definition);
  const problems = useMemo(() => problemsByStep(definition, draft.problems), [definition, draft.problems]);
  const changes = useMemo(() => (compare ? changesByStep(compare.changes) : null), [compare]);
  const focusStep = (id: string) => setTimeout(() => document.querySelector<HTMLElement>(`[data-testid="step-${id}"]`)?.focus(), 0);
  const close = () => { if (open) focusStep(open); setOpen(null); };
  const askRemove = (id: string) => {
    const step = definition.steps.find(s => s.id === id);
    if (readOnly || !step) return;
    if (isOptional(step)) setRemoving(id);
    else notify(`Every flow has exactly one ${step.type} step: it cannot be removed`, { type: 'info' });
  };

  const { nodes, edges } = useMemo(() => {
    const layout = layoutFlow(definition, phone ? 'vertical' : 'horizontal');
    const nodes: StepNodeType[] = layout.nodes.map(n => ({
      id: n.id, type: 'step', position: { x: n.x, y: n.y },
      data: {
        step: n.step, branches: n.branches, partial: n.partial, problems: problems.steps.get(n.id) ?? [],
        changes: changes ? changes.get(n.id) ?? [] : null, selected: open === n.id, vertical: phone, onOpen: setOpen, onRemove: askRemove,
      },
    }));
    const edges: Edge[] = layout.edges.map(e => ({
      id: e.id, source: e.source, target: e.target, label: e.label, type: 'smoothstep',
      labelStyle: { fontSize: 11 }, labelBgPadding: [4, 2], style: { strokeWidth: e.label === 'all' ? 2 : 1.5 },
    }));
    return { nodes, edges };
    // askRemove only reads what the other dependencies already track.
  }, [definition, problems, changes, open, phone]); // eslint-disable-line react-hooks/exhaustive-deps

  async function save(next: FlowDefinition, done: string, then?: () => void) {
    setSaving({ busy: true, conflict: false, error: null });
    try {
      const saved = await saveDraft(flow.id, next, draft.revision);
      setSaving({ busy: false, conflict: false, error: null });
      notify(`${done} (revision ${saved.revision}${saved.problems.length ? `, ${saved.problems.length} problem${saved.problems.length > 1 ? 's' : ''} to fix` : ''})`, { type: 'success' });
      then?.();
      onChange();
    } catch (error) {
      const conflict = error instanceof ApiError && error.code === 'CONFLICT';
      setSaving({ busy: false, conflict, error: conflict ? null : describeError(error) });
    }
  }

  const step = definition.steps.find(s => s.id === open);
  const removingStep = definition.steps.find(s => s.id === removing);
  const removedSteps = compare?.changes.filter(c => c.change === 'removed' && c.stepId && c.path === c.stepId) ?? [];
  const height = phone ? definition.steps.length * 130 + 30 : 300;

  return (
    <Stack spacing={2} sx={{ p: 2 }} data-testid="flow-canvas"
      onKeyDown={e => { if (e.key === 'Escape' && open) { e.preventDefault(); close(); } }}>
      <ReleaseBar flow={flow} versions={versions} canEdit={canEdit && !phone} compare={compare} onCompare={setCompare} onChange={onChange} />
      {readOnly && <Typography variant="body2" color="text.secondary">{canEdit ? 'Read only on a phone: edit the flow on a wider screen.' : 'Read only: an owner or admin edits flows.'}</Typography>}
      {!readOnly && (
        <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
          <Button variant="outlined" size="small" disabled={saving.busy}
            onClick={() => { const added = addStep(definition, 'filter'); save(added.definition, 'Filter added', () => setOpen(added.id)); }}>
            Add a filter
          </Button>
          {flow.kind === 'payment_sync' && (
            <Button variant="outlined" size="small" disabled={saving.busy}
              onClick={() => { const added = addStep(definition, 'notify'); save(added.definition, 'Notification added', () => setOpen(added.id)); }}>
              Add a notification
            </Button>
          )}
        </Stack>
      )}
      {saving.conflict && (
        <Alert severity="warning" action={<Button size="small" onClick={() => { setSaving(s => ({ ...s, conflict: false })); onChange(); }}>Reload</Button>}>
          Someone saved since; reload to see their draft, then make your change again.
        </Alert>
      )}
      {saving.error && <Alert severity="error" onClose={() => setSaving(s => ({ ...s, error: null }))}>{saving.error}</Alert>}
      {problems.flow.length > 0 && (
        <Alert severity="error" data-testid="flow-problems">
          {problems.flow.map(p => <div key={p.path + p.message}>{p.message}</div>)}
        </Alert>
      )}
      {removedSteps.length > 0 && (
        <Alert severity="info">Removed since version {compare!.version.number}: {removedSteps.map(c => c.stepId).join(', ')}</Alert>
      )}
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'flex-start' }}>
        <Box role="group" aria-label="Flow steps" data-testid="flow-graph"
          sx={{ flex: '1 1 640px', minWidth: 0, height, border: 1, borderColor: 'divider', borderRadius: 1 }}>
          <ReactFlow key={`${definition.steps.length}-${phone}`} nodes={nodes} edges={edges} nodeTypes={NODE_TYPES} onNodeClick={(_, node) => setOpen(node.id)} fitView={!phone} fitViewOptions={{ minZoom: 0.65, maxZoom: 1, padding: 0.04 }}
            defaultViewport={phone ? { x: 6, y: 12, zoom: 1 } : undefined}
            nodesDraggable={false} nodesConnectable={false} nodesFocusable={false} edgesFocusable={false} elementsSelectable={false}
            deleteKeyCode={null} disableKeyboardA11y panOnDrag={!phone} zoomOnScroll={false} preventScrolling={false} zoomOnDoubleClick={false}
            minZoom={0.5} maxZoom={1.5} />
        </Box>
        {step && (
          <Box sx={{ flex: '1 1 380px', minWidth: 0, maxWidth: '100%' }}>
            <StepPanel key={step.id} step={step} kind={flow.kind} kindTriggers={KIND_TRIGGERS[flow.kind] ?? []} flowTriggers={triggers}
              problems={problems.steps.get(step.id) ?? []} changes={changes ? changes.get(step.id) ?? [] : null}
              compareLabel={compare ? `version ${compare.version.number}` : null}
              readOnly={readOnly} busy={saving.busy} removable={isOptional(step)}
              canMove={{ earlier: moveTarget(definition, step.id, -1) !== null, later: moveTarget(definition, step.id, 1) !== null }}
              onSave={change => save(withStep(definition, step.id, change), `Step ${step.name ?? step.id} saved`)}
              onMove={by => save(moveStep(definition, step.id, by), `Step ${step.name ?? step.id} moved`)}
              onRemove={() => askRemove(step.id)} onClose={close} />
          </Box>
        )}
      </Box>
      <Dialog open={!!removingStep} onClose={() => setRemoving(null)} aria-labelledby="remove-step-title">
        <DialogTitle id="remove-step-title">Remove the step {removingStep?.name ?? removingStep?.id}?</DialogTitle>
        <DialogContent><DialogContentText>The draft loses it; what runs changes only when a version without it is published and deployed.</DialogContentText></DialogContent>
        <DialogActions>
          <Button onClick={() => setRemoving(null)}>Keep it</Button>
          <Button color="error" variant="contained" disabled={saving.busy}
            onClick={() => { const id = removing!; setRemoving(null); save(removeStep(definition, id), `Step ${id} removed`, () => { if (open === id) setOpen(null); }); }}>
            Remove
          </Button>
        </DialogActions>
      </Dialog>
    </Stack>
  );
};
