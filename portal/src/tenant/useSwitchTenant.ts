import { useState } from 'react';
import { useNotify } from 'react-admin';
import { AUTH_FIELDS, gql, setSession, type AuthPayload } from '../graphql';
import { resetCursors } from '../data';

const SWITCH = `mutation SwitchTenant($tenantId: ID!) { switchTenant(tenantId: $tenantId) { ${AUTH_FIELDS} } }`;

/** switchTenant → store the new token → full reload, so no cached data of the old tenant survives. */
export const useSwitchTenant = () => {
  const notify = useNotify();
  const [switching, setSwitching] = useState(false);
  const switchTenant = async (tenantId: string) => {
    setSwitching(true);
    try {
      const { switchTenant: payload } = await gql<{ switchTenant: AuthPayload }>(SWITCH, { tenantId });
      setSession(payload);
      resetCursors();
      window.location.reload();
    } catch (e) {
      setSwitching(false);
      notify(e instanceof Error ? e.message : 'Could not switch tenant', { type: 'error' });
    }
  };
  return { switchTenant, switching };
};
