import type { DataProvider, GetListParams, RaRecord } from 'react-admin';
import { ApiError } from '../graphql';
import { type DataMethod, type ListQuery, type ResourceModule, unsupported } from './resource';

export type Registry = Readonly<Record<string, ResourceModule>>;

/**
 * react-admin lets each caller name the record type it expects (`useGetOne<PayTraceConnection>(…)`),
 * while the registry's modules know the shape their documents select. This is the one place the two
 * meet, unchecked, as in any react-admin data provider.
 */
const forCaller = <T extends RaRecord>(record: RaRecord): T => record as T;

const listQuery = ({ pagination, sort, filter }: GetListParams): ListQuery => ({
  page: pagination?.page ?? 1,
  perPage: pagination?.perPage ?? 25,
  sort: sort ?? { field: 'id', order: 'ASC' },
  filter: filter ?? {},
});

/**
 * The react-admin DataProvider over a registry of resource modules, with `actions` (operations that
 * are not CRUD) alongside. A method a resource does not implement fails with a clear error.
 */
export function dataProviderFrom<Actions extends object>(registry: Registry, actions: Actions): DataProvider & Actions {
  const modules = new Map(Object.entries(registry));
  const moduleOf = (resource: string): ResourceModule => {
    const found = modules.get(resource);
    if (!found) throw new ApiError(`Unknown resource "${resource}"`, 'NOT_FOUND');
    return found;
  };
  /** The module's implementation of `method`, or the error saying the resource has none. */
  function implementation<M extends keyof ResourceModule & DataMethod>(resource: string, method: M): NonNullable<ResourceModule[M]> {
    const found = moduleOf(resource)[method];
    if (!found) throw unsupported(method, resource);
    return found;
  }

  const crud: DataProvider = {
    async getList(resource, params) {
      const page = await implementation(resource, 'getList')(listQuery(params));
      return { ...page, data: page.data.map(r => forCaller(r)) };
    },
    async getOne(resource, { id, meta }) {
      return { data: forCaller(await implementation(resource, 'getOne')(id, meta)) };
    },
    async getMany(resource, { ids }) {
      return { data: (await implementation(resource, 'getMany')(ids)).map(r => forCaller(r)) };
    },
    async getManyReference(resource, { target, id, ...params }) {
      const module = moduleOf(resource);
      if (!module.getList || !module.references?.includes(target)) throw unsupported('getManyReference', resource, `no reference by ${target}`);
      const query = listQuery(params);
      const page = await module.getList({ ...query, filter: { ...query.filter, [target]: id } });
      return { ...page, data: page.data.map(r => forCaller(r)) };
    },
    async create(resource, { data }) {
      return { data: forCaller(await implementation(resource, 'create')(data)) };
    },
    async update(resource, { id, data, previousData }) {
      return { data: forCaller(await implementation(resource, 'update')(id, data, previousData)) };
    },
    async delete(resource, { id, previousData }) {
      return { data: forCaller(await implementation(resource, 'delete')(id, previousData)) };
    },
    // The API has no bulk mutations; no list offers bulk actions.
    updateMany: async resource => { throw unsupported('updateMany', resource); },
    deleteMany: async resource => { throw unsupported('deleteMany', resource); },
  };
  return { ...crud, ...actions };
}
