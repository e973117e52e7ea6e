import type { ReactNode } from 'react';
import { Box, Typography } from '@mui/material';
import { AppBar, Layout, TitlePortal, useGetIdentity } from 'react-admin';
import type { Identity } from '../authProvider';
import { ChooseTenant } from '../tenant/ChooseTenant';
import { TenantSwitcher } from '../tenant/TenantSwitcher';
import { AppMenu } from './AppMenu';

const SettleAppBar = () => (
  <AppBar color="primary">
    <Typography variant="h6" component="span" sx={{ fontWeight: 700, mr: 2 }}>Settle</Typography>
    <TitlePortal />
    <Box sx={{ flex: 1 }} />
    <TenantSwitcher />
  </AppBar>
);

/** Default react-admin layout; pages are replaced by a tenant picker while no tenant is selected. */
export const AppLayout = ({ children }: { children: ReactNode }) => {
  const { identity } = useGetIdentity();
  const me = (identity as Identity | undefined)?.me;
  return (
    <Layout appBar={SettleAppBar} menu={AppMenu}>
      {me && !me.tenant ? <ChooseTenant me={me} /> : children}
    </Layout>
  );
};
