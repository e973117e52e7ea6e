import type { RaRecord } from 'react-admin';
import { gql } from '../../graphql';
import type { FormValues, ResourceModule } from '../resource';

const TENANT = 'id name timeZone baseCurrency prodPromotionNeedsApproval suggestionsMaySendSamples createdAt';
const SWITCHES = ['prodPromotionNeedsApproval', 'suggestionsMaySendSamples'] as const;

/** The tenant the session acts in: one record, whatever the id (the settings page reads and saves it). */
export const tenant: ResourceModule = {
  async getOne() {
    return (await gql<{ tenant: RaRecord }>(`query Tenant { tenant { ${TENANT} } }`)).tenant;
  },
  async update(_id, data, previous) {
    const input: FormValues = {};
    for (const f of ['name', 'timeZone', 'baseCurrency'] as const)
      if (data[f] !== undefined && data[f] !== previous?.[f]) input[f] = String(data[f]).trim();
    for (const f of SWITCHES) if (typeof data[f] === 'boolean' && data[f] !== previous?.[f]) input[f] = data[f];
    const r = await gql<{ updateTenant: RaRecord }>(
      `mutation UpdateTenant($input: UpdateTenantInput!) { updateTenant(input: $input) { ${TENANT} } }`,
      { input },
    );
    return r.updateTenant;
  },
};
