import type { RaRecord } from 'react-admin';
import { gql } from '../../graphql';
import { connectionDocument, cursorList } from '../lists';
import { type ResourceModule, text } from '../resource';

const API_KEY = 'id name prefix scopes createdAt lastUsedAt revokedAt';
const AUDIT = 'id action actorUserId actorEmail actorPartnerId actorApiKeyId targetType targetId ip details createdAt';

/** apiKeys: list, create (its secret comes back once), revoke (delete: the key stays listed as revoked). */
export const apiKeys: ResourceModule = {
  ...cursorList({ document: connectionDocument('apiKeys', API_KEY), field: 'apiKeys' }),
  async create(data) {
    const r = await gql<{ createApiKey: { apiKey: RaRecord; secret: string } }>(
      `mutation CreateApiKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { ${API_KEY} } } }`,
      { input: { name: text(data.name) ?? '', scopes: data.scopes } },
    );
    // The secret is returned once; callers must not persist it.
    return { ...r.createApiKey.apiKey, secret: r.createApiKey.secret };
  },
  async delete(id) {
    const r = await gql<{ revokeApiKey: RaRecord }>(`mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { ${API_KEY} } }`, { id });
    return r.revokeApiKey;
  },
};

/** auditLog: read only, filtered by action. */
export const auditLog: ResourceModule = cursorList({
  document: connectionDocument('auditLog', AUDIT, { action: 'String' }),
  field: 'auditLog',
  variables: f => ({ action: text(f.action) }),
});
