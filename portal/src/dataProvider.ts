import type { DataProvider, GetListParams, RaRecord } from 'react-admin';
import { ApiError, gql } from './graphql';

type Connection = { nodes: RaRecord[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };

const MEMBER = 'id role createdAt user { id email name }';
const INVITATION = 'id email role expiresAt acceptedAt createdAt';
const API_KEY = 'id name prefix scopes createdAt lastUsedAt revokedAt';
const AUDIT = 'id action actorUserId actorEmail actorPartnerId actorApiKeyId targetType targetId ip details createdAt';
const TENANT = 'id name timeZone baseCurrency createdAt';

const connection = (field: string, fields: string, extraArgs = '', extraVars = '') =>
  `query List($first: Int, $after: String${extraVars}) {
    ${field}(first: $first, after: $after${extraArgs}) { nodes { ${fields} } pageInfo { endCursor hasNextPage } }
  }`;

const LISTS: Record<string, { query: string; vars?: (filter: Record<string, unknown>) => object }> = {
  members: { query: connection('members', MEMBER) },
  invitations: { query: connection('invitations', INVITATION) },
  apiKeys: { query: connection('apiKeys', API_KEY) },
  auditLog: {
    query: connection('auditLog', AUDIT, ', action: $action', ', $action: String'),
    vars: f => ({ action: typeof f.action === 'string' && f.action.trim() ? f.action.trim() : null }),
  },
};

// ---- cursor pagination ----------------------------------------------------------------------
// react-admin numbers pages; the API pages with cursors. cursors[key][n] = endCursor of page n+1,
// where key = resource + perPage + filter, so page N is fetched with `after: endCursor(N-1)`.
const cursors = new Map<string, (string | null)[]>();
export const resetCursors = () => cursors.clear();

async function fetchPage(resource: string, filter: Record<string, unknown>, first: number, after: string | null) {
  const spec = LISTS[resource];
  if (!spec) throw new ApiError(`Unknown resource "${resource}"`, 'NOT_FOUND');
  const data = await gql<Record<string, Connection>>(spec.query, { first, after, ...spec.vars?.(filter) });
  return data[resource];
}

async function getList(resource: string, { pagination = { page: 1, perPage: 25 }, filter = {} }: GetListParams) {
  const { page, perPage } = pagination;
  const key = JSON.stringify([resource, perPage, filter]);
  const known = cursors.get(key) ?? [];
  cursors.set(key, known);
  // Deep link / reload on page N without cached cursors: walk forward from the last known page.
  for (let p = 1; p < page; p++) {
    if (known[p - 1] !== undefined) continue;
    const prev = await fetchPage(resource, filter, perPage, p === 1 ? null : known[p - 2]);
    known[p - 1] = prev.pageInfo.endCursor;
    if (!prev.pageInfo.hasNextPage) return { data: [], total: (p - 1) * perPage + prev.nodes.length, pageInfo: { hasNextPage: false, hasPreviousPage: true } };
  }
  const conn = await fetchPage(resource, filter, perPage, page > 1 ? known[page - 2] : null);
  known[page - 1] = conn.pageInfo.endCursor;
  const { hasNextPage } = conn.pageInfo;
  return {
    data: conn.nodes,
    // On the last page the exact total is known, which gives react-admin a correct "x-y of z" label.
    total: hasNextPage ? undefined : (page - 1) * perPage + conn.nodes.length,
    pageInfo: { hasNextPage, hasPreviousPage: page > 1 },
  };
}

// ---- mutations -------------------------------------------------------------------------------
const unsupported = (what: string, resource: string): never => {
  throw new ApiError(`${what} is not supported for "${resource}"`, 'BAD_REQUEST');
};

export const dataProvider: DataProvider = {
  getList: getList as DataProvider['getList'],

  async getOne(resource) {
    if (resource !== 'tenant') unsupported('getOne', resource);
    const { tenant } = await gql<{ tenant: RaRecord }>(`query Tenant { tenant { ${TENANT} } }`);
    return { data: tenant } as never;
  },

  async update(resource, { id, data, previousData }) {
    if (resource === 'members') {
      const r = await gql<{ changeRole: RaRecord }>(
        `mutation ChangeRole($id: ID!, $role: Role!) { changeRole(membershipId: $id, role: $role) { ${MEMBER} } }`,
        { id, role: data.role },
      );
      return { data: r.changeRole } as never;
    }
    if (resource === 'tenant') {
      const input: Record<string, string> = {};
      for (const f of ['name', 'timeZone', 'baseCurrency'] as const)
        if (data[f] !== undefined && data[f] !== previousData?.[f]) input[f] = String(data[f]).trim();
      const r = await gql<{ updateTenant: RaRecord }>(
        `mutation UpdateTenant($input: UpdateTenantInput!) { updateTenant(input: $input) { ${TENANT} } }`,
        { input },
      );
      return { data: r.updateTenant } as never;
    }
    return unsupported('update', resource);
  },

  async create(resource, { data }) {
    if (resource === 'invitations') {
      const r = await gql<{ invite: RaRecord }>(
        `mutation Invite($input: InviteInput!) { invite(input: $input) { ${INVITATION} } }`,
        { input: { email: String(data.email).trim(), role: data.role } },
      );
      return { data: r.invite } as never;
    }
    if (resource === 'apiKeys') {
      const r = await gql<{ createApiKey: { apiKey: RaRecord; secret: string } }>(
        `mutation CreateApiKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { ${API_KEY} } } }`,
        { input: { name: String(data.name).trim(), scopes: data.scopes } },
      );
      // The secret is returned once; callers must not persist it.
      return { data: { ...r.createApiKey.apiKey, secret: r.createApiKey.secret } } as never;
    }
    return unsupported('create', resource);
  },

  async delete(resource, { id, previousData }) {
    if (resource === 'members') {
      await gql(`mutation RemoveMember($id: ID!) { removeMember(membershipId: $id) }`, { id });
      return { data: previousData ?? { id } } as never;
    }
    if (resource === 'apiKeys') {
      const r = await gql<{ revokeApiKey: RaRecord }>(
        `mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { ${API_KEY} } }`,
        { id },
      );
      return { data: r.revokeApiKey } as never;
    }
    return unsupported('delete', resource);
  },

  getMany: async resource => unsupported('getMany', resource),
  getManyReference: async resource => unsupported('getManyReference', resource),
  updateMany: async resource => unsupported('updateMany', resource),
  deleteMany: async resource => unsupported('deleteMany', resource),
};
