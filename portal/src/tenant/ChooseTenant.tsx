import { Button, Card, CardContent, Stack, Typography } from '@mui/material';
import { Title } from 'react-admin';
import type { Me } from '../graphql';
import { roleName } from '../team/roles';
import { useSwitchTenant } from './useSwitchTenant';

/** Shown instead of the page when the session has no current tenant (e.g. a partner right after sign-in). */
export const ChooseTenant = ({ me }: { me: Me }) => {
  const { switchTenant, switching } = useSwitchTenant();
  return (
    <Card sx={{ mt: 2, maxWidth: 520 }}>
      <Title title="Choose a tenant" />
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>Choose a tenant</Typography>
        {me.tenants.length === 0
          ? <Typography color="text.secondary">You do not have access to any tenant yet.</Typography>
          : (
            <Stack spacing={1}>
              {me.tenants.map(t => (
                <Button key={t.tenant.id} variant="outlined" disabled={switching} onClick={() => switchTenant(t.tenant.id)}
                  sx={{ justifyContent: 'space-between' }}>
                  <span>{t.tenant.name}</span><span>{roleName(t.role)}</span>
                </Button>
              ))}
            </Stack>
          )}
      </CardContent>
    </Card>
  );
};
