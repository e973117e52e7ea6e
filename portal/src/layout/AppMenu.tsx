import { Menu } from 'react-admin';
import CableIcon from '@mui/icons-material/Cable';
import PeopleIcon from '@mui/icons-material/People';
import KeyIcon from '@mui/icons-material/VpnKey';
import HistoryIcon from '@mui/icons-material/History';
import SettingsIcon from '@mui/icons-material/Settings';

export const AppMenu = () => (
  <Menu>
    <Menu.Item to="/connections" primaryText="Connections" leftIcon={<CableIcon />} />
    <Menu.Item to="/members" primaryText="Team" leftIcon={<PeopleIcon />} />
    <Menu.Item to="/apiKeys" primaryText="API keys" leftIcon={<KeyIcon />} />
    <Menu.Item to="/auditLog" primaryText="Audit log" leftIcon={<HistoryIcon />} />
    <Menu.Item to="/settings" primaryText="Settings" leftIcon={<SettingsIcon />} />
  </Menu>
);
