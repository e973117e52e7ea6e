import { Button, CircularProgress } from '@mui/material';

export const SubmitButton = ({ label, loading }: { label: string; loading: boolean }) => (
  <Button type="submit" variant="contained" fullWidth disabled={loading} sx={{ mt: 2 }}
    startIcon={loading ? <CircularProgress size={16} color="inherit" /> : undefined}>
    {label}
  </Button>
);
