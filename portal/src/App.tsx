import { Admin, Authenticated, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { authProvider } from './authProvider';
import { dataProvider } from './data';
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
import { SageProConnectionCreate } from './connections/sagepro/SageProConnectionCreate';
import { SageProConnectionDetail } from './connections/sagepro/SageProConnectionDetail';
import { EventList } from './events/EventList';
import { EventShow } from './events/EventShow';
import { DeadLetterList } from './deadLetters/DeadLetterList';
import { ReviewList } from './manualReviews/ReviewList';
import { IntegrationList } from './integrations/IntegrationList';
import { IntegrationCreate } from './integrations/IntegrationCreate';
import { IntegrationEdit } from './integrations/IntegrationEdit';
import { WebhookEndpointList } from './webhookEndpoints/WebhookEndpointList';
import { AlertsPage } from './alerts/AlertsPage';
import { FlowList } from './flows/FlowList';
import { FlowPage } from './flows/FlowPage';
import { MapperPage } from './flows/mapper/MapperPage';
import { RatesPage } from './rates/RatesPage';
import { ReconciliationPage } from './reconciliation/ReconciliationPage';
import { ReportPage } from './reconciliation/ReportPage';

const theme = { palette: { mode: 'light' as const } }; // plain MUI defaults

export const App = () => (
  <Admin title="Settle" dataProvider={dataProvider} authProvider={authProvider} loginPage={LoginPage}
    layout={AppLayout} theme={theme} darkTheme={null} disableTelemetry>
    <Resource name="members" list={TeamPage} options={{ label: 'Team' }} />
    <Resource name="invitations" />
    <Resource name="connections" list={ConnectionList} create={ConnectionCreate} edit={ConnectionDetail}
      options={{ label: 'Connections' }} recordRepresentation="name" />
    <Resource name="transactionChanges" />
    {/* Listed on the Connections page; its pages are the /connections/sagepro/* routes below. */}
    <Resource name="sageProConnections" recordRepresentation="name" />
    {/* Events are syncEvents in the API; their pages are /events and /events/:id/show. */}
    <Resource name="events" list={EventList} show={EventShow} options={{ label: 'Events' }} />
    <Resource name="deadLetters" list={DeadLetterList} options={{ label: 'Dead letters' }} />
    <Resource name="manualReviews" list={ReviewList} options={{ label: 'Manual review' }} />
    <Resource name="integrations" list={IntegrationList} create={IntegrationCreate} edit={IntegrationEdit}
      options={{ label: 'Integrations' }} recordRepresentation="name" />
    <Resource name="webhookEndpoints" list={WebhookEndpointList} options={{ label: 'Webhook endpoints' }} recordRepresentation="name" />
    <Resource name="alerts" list={AlertsPage} options={{ label: 'Alerts' }} />
    <Resource name="alertRules" />
    <Resource name="alertChannels" recordRepresentation="name" />
    <Resource name="apiKeys" list={ApiKeyList} options={{ label: 'API keys' }} />
    <Resource name="auditLog" list={AuditLogList} options={{ label: 'Audit log' }} />
    <CustomRoutes>
      <Route path="/settings" element={<Authenticated><TenantSettings /></Authenticated>} />
      {/* Flows call GraphQL themselves (flows/api.ts): versions, promotions and previews are not dataProvider records. */}
      <Route path="/flows" element={<Authenticated><FlowList /></Authenticated>} />
      <Route path="/flows/:id" element={<Authenticated><FlowPage /></Authenticated>} />
      <Route path="/flows/:id/mapper" element={<Authenticated><MapperPage /></Authenticated>} />
      <Route path="/rates" element={<Authenticated><RatesPage /></Authenticated>} />
      <Route path="/reconciliation" element={<Authenticated><ReconciliationPage /></Authenticated>} />
      <Route path="/reconciliation/:id" element={<Authenticated><ReportPage /></Authenticated>} />
      {/* More specific than the connections resource's /connections/:id, so these win. */}
      <Route path="/connections/sagepro/create" element={<Authenticated><SageProConnectionCreate /></Authenticated>} />
      <Route path="/connections/sagepro/:id" element={<Authenticated><SageProConnectionDetail /></Authenticated>} />
    </CustomRoutes>
    <CustomRoutes noLayout>
      <Route path="/sign-up" element={<SignUpPage />} />
      <Route path="/accept-invitation" element={<AcceptInvitationPage />} />
    </CustomRoutes>
  </Admin>
);
