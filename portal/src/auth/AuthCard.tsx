import type { ReactNode } from 'react';
import { Alert, Box, Card, CardContent, Typography } from '@mui/material';

/** Centered card shared by the sign-in, sign-up and accept-invitation pages. */
export const AuthCard = ({ title, error, children, footer }: {
  title: string; error?: string | null; children: ReactNode; footer?: ReactNode;
}) => (
  <Box component="main" sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: 'grey.100', p: 2 }}>
    <Card sx={{ width: 380, maxWidth: '100%' }}>
      <CardContent>
        <Typography variant="h5" component="p" sx={{ fontWeight: 700, color: 'primary.main' }}>Settle</Typography>
        <Typography variant="h6" component="h1" sx={{ mb: 1 }}>{title}</Typography>
        {error && <Alert severity="error" sx={{ my: 1 }} role="alert">{error}</Alert>}
        {children}
        {footer && <Box sx={{ mt: 2, textAlign: 'center' }}>{footer}</Box>}
      </CardContent>
    </Card>
  </Box>
);
