import { Alert, Box, CircularProgress } from '@mui/material';
import { useGetList } from 'react-admin';
import { ALERT_KINDS } from './kinds';
import { RuleForm } from './RuleForm';

/** Every kind, with its rule when the tenant has one (one rule per kind). */
export const AlertRules = ({ canEdit }: { canEdit: boolean }) => {
  const { data, isPending, error } = useGetList('alertRules');
  if (isPending) return <Box sx={{ p: 3, display: 'flex', justifyContent: 'center' }}><CircularProgress size={24} /></Box>;
  if (error) return <Alert severity="error" sx={{ m: 2 }}>Could not read the rules: {error.message}</Alert>;
  return <>{ALERT_KINDS.map(kind => <RuleForm key={kind.id} kind={kind} rule={data?.find(r => r.kind === kind.id)} canEdit={canEdit} />)}</>;
};
