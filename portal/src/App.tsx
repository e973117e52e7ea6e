import { Admin, Authenticated, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { authProvider } from './authProvider';
import { dataProvider } from './dataProvider';
import { AppLayout } from './layout/AppLayout';
import { LoginPage } from './auth/LoginPage';
import { SignUpPage } from './auth/SignUpPage';
import { AcceptInvitationPage } from './auth/AcceptInvitationPage';
import { TeamPage } from './team/TeamPage';
import { ApiKeyList } from './apiKeys/ApiKeyList';
import { AuditLogList } from './auditLog/AuditLogList';
import { TenantSettings } from './tenant/TenantSettings';
import { ConnectionList } from './connections/ConnectionList';
import { ConnectionCreate } from './connections/ConnectionCreate';
import { ConnectionDetail } from './connections/ConnectionDetail';

const theme = { palette: { mode: 'light' as const } }; // plain MUI defaults

export const App = () => (
  <Admin title="Settle" dataProvider={dataProvider} authProvider={authProvider} loginPage={LoginPage}
    layout={AppLayout} theme={theme} darkTheme={null} disableTelemetry>
    <Resource name="members" list={TeamPage} options={{ label: 'Team' }} />
    <Resource name="invitations" />
    <Resource name="connections" list={ConnectionList} create={ConnectionCreate} edit={ConnectionDetail}
      options={{ label: 'Connections' }} recordRepresentation="name" />
    <Resource name="transactionChanges" />
    <Resource name="apiKeys" list={ApiKeyList} options={{ label: 'API keys' }} />
    <Resource name="auditLog" list={AuditLogList} options={{ label: 'Audit log' }} />
    <CustomRoutes>
      <Route path="/settings" element={<Authenticated><TenantSettings /></Authenticated>} />
    </CustomRoutes>
    <CustomRoutes noLayout>
      <Route path="/sign-up" element={<SignUpPage />} />
      <Route path="/accept-invitation" element={<AcceptInvitationPage />} />
    </CustomRoutes>
  </Admin>
);
