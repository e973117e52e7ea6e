import { Alert, Box, CircularProgress, Link as MuiLink, Stack, Typography } from '@mui/material';
import { Title, usePermissions } from 'react-admin';
import { Link, useParams } from 'react-router-dom';
import { isAdminRole, isOperatorRole } from '../authProvider';
import { Section } from '../connections/Section';
import { describeError, type EnvironmentPairs, getFlow, listEnvironmentPairs, listPeople, listVersions, pendingPromotions } from './api';
import { DraftJson } from './canvas/DraftJson';
import { FlowCanvas } from './canvas/FlowCanvas';
import { Deployments } from './Deployments';
import { DraftEditor } from './DraftEditor';
import { PreviewPanel } from './PreviewPanel';
import { useLoad } from './useLoad';
import { VersionDiff } from './VersionDiff';
import { Versions } from './Versions';

async function loadFlowPage(id: string) {
  const [flow, versions, pending, people, pairs] = await Promise.all([
    getFlow(id),
    listVersions(id),
    pendingPromotions(id),
    listPeople().catch(() => new Map<string, string>()), // names are a nicety: a page without them still works
    // The pairs say where things run; a page that cannot read them still shows the flow, with the reason.
    listEnvironmentPairs().then(
      (read): { pairs: EnvironmentPairs | null; error: string | null } => ({ pairs: read, error: null }),
      (error: unknown) => ({ pairs: null, error: describeError(error) }),
    ),
  ]);
  return { flow, versions, pending, people, pairs };
}

/** /flows/:id: what each environment runs, the draft, the versions, a diff and a preview. */
export const FlowPage = () => {
  const { id = '' } = useParams();
  const { permissions } = usePermissions();
  const canEdit = isAdminRole(permissions);
  const canTestRun = isOperatorRole(permissions);
  const { data, error, loading, reload } = useLoad(() => loadFlowPage(id), id);

  return (
    <Stack spacing={4} sx={{ mt: 2, mb: 3 }}>
      <Title title={data ? `Flow: ${data.flow.name}` : 'Flow'} />
      <Box>
        <MuiLink component={Link} to="/flows">← All flows</MuiLink>
        {data && <Typography variant="h5" component="h1" sx={{ mt: 1 }}>{data.flow.name}</Typography>}
      </Box>
      {error ? <Alert severity="error">Could not read the flow: {describeError(error)}</Alert> : null}
      {loading && !data ? <CircularProgress size={24} aria-label="Loading the flow" /> : null}
      {data && (
        <>
          <Section title="Environments" description="What dev, qa and prod run, and the PayTrace account and Sage Pro company each binds. Roll back returns an environment to the version it ran before.">
            <Deployments flow={data.flow} pairs={data.pairs.pairs} pairsError={data.pairs.error} pending={data.pending} people={data.people} canEdit={canEdit} onChange={reload} />
          </Section>
          <Section title="Draft" description={`Revision ${data.flow.draft.revision}, drawn as a graph: click a step (or Tab to it and press Enter) to see and edit it. Saving changes nothing that runs; publishing makes a numbered version.`}>
            <FlowCanvas flow={data.flow} versions={data.versions} canEdit={canEdit} onChange={reload} />
          </Section>
          <Section title="Advanced" description="The draft's status map as a plain form, publishing with a comment, and the whole draft as JSON.">
            <DraftEditor flow={data.flow} canEdit={canEdit} onChange={reload} />
            <DraftJson flow={data.flow} canEdit={canEdit} onChange={reload} />
          </Section>
          <Section title="Versions" description="Immutable, newest first. dev takes any version; qa one that was in dev; prod one that was in qa.">
            <Versions flow={data.flow} versions={data.versions} people={data.people} canEdit={canEdit} onChange={reload} />
          </Section>
          <Section title="Compare" description="What changes, field by field, from one version to another or to the draft.">
            <VersionDiff versions={data.versions} />
          </Section>
          <Section title="Preview and test run" description="Preview runs a version on a sample and shows what it would write to Sage Pro, writing nothing anywhere. A test run sends the sample through dev's or qa's own sandbox pair, run by the version deployed there.">
            <PreviewPanel flow={data.flow} versions={data.versions} pairs={data.pairs.pairs} canTestRun={canTestRun} />
          </Section>
        </>
      )}
    </Stack>
  );
};
