import { Menu } from 'react-admin';
import CableIcon from '@mui/icons-material/Cable';
import PeopleIcon from '@mui/icons-material/People';
import KeyIcon from '@mui/icons-material/VpnKey';
import HistoryIcon from '@mui/icons-material/History';
import SettingsIcon from '@mui/icons-material/Settings';
import ListAltIcon from '@mui/icons-material/ListAlt';
import ReportIcon from '@mui/icons-material/Report';
import RuleIcon from '@mui/icons-material/Rule';
import SyncAltIcon from '@mui/icons-material/SyncAlt';
import WebhookIcon from '@mui/icons-material/Webhook';
import NotificationsIcon from '@mui/icons-material/Notifications';
import AccountTreeIcon from '@mui/icons-material/AccountTree';
import CurrencyExchangeIcon from '@mui/icons-material/CurrencyExchange';
import BalanceIcon from '@mui/icons-material/Balance';

export const AppMenu = () => (
  <Menu>
    <Menu.Item to="/events" primaryText="Events" leftIcon={<ListAltIcon />} />
    <Menu.Item to="/deadLetters" primaryText="Dead letters" leftIcon={<ReportIcon />} />
    <Menu.Item to="/manualReviews" primaryText="Manual review" leftIcon={<RuleIcon />} />
    <Menu.Item to="/connections" primaryText="Connections" leftIcon={<CableIcon />} />
    <Menu.Item to="/integrations" primaryText="Integrations" leftIcon={<SyncAltIcon />} />
    <Menu.Item to="/flows" primaryText="Flows" leftIcon={<AccountTreeIcon />} />
    <Menu.Item to="/reconciliation" primaryText="Reconciliation" leftIcon={<BalanceIcon />} />
    <Menu.Item to="/rates" primaryText="Exchange rates" leftIcon={<CurrencyExchangeIcon />} />
    <Menu.Item to="/webhookEndpoints" primaryText="Webhook endpoints" leftIcon={<WebhookIcon />} />
    <Menu.Item to="/alerts" primaryText="Alerts" leftIcon={<NotificationsIcon />} />
    <Menu.Item to="/members" primaryText="Team" leftIcon={<PeopleIcon />} />
    <Menu.Item to="/apiKeys" primaryText="API keys" leftIcon={<KeyIcon />} />
    <Menu.Item to="/auditLog" primaryText="Audit log" leftIcon={<HistoryIcon />} />
    <Menu.Item to="/settings" primaryText="Settings" leftIcon={<SettingsIcon />} />
  </Menu>
);
